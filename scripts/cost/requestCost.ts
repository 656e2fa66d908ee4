// What a request of each operation costs on a stage, and a month of a traffic mix with the idle cost included.
// From what `npm run cost` measured on the real code path (scripts/cost/measureOperations.ts) and the price table.
import type { CfnTemplate } from './idleCost.js';
import { type PriceName, priceSources, prices } from './prices.js';

/** What one request of an operation used, measured locally (medians and means over repeated requests). */
export interface OperationMeasure {
  /** The row's name: the operationId, and the variant when it matters (e.g. "createUser/idempotencyKey"). */
  readonly operation: string;
  /** Method and path template, for the reader. */
  readonly route: string;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Conditional writes refused per request: billed by DynamoDB, not in the units (capacity.ts). */
  readonly refusedWrites: number;
  /** CPU time of the handler in this process (median), which Lambda's memory setting scales. */
  readonly cpuMs: number;
  /** The rest of the handler's wall time (median): waiting on DynamoDB (Local here), which memory does not scale. */
  readonly waitMs: number;
  /** Bytes the handler wrote to stdout and stderr (the function's log group). */
  readonly lambdaLogBytes: number;
  /** Bytes of the access-log line API Gateway writes for it. */
  readonly accessLogBytes: number;
  /**
   * What it goes through: API Gateway to the Lambda (an operation), S3 to the Lambda (a client's upload to S3, which
   * S3 notifies the Lambda of), or S3 alone (a client's download from S3).
   */
  readonly entry: Entry;
  /** S3 requests per request by kind (POST, GET, HEAD, DELETE, LIST, ...), as the local S3 received them. */
  readonly s3Requests: Readonly<Record<string, number>>;
  /** Avatars S3 sends to the internet per request (priced at the stage's avatar size). */
  readonly objectsOut: number;
}

export type Entry = 'gateway' | 's3-event' | 's3';

/** What a stage's template says about per-request charges. */
export interface StageFacts {
  readonly name: string;
  readonly memoryMb: number;
  /** A WAF web ACL inspects every request. */
  readonly waf: boolean;
  /** Active tracing records sampled requests (API Gateway stage and Lambda). */
  readonly xray: boolean;
  /** The monthly bill with no request (scripts/cost/idleCost.ts). */
  readonly idleUsd: number;
  /** Part of idleUsd an HTTP API would not have (WAF, REST API cache). */
  readonly restOnlyIdleUsd: number;
  /** The largest avatar the stage accepts (the function's AVATAR_MAX_BYTES). */
  readonly avatarMaxBytes: number;
  /** The size storage and downloads are priced at: avatarMaxBytes (an upper bound) unless told otherwise. */
  readonly avatarBytes: number;
}

/**
 * Lambda gives a function one vCPU at 1,769 MB and a share in proportion below it:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
export const FULL_VCPU_MB = 1769;
/** The default X-Ray sampling rule records the first request each second and 5% of the rest. */
export const XRAY_SAMPLED_SHARE = 0.05;
/**
 * Lambda's own lines per invocation in the text log format (START, END, REPORT with its XRAY part), at their usual
 * length: https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export const LAMBDA_PLATFORM_LOG_BYTES = [
  'START RequestId: 3f6f1c9a-5b0e-4b8e-9d2a-7c1e0f4a2b6d Version: 12\n',
  'END RequestId: 3f6f1c9a-5b0e-4b8e-9d2a-7c1e0f4a2b6d\n',
  'REPORT RequestId: 3f6f1c9a-5b0e-4b8e-9d2a-7c1e0f4a2b6d\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 98 MB\t\n',
  'XRAY TraceId: 1-5759e988-bd862e3fe1be46a994272793\tSegmentId: 53995c3f42cd8ad8\tSampled: true\t\n',
].reduce((sum, line) => sum + Buffer.byteLength(line), 0);
const BYTES_PER_GB = 1024 ** 3;
const SECONDS_PER_MONTH = 730 * 3600;

/** One billed part of a request, in USD per million requests. */
export interface CostPart {
  readonly part: string;
  readonly usdPerMillion: number;
  readonly prices: readonly PriceName[];
}

/** Lambda's billed milliseconds at `memoryMb`: CPU time stretched by the vCPU share, waits as they are, rounded up. */
export function billedMs(cpuMs: number, waitMs: number, memoryMb: number): number {
  return Math.ceil(cpuMs * Math.max(1, FULL_VCPU_MB / memoryMb) + waitMs);
}

const million = 1_000_000;

/**
 * S3 bills PUT, COPY, POST and LIST at one price and GET, HEAD and all other requests at another; DELETE is free.
 * https://aws.amazon.com/s3/pricing/ (prices.ts)
 */
