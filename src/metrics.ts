// Powertools metrics (EMF) for the Lambda; tracing is in src/tracing.ts.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
// The slim spec: only the operationIds by path and method are read here (the full document is not bundled).
import spec from '../generated/runtimeSpec.json' with { type: 'json' };

const SERVICE = 'users-api';

const paths = spec.paths as Record<string, Record<string, { operationId?: string } | undefined>>;

/** The operationId API Gateway routed to, from the route template it reports (REST resourcePath, HTTP API routeKey). */
export function operationOf(method: string, routeTemplate: string | undefined): string {
  if (routeTemplate === undefined) return 'unmatched';
  const route = routeTemplate.includes(' ') ? routeTemplate.slice(routeTemplate.indexOf(' ') + 1) : routeTemplate;
  // A HEAD runs its path's GET operation (src/api.ts), so it is counted as that operation.
  const routed = method === 'HEAD' ? 'get' : method.toLowerCase();
  return paths[route]?.[routed]?.operationId ?? (method === 'OPTIONS' ? 'preflight' : 'unmatched');
}

export const statusClass = (statusCode: number) => `${Math.floor(statusCode / 100)}xx`;

export type RequestRecorder = (operation: string, statusCode: number, durationMs: number) => void;

/**
 * One EMF document per request: Requests, Latency and ServerErrors (1 for a 5xx, else 0) by operation and status
 * class, and again by function version. API Gateway's metrics have no version; the canary's rollback alarms watch
 * the new version's answers here (infra/lib/constructs/CanaryAlarms.ts).
 */
export function createRequestRecorder(metrics: Metrics, functionVersion?: string): RequestRecorder {
  return (operation, statusCode, durationMs) => {
    // Emits only on the first request of an on-demand Lambda environment (Powertools tracks it).
    metrics.captureColdStartMetric();
    // Dimensions are cleared by each publish, so every request gets exactly its own.
    metrics.addDimensions({ operation, statusClass: statusClass(statusCode) });
    if (functionVersion !== undefined) metrics.addDimensions({ version: functionVersion });
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, durationMs);
    metrics.addMetric('ServerErrors', MetricUnit.Count, statusCode >= 500 ? 1 : 0);
    metrics.publishStoredMetrics();
  };
}

/** The Lambda's recorder; the namespace comes from POWERTOOLS_METRICS_NAMESPACE set by the stack. */
export const lambdaMetrics = () => new Metrics({ serviceName: SERVICE });
