// The JWT attack suite over real HTTP: every forged, stale or misdirected token gets the same generic 401, writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey } from '../../src/local/devAuth.js';
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

  // The case list is built in beforeAll; its names are fixed, so the tests are declared by index.
  const names = forgedTokens({ privateJwk: {}, kid: '' }, { privateJwk: {}, kid: '' }).map((c) => c.name);
  names.forEach((name, i) => {
    it(`${name} → 401, generic body, nothing written (the first time and again)`, async () => {
      // Arrange
      const before = await api.items();
      const authorization = await (cases[i] as (typeof cases)[number]).authorization();
      // Act: twice, since a token whose signature checks out is remembered and answered from memory the second time
      const first = await post({ 'x-api-key': api.apiKey, ...(authorization === '' ? {} : { authorization }) });
      const res = await post({ 'x-api-key': api.apiKey, ...(authorization === '' ? {} : { authorization }) });
      // Assert
      // The gateway refuses a missing token itself, like API Gateway's authorizer; a presented one reaches the
      // function, whose WWW-Authenticate the gateway renames as API Gateway does.
      const challenge = (r: typeof res) =>
        r.headers.get(authorization === '' ? 'www-authenticate' : 'x-amzn-remapped-www-authenticate');
      expect([first.status, challenge(first), { ...first.json, instance: undefined }]).toEqual([
        res.status,
        challenge(res),
        { ...res.json, instance: undefined },
      ]);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // RFC 6750: a presented token is refused as invalid_token (never saying why), an absent one is just asked for.
      expect(challenge(res)).toBe(
        authorization === '' ? 'Bearer realm="users-api"' : 'Bearer realm="users-api", error="invalid_token"',
      );
      expect(res.json).toEqual({
        type: '/problems/unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: 'A valid bearer token is required.',
        instance: expect.any(String),
      });
      expect(res.text).not.toMatch(LEAK_PATTERN);
      expect(res.text).not.toMatch(/jws|jwt|jose|signature|expired|claim|issuer|audience|kid|alg/i);
      expect(await api.items()).toEqual(before);
    });
  });
});
