// WAF in front of the API stage: per-IP rate limit, AWS managed rule sets, optional country block.
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiFirewallProps {
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Requests per 5 minutes per client IP. */
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
      action: { block: {} },
      statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RatePerIp'),
    });
    for (const name of MANAGED_RULE_SETS) {
      rules.push({
        name,
        priority: rules.length,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      });
    }
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules,
    });
    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
