// What an idle stage costs, read from its synthesized template: the figure in docs/operations.md is the templates'
// (it cannot drift from the stack), every resource type is priced or known to bill only by use, and each stage's
// budget warns about usage, not about its own fixed cost.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stages } from '../../config/stages.js';
import {
  DOC_PATH,
  idleCost,
  idleCostInDoc,
  renderIdleCost,
  type StageIdleCost,
  stageIdleCost,
  USAGE_PRICED,
} from '../../scripts/cost/idleCost.js';
import { prices } from '../../scripts/cost/prices.js';
import {
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  securedStack,
  stageStack,
  synthStack,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
let prod: SynthesizedStack;
let costs: Record<'dev' | 'prod', StageIdleCost>;
beforeAll(() => {
  dev = stageStack('dev');
  // As shipped, like `npm run cost:idle`: no geo block, no alarm e-mail.
  prod = synthStack('prod');
  costs = {
    dev: stageIdleCost('dev', dev.template.toJSON() as never),
    prod: stageIdleCost('prod', prod.template.toJSON() as never),
  };
}, SYNTH_TIMEOUT_MS);

describe('the idle cost', () => {
  it('in docs/operations.md is the one the templates give (run npm run cost:idle -- --docs after a change)', () => {
    expect(idleCostInDoc(readFileSync(DOC_PATH, 'utf8'))).toBe(renderIdleCost(costs));
  });

  it('counts what AWS bills by the hour or the month, from the template', () => {
    const kinds = Object.fromEntries(costs.dev.cost.lines.map((l) => [l.kind, l.quantity]));
    expect(kinds).toMatchObject({
      'WAF web ACLs': 1,
      'WAF rules': 4,
      'Cognito client-credentials app clients': 1,
      'KMS customer managed keys': 1,
      'Secrets Manager secrets': 1,
      'CloudWatch dashboards': 1,
    });
    // Three canary alarms (one on two metrics), six operational (one on six), the spend estimate (on nine), the
    // failed upload notifications (one).
    expect(kinds['CloudWatch alarm metrics']).toBe(4 + 11 + 9 + 1);
    expect(costs.dev.cost.totalUsd).toBeCloseTo(
      prices.wafWebAcl.usd +
        4 * prices.wafRule.usd +
        prices.cognitoM2mAppClient.usd +
        prices.kmsKey.usd +
        prices.secret.usd +
        prices.dashboard.usd +
        25 * prices.alarmMetric.usd,
      2,
    );
  });

  it('knows every resource type of the stacks, so a new billed one cannot go uncounted', () => {
    expect(() => idleCost({ Resources: { X: { Type: 'AWS::RDS::DBInstance', Properties: {} } } })).toThrow(
      /AWS::RDS::DBInstance has no idle price/,
    );
    for (const s of [dev, prod]) expect(() => idleCost(s.template.toJSON() as never)).not.toThrow();
    expect(Object.keys(USAGE_PRICED).every((type) => /^(AWS|Custom)::/.test(type))).toBe(true);
  });

  it('prices what a stage turns on: a cache cluster by the hour, provisioned concurrency by the GB-second', () => {
    const warm = synthStack('prod', {
      stage: {
        ...stages.prod,
        lambdaMemoryMb: 1024,
        provisionedConcurrency: { min: 2, max: 2, utilizationTarget: 0.7 },
      },
    });
    const line = idleCost(warm.template.toJSON() as never).lines.find((l) => l.kind.startsWith('Lambda provisioned'));
    expect(line?.quantity).toBe(2);
    expect(line?.monthlyUsd).toBeCloseTo(2 * 1 * 730 * 3600 * prices.lambdaArmProvisionedGbSecond.usd, 6);
    const cache = idleCost(securedStack('prod').template.toJSON() as never).lines.find((l) => l.kind.includes('cache'));
    expect(cache?.monthlyUsd).toBeCloseTo(730 * prices.restApiCache05Gb.usd, 6);
  }, 120_000);

  it.each(['dev', 'prod'] as const)('of %s sits below its budget’s first alert, with room for usage', (stage) => {
    const { cost, firstAlertUsd } = costs[stage];
    // The first alert is about requests: a quarter of it at least is left once the fixed cost is paid.
    expect(firstAlertUsd).toBeGreaterThanOrEqual(cost.totalUsd * 1.25);
  });
});
