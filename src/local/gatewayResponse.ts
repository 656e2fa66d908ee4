// A gateway response of the imported document (the builder the stack uses), rendered as API Gateway sends it.
import { gatewayAllowOrigin, problemGatewayResponses } from '../apiGateway/gatewayResponses.js';

interface GatewayResponseTemplate {
  statusCode: string;
  responseParameters: Record<string, string>;
  responseTemplates: { 'application/json': string };
}

export interface RenderedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const HEADER_PREFIX = 'gatewayresponse.header.';

/** Renders one response type (e.g. INTEGRATION_TIMEOUT) for a request: literal headers, `$context.requestId` filled in. */
export function gatewayResponseRenderer(type: string, corsAllowedOrigins: readonly string[]) {
  const responses = problemGatewayResponses({ allowOrigin: gatewayAllowOrigin(corsAllowedOrigins) });
  const template = responses[type] as GatewayResponseTemplate | undefined;
  if (template === undefined) throw new Error(`the imported document has no ${type} gateway response`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.responseParameters)) {
    if (name.startsWith(HEADER_PREFIX)) headers[name.slice(HEADER_PREFIX.length)] = value.replace(/^'|'$/g, '');
  }
  const body = template.responseTemplates['application/json'];
  return (requestId: string): RenderedResponse => ({
    statusCode: Number(template.statusCode),
    headers,
    body: body.replaceAll('$context.requestId', requestId),
  });
}