export function s3RequestPrice(kind: string): 's3PutRequests' | 's3GetRequests' | undefined {
  if (kind === 'DELETE') return undefined;
  return ['PUT', 'COPY', 'POST', 'LIST'].includes(kind) ? 's3PutRequests' : 's3GetRequests';
}

/** The S3 request charges of one request of the operation, per million. */
function s3RequestsPart(m: OperationMeasure): CostPart {
  let usdPerMillion = 0;
  const used = new Set<PriceName>();
  for (const [kind, count] of Object.entries(m.s3Requests)) {
    const name = s3RequestPrice(kind);
    if (name === undefined || count === 0) continue;
    used.add(name);
    // Priced per thousand requests.
    usdPerMillion += count * 1000 * prices[name].usd;
  }
  return { part: 'S3 requests', usdPerMillion, prices: [...used] };
}

/** The parts of one request's bill on a stage, per million requests of the operation. */
export function requestCost(m: OperationMeasure, stage: StageFacts): CostPart[] {
  const gateway = m.entry === 'gateway';
  const lambda = m.entry !== 's3';
  const s3 = Object.keys(m.s3Requests).length > 0;
  const gbSeconds = (billedMs(m.cpuMs, m.waitMs, stage.memoryMb) / 1000) * (stage.memoryMb / 1024);
  const loggedBytes = m.lambdaLogBytes + LAMBDA_PLATFORM_LOG_BYTES + m.accessLogBytes;
  const gatewayParts: CostPart[] = [
    { part: 'API Gateway (REST)', usdPerMillion: prices.restApiRequests.usd, prices: ['restApiRequests'] },
    ...(stage.waf ? [{ part: 'WAF', usdPerMillion: prices.wafRequests.usd, prices: ['wafRequests'] as const }] : []),
  ];
  const lambdaParts: CostPart[] = [
    {
      part: 'Lambda',
      usdPerMillion: prices.lambdaRequests.usd + million * gbSeconds * prices.lambdaArmGbSecond.usd,
      prices: ['lambdaRequests', 'lambdaArmGbSecond'],
    },
    {
      part: 'DynamoDB',
      usdPerMillion:
        m.readUnits * prices.dynamoReadRequestUnits.usd +
        (m.writeUnits + m.refusedWrites) * prices.dynamoWriteRequestUnits.usd,
      prices: ['dynamoReadRequestUnits', 'dynamoWriteRequestUnits'],
    },
    {
      part: 'CloudWatch Logs',
      usdPerMillion: ((million * loggedBytes) / BYTES_PER_GB) * prices.logsIngested.usd,
      prices: ['logsIngested'],
    },
    ...(stage.xray
      ? [
          {
            part: 'X-Ray',
            usdPerMillion: XRAY_SAMPLED_SHARE * prices.xrayTracesRecorded.usd,
            prices: ['xrayTracesRecorded'] as const,
          },
        ]
      : []),
  ];
  const transferOut: CostPart = {
    part: 'Data transfer out',
    usdPerMillion: ((million * m.objectsOut * stage.avatarBytes) / BYTES_PER_GB) * prices.dataTransferOut.usd,
    prices: ['dataTransferOut'],
  };
  return [
    ...(gateway ? gatewayParts : []),
    ...(lambda ? lambdaParts : []),
    ...(s3 ? [s3RequestsPart(m)] : []),
    ...(m.objectsOut > 0 ? [transferOut] : []),
  ];
}

/** Avatars kept in the bucket through a month, at the stage's avatar size (S3 Standard; no lifecycle expires them). */
export function storageUsd(storedAvatars: number, stage: StageFacts): number {
  return ((storedAvatars * stage.avatarBytes) / BYTES_PER_GB) * prices.s3StandardStorage.usd;
}

export const totalPerMillion = (parts: readonly CostPart[]) => parts.reduce((sum, p) => sum + p.usdPerMillion, 0);

/** Traces the default sampling rule records in a month of `requests` spread evenly: 1 a second, then 5%. */
export function tracesRecorded(requests: number): number {
  const reservoir = Math.min(requests, SECONDS_PER_MONTH);
  return reservoir + XRAY_SAMPLED_SHARE * (requests - reservoir);
}

/** A traffic mix: requests per month of each operation (a row name of the measures). */
export type TrafficMix = Readonly<Record<string, number>>;

export interface MonthlyCost {
  readonly requests: number;
  readonly idleUsd: number;
  /** Everything billed per request, X-Ray by the sampling rule's reservoir and rate. */
  readonly usageUsd: number;
  /** The avatars kept in S3 through the month. */
  readonly storageUsd: number;
  readonly totalUsd: number;
  /** The same month behind an HTTP API: no WAF, no REST cache, HTTP API request prices. */
  readonly httpApiTotalUsd: number;
}

