// The physical names a stage gives its resources, shared by the stack and `npm run preflight` (which checks they are free).
// Each name is unique where AWS requires it: S3 bucket names worldwide, dashboards, budgets and IAM roles per account,
// Cognito domain prefixes per region.

/** The CloudFormation stack of a stage. */
export const stackName = (stage: string): string => `UsersApi-${stage}`;

/** `users-api-<stage>`: names unique per region (the REST API, the web ACL, the usage plan). */
export const stagePrefix = (stage: string): string => `users-api-${stage}`;

/**
 * `users-api-<stage>-<region>`: names AWS keeps once per account (CloudWatch dashboards are global, budget names are
 * unique within an account), so the same stage can be deployed to a second region; also the cost tag's value.
 */
export const accountScopedName = (stage: string, region: string): string => `${stagePrefix(stage)}-${region}`;

/** S3 bucket names are global: the account and the region make the avatar bucket's unique. */
export const avatarBucketName = (stage: string, account: string, region: string): string =>
  `${stagePrefix(stage)}-avatars-${account}-${region}`;

/** Cognito domain prefixes are unique per region across all accounts: the account id makes this one unique. */
export const cognitoDomainPrefix = (stage: string, account: string): string => `${stagePrefix(stage)}-${account}`;
