// The IAM actions of the calls `npm run preflight` makes, all read-only; the pipeline roles are granted exactly these.
export const PREFLIGHT_ACTIONS = [
  'sts:GetCallerIdentity',
  'ssm:GetParameter',
  'cloudformation:DescribeStacks',
  'apigateway:GET',
  'cloudfront:ListDistributions',
  'lambda:GetAccountSettings',
  'ce:ListCostAllocationTags',
  'ce:GetAnomalyMonitors',
  'budgets:ViewBudget',
  'organizations:DescribeOrganization',
  's3:ListBucket',
] as const;
