// The JWT attack suite over real HTTP: every forged, stale or misdirected token gets the same generic 401 from the local
// gateway's Cognito authorizer (the document's UNAUTHORIZED response), and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProblems } from '../../apiGateway/gatewayResponses.js';
import { createSigningKey } from '../../local/devAuth.js';
import { forgedTokens, validToken } from '../helpers/forgedTokens.js';
import { call, LEAK_PATTERN } from '../helpers/http.js';
import { type LocalApi, startLocalApi } from '../helpers/localApi.js';
import { uniqueEmail } from '../helpers/seed.js';

let api: LocalApi;
let cases: ReturnType<typeof forgedTokens>;
beforeAll(async () => {
  api = await startLocalApi();
  cases = forgedTokens(api.signingKey, await createSigningKey());
});
afterAll(() => api.stop());

const post = (headers: Record<string, string>) =>
  call(api.baseUrl, 'POST', '/users', { body: { name: 'Mallory', email: uniqueEmail('mallory') }, headers });

describe('a token that is not a valid access token for this API', () => {
  it('is told apart from a valid one (the control case)', async () => {
    const res = await post({ authorization: `Bearer ${await validToken(api.signingKey)}`, 'x-api-key': api.apiKey });
    expect(res.status).toBe(201);
  });

  it('is accepted with the scheme in any case and several spaces before it (RFC 9110 §11.1)', async () => {
    const res = await post({ authorization: `bEaReR   ${await validToken(api.signingKey)}`, 'x-api-key': api.apiKey });
    expect(res.status).toBe(201);
  });

  // Cognito's authorizer takes the header's value as the token, so a bare token is accepted as in AWS (the function,
  // invoked directly, still refuses it: test/unit/tokenVerifier.test.ts).
  it('is accepted without the Bearer scheme, as by Cognito’s authorizer', async () => {
    const res = await post({ authorization: await validToken(api.signingKey), 'x-api-key': api.apiKey });
    expect(res.status).toBe(201);
  });

  // The case list is built in beforeAll; its names are fixed, so the tests are declared by index.
  const names = forgedTokens({ privateJwk: {}, kid: '' }, { privateJwk: {}, kid: '' }).map((c) => c.name);
  names.forEach((name, i) => {
    if (name === 'missing Bearer prefix') return;
    it(`${name} → 401, generic body, nothing written (the first time and again)`, async () => {
      // Arrange
      const before = await api.items();
      const authorization = await (cases[i] as (typeof cases)[number]).authorization();
      // Act: twice, since a token whose signature checks out is remembered and answered from memory the second time
      const first = await post({ 'x-api-key': api.apiKey, ...(authorization === '' ? {} : { authorization }) });
      const res = await post({ 'x-api-key': api.apiKey, ...(authorization === '' ? {} : { authorization }) });
      // Assert
      // The authorizer refuses every one of them before the function runs, with the gateway response's challenge.
      const challenge = (r: typeof res) => r.headers.get('www-authenticate');
      expect([first.status, challenge(first), { ...first.json, instance: undefined }]).toEqual([
        res.status,
        challenge(res),
        { ...res.json, instance: undefined },
      ]);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(challenge(res)).toBe(gatewayProblems.UNAUTHORIZED?.headers?.['WWW-Authenticate']);
      expect(res.headers.get('x-amzn-remapped-www-authenticate')).toBeNull();
      expect(res.json).toEqual({
        type: '/problems/unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: gatewayProblems.UNAUTHORIZED?.detail,
        instance: expect.any(String),
      });
      expect(res.text).not.toMatch(LEAK_PATTERN);
      expect(res.text).not.toMatch(/jws|jwt|jose|signature|expired|claim|issuer|audience|kid|alg/i);
      expect(await api.items()).toEqual(before);
    });
  });
});
