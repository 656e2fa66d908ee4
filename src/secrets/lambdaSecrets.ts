// What the Lambda reads from Secrets Manager at init; the SDK client is loaded only when there is a secret to read.
import type { CursorKeys } from './cursorSecret.js';

/** The cursor keys when the stack passed the secret's ARN; none locally (CURSOR_SECRET, or a random key). */
export async function readLambdaSecrets(cursorSecretArn: string | undefined): Promise<{ cursorKeys?: CursorKeys }> {
  if (cursorSecretArn === undefined) return {};
  const { createSecretsClient, readCursorKeys, secretsManagerReader } = await import('./cursorSecret.js');
  return { cursorKeys: await readCursorKeys(secretsManagerReader(createSecretsClient()), cursorSecretArn) };
}
