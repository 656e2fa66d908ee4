// The local Cognito authorizer remembers a verified token, yet refuses it once it expires and checks scopes per method.
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, type Operation, toApiGatewaySpec } from '../../apiGateway/apiGatewaySpec.js';
import { createSigningKey, LOCAL_CLIENT_ID, LOCAL_ISSUER, publicJwks, type SigningKey } from '../../local/devAuth.js';
import { createCognitoAuthorizer } from '../../local/gateway/authorizer.js';
import { LOCAL_INTEGRATION_URI, LOCAL_USER_POOL_ARN } from '../../local/gateway/gatewayDocument.js';
import secured from '../fixtures/secured-openapi.json' with { type: 'json' };

/** The fixture as the local gateway interprets a document: users:read to read an item, users:admin to replace it. */
const document = toApiGatewaySpec(secured as unknown as OpenApiDocument, {
  integrationUri: LOCAL_INTEGRATION_URI,
  userPoolArn: LOCAL_USER_POOL_ARN,
  gatewayResponses: { allowOrigin: '*' },
  caching: false,
});
const operation = (path: string, method: string) =>
  (document.paths[path] as Record<string, Operation>)[method] as Operation;
const getItem = operation('/items/{itemId}', 'get');
const replaceItem = operation('/items/{itemId}', 'put');

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey();
});

/** A read-only access token issued at T0 that expires `ttl` seconds later. */
async function readToken(ttl: number, clientId = LOCAL_CLIENT_ID) {
  const iat = T0 / 1000;
  const jwt = await new SignJWT({ token_use: 'access', client_id: clientId, scope: 'users:read' })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(LOCAL_ISSUER)
    .setSubject('ada')
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(await importJWK(key.privateJwk, 'RS256'));
  return `Bearer ${jwt}`;
}

function authorizerAt(clock: { now: number }, clientIds = [LOCAL_CLIENT_ID]) {
  const pool = { arn: LOCAL_USER_POOL_ARN, issuer: LOCAL_ISSUER, clientIds, jwks: publicJwks(key) as never };
  return createCognitoAuthorizer(document, pool, { now: () => clock.now });
}

describe('local Cognito authorizer', () => {
  it('refuses a token it accepted before, once the token has expired', async () => {
    const clock = { now: T0 };
    const authorize = authorizerAt(clock);
    const token = await readToken(60);
    expect(await authorize(getItem, token)).toMatchObject({ kind: 'allowed', claims: { sub: 'ada' } });
    clock.now = T0 + 59_999;
    expect(await authorize(getItem, token)).toMatchObject({ kind: 'allowed' });
    clock.now = T0 + 60_000;
    expect(await authorize(getItem, token)).toEqual({ kind: 'refused', message: 'The incoming token has expired' });
    clock.now = T0 + 30_000; // a clock turned back does not bring the forgotten token back unverified
    expect(await authorize(getItem, token)).toMatchObject({ kind: 'allowed' });
  });

  it("still checks each method's scopes for a remembered token", async () => {
    const authorize = authorizerAt({ now: T0 });
    const token = await readToken(3600);
    expect(await authorize(getItem, token)).toMatchObject({ kind: 'allowed' });
    expect(await authorize(replaceItem, token)).toEqual({ kind: 'refused', message: 'Unauthorized' });
    expect(await authorize(getItem, token)).toMatchObject({ kind: 'allowed' });
  });

  it('refuses a remembered token of another app client on every request', async () => {
    const authorize = authorizerAt({ now: T0 });
    const token = await readToken(3600, 'someone-elses-client');
    expect(await authorize(getItem, token)).toEqual({ kind: 'refused', message: 'Unauthorized' });
    expect(await authorize(getItem, token)).toEqual({ kind: 'refused', message: 'Unauthorized' });
  });

  it('hands each request its own claims object', async () => {
    const authorize = authorizerAt({ now: T0 });
    const token = await readToken(3600);
    const first = await authorize(getItem, token);
    const second = await authorize(getItem, token);
    expect(first).toEqual(second);
    if (first.kind !== 'allowed' || second.kind !== 'allowed') throw new Error('expected both allowed');
    expect(first.claims).not.toBe(second.claims);
  });
});
