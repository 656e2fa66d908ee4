// Development credentials for the local gateway: an RSA signing key and an API key, made on first use under DATA_DIR.
// Stand-ins for Cognito and API Gateway's key store; never used in AWS and never committed (.data/ is git-ignored).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/** The issuer and app client of local tokens; `npm start` points the Lambda's AUTH_* settings at them. */
export const LOCAL_ISSUER = 'urn:users-api:local';
export const LOCAL_CLIENT_ID = 'users-api-local-client';
const ALG = 'RS256';

/** The Lambda's AUTH_* settings that make it trust the dev gateway at `baseUrl`, as the stack points it at Cognito. */
export const devAuthEnv = (baseUrl: string) => ({
  AUTH_ISSUER: LOCAL_ISSUER,
  AUTH_CLIENT_IDS: LOCAL_CLIENT_ID,
  AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
});

export interface SigningKey {
  readonly privateJwk: JWK;
  readonly kid: string;
}

export interface DevApiKey {
  readonly id: string;
  readonly value: string;
}

/** The file's value, or undefined when it is not there (memory mode reads credentials and writes none). */
function readIfPresent<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates the file only if it is not there yet (`wx`), so two processes starting together agree on one value. */
async function loadOrCreate<T>(path: string, create: () => Promise<T>): Promise<T> {
  const found = readIfPresent<T>(path);
  if (found !== undefined) return found;
  const value = await create();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readIfPresent<T>(path) as T;
    throw error;
  }
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  return { privateJwk: await exportJWK(privateKey), kid: `local-${randomBytes(6).toString('hex')}` };
}

export const loadOrCreateSigningKey = (dataDir: string) =>
  loadOrCreate(join(dataDir, 'auth', 'signing-key.json'), createSigningKey);

/** The signing key `npm start` and `npm run token` keep under DATA_DIR, if they made one. */
export const readSigningKey = (dataDir: string) => readIfPresent<SigningKey>(join(dataDir, 'auth', 'signing-key.json'));

export const createApiKey = async (): Promise<DevApiKey> => ({
  id: randomBytes(5).toString('hex'),
  value: randomBytes(24).toString('base64url'),
});

export const loadOrCreateApiKey = (dataDir: string) =>
  loadOrCreate(join(dataDir, 'auth', 'api-key.json'), createApiKey);

export const readApiKey = (dataDir: string) => readIfPresent<DevApiKey>(join(dataDir, 'auth', 'api-key.json'));

/** The public half as a JWKS document, as Cognito publishes at <issuer>/.well-known/jwks.json. */
export function publicJwks({ privateJwk, kid }: SigningKey): { keys: JWK[] } {
  const { kty, n, e } = privateJwk;
  return { keys: [{ kty, n, e, kid, alg: ALG, use: 'sig' }] };
}

export interface DevTokenOptions {
  scopes: readonly string[];
  subject?: string;
  ttlSeconds?: number;
}

/** An access token shaped like Cognito's: `token_use: access`, `client_id`, space-separated `scope`. */
export async function issueDevToken(key: SigningKey, options: DevTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const subject = options.subject ?? 'dev-user';
  return new SignJWT({
    token_use: 'access',
    client_id: LOCAL_CLIENT_ID,
    scope: options.scopes.join(' '),
    username: subject,
  })
    .setProtectedHeader({ alg: ALG, kid: key.kid })
    .setIssuer(LOCAL_ISSUER)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .setJti(randomBytes(12).toString('hex'))
    .sign(await importJWK(key.privateJwk, ALG));
}