/** A month of `mix` on a stage with `storedAvatars` in the bucket, list prices before free tiers. */
export function monthlyCost(
  measures: readonly OperationMeasure[],
  stage: StageFacts,
  mix: TrafficMix,
  storedAvatars = 0,
): MonthlyCost {
  let usageUsd = 0;
  let httpApiUsageUsd = 0;
  let requests = 0;
  let traced = 0;
  for (const [operation, count] of Object.entries(mix)) {
    const measure = measures.find((m) => m.operation === operation);
    if (measure === undefined) {
      throw new Error(`no measured operation "${operation}": one of ${measures.map((m) => m.operation).join(', ')}`);
    }
    const parts = requestCost(measure, { ...stage, xray: false });
    const perRequest = totalPerMillion(parts) / million;
    usageUsd += count * perRequest;
    // HTTP API: its own request price, no WAF; the rest of the request is the same Lambda, table and logs. What
    // does not pass the gateway (a client's upload to S3 or download from it) costs the same either way.
    const gatewayAndWaf = parts.filter((p) => p.part === 'API Gateway (REST)' || p.part === 'WAF');
    const httpApiRequest = measure.entry === 'gateway' ? prices.httpApiRequests.usd / million : 0;
    httpApiUsageUsd += count * (perRequest - totalPerMillion(gatewayAndWaf) / million + httpApiRequest);
    requests += count;
    if (measure.entry !== 's3') traced += count;
  }
  // What the Lambda runs is traced (a notification too); a client's download from S3 is not.
  const xrayUsd = stage.xray ? (tracesRecorded(traced) / million) * prices.xrayTracesRecorded.usd : 0;
  usageUsd += xrayUsd;
  // HTTP APIs are traced only from the Lambda on: the same traces, recorded by the function's active tracing.
  httpApiUsageUsd += xrayUsd;
  const stored = storageUsd(storedAvatars, stage);
  return {
    requests,
    idleUsd: stage.idleUsd,
    usageUsd,
    storageUsd: stored,
    totalUsd: stage.idleUsd + usageUsd + stored,
    httpApiTotalUsd: stage.idleUsd - stage.restOnlyIdleUsd + httpApiUsageUsd + stored,
  };
}

/** Reads a mix such as `getUser=6000000,listUsers=2000000` (requests per month). */
export function parseMix(text: string): TrafficMix {
  const mix: Record<string, number> = {};
  for (const entry of text.split(',')) {
    const [operation, count] = entry.split('=');
    const n = Number(count);
    if (operation === undefined || operation === '' || !Number.isFinite(n) || n < 0) {
      throw new Error(`"${entry}" is not operation=requests-per-month`);
    }
    mix[operation.trim()] = n;
  }
  return mix;
}

/** The per-request facts of a stage, read from its synthesized template. */
export function stageFacts(
  name: string,
  template: CfnTemplate,
  idle: { totalUsd: number; lines: readonly { kind: string; monthlyUsd: number }[] },
): StageFacts {
  const resources = Object.values(template.Resources);
  const fn = resources.find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === 'index.handler' && r.Properties?.TracingConfig,
  );
  if (fn === undefined) throw new Error(`stage ${name}: no API function in the template`);
  const restStage = resources.find((r) => r.Type === 'AWS::ApiGateway::Stage');
  const restOnly = idle.lines.filter((l) => l.kind.startsWith('WAF') || l.kind.startsWith('API Gateway cache'));
  const avatarMaxBytes = Number(fn.Properties.Environment?.Variables?.AVATAR_MAX_BYTES);
  if (!Number.isInteger(avatarMaxBytes)) throw new Error(`stage ${name}: the API function has no AVATAR_MAX_BYTES`);
  return {
    name,
    memoryMb: fn.Properties.MemorySize,
    waf: resources.some((r) => r.Type === 'AWS::WAFv2::WebACLAssociation'),
    xray: fn.Properties.TracingConfig?.Mode === 'Active' || restStage?.Properties?.TracingEnabled === true,
    idleUsd: idle.totalUsd,
    restOnlyIdleUsd: restOnly.reduce((sum, l) => sum + l.monthlyUsd, 0),
    avatarMaxBytes,
    avatarBytes: avatarMaxBytes,
  };
}

const dollars = (n: number) => (n >= 100 ? `$${Math.round(n).toLocaleString('en')}` : `$${n.toFixed(2)}`);
const cents = (n: number) => `$${n.toFixed(3)}`;
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const fixed = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
const count = (n: number) => n.toLocaleString('en');

