// The claim checks of an access token: token use, issuer, app client, subject, and the scopes it grants.
import { describe, expect, it } from 'vitest';
import { ClaimsRejected, toCaller } from '../../src/auth/accessClaims.js';
import type { AuthConfig } from '../../src/config.js';

const ISSUER = 'https://issuer.example.com';
const authWith = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
  issuer: ISSUER,
  jwksUrl: undefined,
  jwksTimeoutMs: 1500,
  clientIds: ['app-client'],
  algorithms: ['RS256'],
  clockToleranceSeconds: 5,
  maxTokenBytes: 8192,
  scopePrefix: '',
  ...overrides,
});
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'user-1',
  token_use: 'access',
  client_id: 'app-client',
  scope: 'users:read users:write',
  ...overrides,
});

/** The claim a token is refused for, or 'accepted'. */
function refusal(given: Record<string, unknown>, auth = authWith()): string {
  try {
    toCaller(given, auth);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ClaimsRejected)) throw error;
    expect(error.name).toBe('ClaimsRejected');
    return error.message;
  }
}

describe('toCaller', () => {
  it('answers who calls, through which app client, with which scopes', () => {
    expect(toCaller(claims(), authWith())).toEqual({
      subject: 'user-1',
      clientId: 'app-client',
      scopes: new Set(['users:read', 'users:write']),
    });
  });

  it('reads scopes from a space-separated string or an array of them, ignoring blanks and non-strings', () => {
    expect(toCaller(claims({ scope: ' a  b ' }), authWith()).scopes).toEqual(new Set(['a', 'b']));
    expect(toCaller(claims({ scope: ['a b', 'c', 5, ''] }), authWith()).scopes).toEqual(new Set(['a', 'b', 'c']));
    expect(toCaller(claims({ scope: undefined }), authWith()).scopes).toEqual(new Set());
    expect(toCaller(claims({ scope: 7 }), authWith()).scopes).toEqual(new Set());
  });

  it('keeps only the scopes under the configured prefix, without it', () => {
    const auth = authWith({ scopePrefix: 'users-api/' });
    expect(toCaller(claims({ scope: 'users-api/users:read other/users:admin users:write' }), auth).scopes).toEqual(
      new Set(['users:read']),
    );
  });

  it('refuses anything but an access token', () => {
    expect(refusal(claims({ token_use: 'id' }))).toBe('not an access token');
    expect(refusal(claims({ token_use: undefined }))).toBe('not an access token');
  });

  it('refuses another issuer when one is configured, and takes any when none is (the gateway checked it)', () => {
    expect(refusal(claims({ iss: 'https://evil.example.com' }))).toBe('issuer');
    expect(refusal(claims({ iss: undefined }))).toBe('issuer');
    expect(refusal(claims({ iss: 'https://evil.example.com' }), authWith({ issuer: undefined }))).toBe('accepted');
  });

  it('takes the app client from client_id or any aud, and refuses other clients', () => {
    expect(refusal(claims({ client_id: 'other-client' }))).toBe('client');
    expect(refusal(claims({ client_id: undefined }))).toBe('client');
    expect(refusal(claims({ client_id: undefined, aud: 'app-client' }))).toBe('accepted');
    expect(refusal(claims({ client_id: undefined, aud: ['other-client', 'app-client'] }))).toBe('accepted');
    expect(refusal(claims({ client_id: 'other-client', aud: ['app-client'] }))).toBe('accepted');
    expect(refusal(claims({ client_id: 'any-client' }), authWith({ clientIds: [] }))).toBe('accepted');
  });

  it('names the client only when client_id is a string', () => {
    const caller = toCaller(claims({ client_id: 5, aud: 'app-client' }), authWith());
    expect(caller.clientId).toBeUndefined();
    expect(toCaller(claims({ client_id: undefined, aud: 'app-client' }), authWith()).clientId).toBeUndefined();
  });

  it('refuses a token without a subject', () => {
    expect(refusal(claims({ sub: undefined }))).toBe('subject');
    expect(refusal(claims({ sub: '' }))).toBe('subject');
    expect(refusal(claims({ sub: 42 }))).toBe('subject');
  });
});
