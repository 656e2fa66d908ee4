// WAF in front of the API stage: per-IP rate limit, AWS managed rule sets, optional country block.
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problemTypes } from '../../../config/problemTypes.js';

export interface ApiFirewallProps {
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Requests per 5 minutes per client IP; above what one API key may send (config/stages.ts). */
  readonly rateLimitPer5Min: number;
  /** ISO 3166 alpha-2 country codes to block (context `geoBlock`); empty for none. */
  readonly blockedCountries: readonly string[];
  readonly name: string;
}

const MANAGED_RULE_SETS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/**
 * Common rule set rules that contradict the contract, only counted: SizeRestrictions_BODY blocks bodies over 8 KB
 * with 403 where the contract accepts 16 KB and answers 413 itself; NoUserAgent_HEADER blocks machine clients that
 * send no User-Agent, which the contract does not ask for.
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html#aws-managed-rule-groups-baseline-crs
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'] as const;

/** Seconds a client blocked by the rate rule is told to wait: the rule re-evaluates over a sliding window. */
export const RATE_RETRY_AFTER_SECONDS = 60;
const RATE_RESPONSE_BODY = 'too-many-requests' satisfies keyof typeof problemTypes;

/**
 * The rate rule answers like the contract's 429: problem fields and Retry-After. WAF allows any header but
 * Content-Type, so the body goes out as application/json (the spec lists it for 429).
 * https://docs.aws.amazon.com/waf/latest/developerguide/customizing-the-response-for-blocked-requests.html
 */
const rateLimited = {
  block: {
    customResponse: {
      responseCode: 429,
      customResponseBodyKey: RATE_RESPONSE_BODY,
      responseHeaders: [{ name: 'Retry-After', value: String(RATE_RETRY_AFTER_SECONDS) }],
    },
  },
};
const rateLimitedBody = {
  contentType: 'APPLICATION_JSON',
  content: JSON.stringify({
    type: `/problems/${RATE_RESPONSE_BODY}`,
    title: problemTypes[RATE_RESPONSE_BODY].title,
    status: problemTypes[RATE_RESPONSE_BODY].status,
    detail: problemTypes[RATE_RESPONSE_BODY].detail,
    // WAF answers before API Gateway assigns a request id, and its bodies are static.
    instance: 'firewall',
  }),
};

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const rules: CfnWebACL.RuleProperty[] = [];
    if (props.blockedCountries.length > 0) {
      rules.push({
        name: 'GeoBlock',
        priority: rules.length,
        action: { block: {} },
        statement: { geoMatchStatement: { countryCodes: [...props.blockedCountries] } },
        visibilityConfig: visibility('GeoBlock'),
      });
    }
    rules.push({
      name: 'RatePerIp',
      priority: rules.length,
      action: rateLimited,
      statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RatePerIp'),
    });
    for (const name of MANAGED_RULE_SETS) {
      rules.push({
        name,
        priority: rules.length,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ...(name === 'AWSManagedRulesCommonRuleSet'
              ? {
                  ruleActionOverrides: COUNTED_COMMON_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
                }
              : {}),
          },
        },
        visibilityConfig: visibility(name),
      });
    }
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      customResponseBodies: { [RATE_RESPONSE_BODY]: rateLimitedBody },
      rules,
    });
    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