/** "1 POST + 1 HEAD", or "0" for none: what the local S3 received per request. */
export const s3RequestsText = (requests: OperationMeasure['s3Requests']) =>
  Object.entries(requests)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${fixed(n)} ${kind}`)
    .join(' + ') || '0';

/** The markdown docs/operations.md carries between the request-cost markers. */
export function renderRequestCost(
  measures: readonly OperationMeasure[],
  stages: readonly StageFacts[],
  mix: TrafficMix,
  measuredOn: string,
  storedAvatars = 0,
): string {
  const [shown] = stages;
  if (shown === undefined) throw new Error('no stage to price');
  const partNames = [...new Set(stages.flatMap((s) => measures.flatMap((m) => requestCost(m, s).map((p) => p.part))))];
  const perOperation = [
    row([
      'Operation',
      'Read units',
      'Write units',
      `Lambda ms billed (${shown.memoryMb} MB)`,
      'Bytes logged',
      'S3 requests',
      ...partNames.map((p) => `${p} ($/M)`),
      ...stages.map((s) => `**${s.name} $/M**`),
    ]),
    row(['---', ...Array.from({ length: 5 + partNames.length + stages.length }, () => '--:')]),
    ...measures.map((m) => {
      const parts = requestCost(m, shown);
      const cell = (name: string) => parts.find((p) => p.part === name)?.usdPerMillion;
      return row([
        `${m.operation} (\`${m.route}\`)`,
        fixed(m.readUnits),
        fixed(m.writeUnits + m.refusedWrites),
        m.entry === 's3' ? '–' : billedMs(m.cpuMs, m.waitMs, shown.memoryMb),
        m.entry === 's3' ? '–' : Math.round(m.lambdaLogBytes + LAMBDA_PLATFORM_LOG_BYTES + m.accessLogBytes),
        s3RequestsText(m.s3Requests),
        ...partNames.map((name) => {
          const usd = cell(name);
          return usd === undefined ? '–' : cents(usd);
        }),
        ...stages.map((s) => `**${cents(totalPerMillion(requestCost(m, s)))}**`),
      ]);
    }),
  ];
  const viaGateway = (operation: string) => measures.find((m) => m.operation === operation)?.entry === 'gateway';
  const sum = (entries: [string, number][]) => entries.reduce((total, [, n]) => total + n, 0);
  const apiRequests = sum(Object.entries(mix).filter(([operation]) => viaGateway(operation)));
  const s3Requests = sum(Object.entries(mix).filter(([operation]) => !viaGateway(operation)));
  const monthly = [
    row([
      'Stage',
      'Idle',
      'Per request',
      'Avatar storage',
      '**Month**',
      'Same traffic on an HTTP API',
      'HTTP API saves',
    ]),
    row(['---', '--:', '--:', '--:', '--:', '--:', '--:']),
    ...stages.map((s) => {
      const m = monthlyCost(measures, s, mix, storedAvatars);
      return row([
        s.name,
        dollars(m.idleUsd),
        dollars(m.usageUsd),
        dollars(m.storageUsd),
        `**${dollars(m.totalUsd)}**`,
        dollars(m.httpApiTotalUsd),
        `${dollars(m.totalUsd - m.httpApiTotalUsd)} (${Math.round((100 * (m.totalUsd - m.httpApiTotalUsd)) / m.totalUsd)}%)`,
      ]);
    }),
  ];
  const used: PriceName[] = [
    ...new Set([
      ...stages.flatMap((s) => measures.flatMap((m) => requestCost(m, s).flatMap((p) => p.prices))),
      'httpApiRequests' as const,
      ...(storedAvatars > 0 ? ['s3StandardStorage' as const] : []),
    ]),
  ];
  const avatarSize =
    shown.avatarBytes === shown.avatarMaxBytes
      ? `${count(shown.avatarBytes)} bytes, the largest upload ${shown.name} accepts (AVATAR_MAX_BYTES): an upper bound; \`--avatar-bytes=N\` prices yours`
      : `${count(shown.avatarBytes)} bytes (\`--avatar-bytes\`; ${shown.name} accepts up to ${count(shown.avatarMaxBytes)})`;
  const mixText = Object.entries(mix)
    .map(([operation, n]) => `${operation} ${n.toLocaleString('en')}`)
    .join(', ');
  return [
    perOperation.join('\n'),
    '',
    `A month of ${count(apiRequests)} API requests and ${count(s3Requests)} uploads to and downloads from S3 (${mixText}), with ${count(storedAvatars)} avatars stored:`,
    '',
    monthly.join('\n'),
    '',
    `Measured ${measuredOn}. List prices in us-east-1 before free tiers; $/M is dollars per million requests of the`,
    `operation. An avatar's storage and download are priced at ${avatarSize}. Prices in \`scripts/cost/prices.ts\`:`,
    '',
    ...priceSources(used),
  ].join('\n');
}
