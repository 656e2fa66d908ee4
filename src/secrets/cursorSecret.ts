// Reads the list-cursor key from Secrets Manager once, at init: the current version signs, pending and previous verify.
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The keys of list cursors: `signing` signs new ones; a cursor signed with any of `verifying` is accepted. */
export interface CursorKeys {
  readonly signing: string;
  /** `signing` first, then the other versions still accepted while a rotation is under way. */
  readonly verifying: readonly string[];
}

/** The Secrets Manager call the loader needs: a version stage's string, or undefined when no version has the stage. */
export type SecretReader = (secretId: string, stage: string, signal: AbortSignal) => Promise<string | undefined>;

export class SecretLoadError extends Error {
  override name = 'SecretLoadError';
}

/** Init must not hang on a slow Secrets Manager: Lambda would bill and retry a hung init until its own timeout. */
export const SECRET_DEADLINE_MS = 3000;

/**
 * AWSCURRENT signs. AWSPENDING (a rotation staged but not promoted) and AWSPREVIOUS (the key before the last promotion)
 * also verify, so containers started before and after a promotion accept each other's cursors (docs/operations.md).
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version
 */
export async function readCursorKeys(
  read: SecretReader,
  secretId: string,
  deadlineMs: number = SECRET_DEADLINE_MS,
): Promise<CursorKeys> {
  const signal = AbortSignal.timeout(deadlineMs);
  let current: string | undefined;
  let others: (string | undefined)[];
  try {
    [current, ...others] = await Promise.all(
      ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'].map((stage) => read(secretId, stage, signal)),
    );
  } catch (cause) {
    throw new SecretLoadError(`The cursor secret could not be read within ${deadlineMs} ms`, { cause });
  }
  if (current === undefined || current.length < 32) {
    throw new SecretLoadError('The cursor secret must hold at least 32 characters');
  }
  const verifying = [current, ...others.filter((key): key is string => key !== undefined && key.length >= 32)];
  return Object.freeze({ signing: current, verifying: Object.freeze([...new Set(verifying)]) });
}

/** The reader over the AWS SDK; a stage no version carries is answered as absent, not as an error. */
export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async (secretId, stage, signal) => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }), {
        abortSignal: signal,
      });
      return out.SecretString;
    } catch (error) {
      if (stage !== 'AWSCURRENT' && (error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
}

/** A client with per-attempt timeouts inside the overall deadline; region and credentials come from Lambda's env. */
export function createSecretsClient(overrides: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: 2,
    // throwOnRequestTimeout: without it the request timeout only logs, and one stalled attempt eats the deadline.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 1000, throwOnRequestTimeout: true }),
    ...overrides,
  });
}
