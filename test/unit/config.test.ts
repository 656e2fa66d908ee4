// Configuration: defaults, and a clear message naming the variable for a wrong value.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      tableName: 'users-api',
      dynamoEndpoint: undefined,
      dynamoConnectTimeoutMs: 500,
      dynamoRequestTimeoutMs: 1500,
      dynamoMaxAttempts: 3,
      dynamoMaxInFlight: 50,
      idempotencyWaitMs: 2000,
      corsAllowedOrigins: ['*'],
      maxBodyBytes: 16384,
      validateResponses: false,
      traceAwsSdkCalls: false,
    });
  });

  it("verifies RS256 tokens from the issuer's Cognito JWKS by default, and none without an issuer", () => {
    expect(loadConfig({}).auth).toMatchObject({ issuer: undefined, jwksUrl: undefined, algorithms: ['RS256'] });
    const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';
    expect(loadConfig({ AUTH_ISSUER: issuer, AUTH_CLIENT_IDS: 'a, b' }).auth).toMatchObject({
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      clientIds: ['a', 'b'],
      clockToleranceSeconds: 5,
      maxTokenBytes: 8192,
    });
  });

  it('reads a list of origins', () => {
    expect(
      loadConfig({ CORS_ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:5173' }).corsAllowedOrigins,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ MAX_BODY_BYTES: 'lots' }, /MAX_BODY_BYTES must be an integer/],
    [{ MAX_BODY_BYTES: '99999999' }, /MAX_BODY_BYTES must be an integer from 256 to 6291456/],
    [{ DYNAMODB_ENDPOINT: 'localhost:8000' }, /DYNAMODB_ENDPOINT must be an http\(s\) URL/],
    [{ TABLE_NAME: 'a b' }, /TABLE_NAME must be/],
    [{ VALIDATE_RESPONSES: 'yes' }, /VALIDATE_RESPONSES must be true or false/],
    [{ CORS_ALLOWED_ORIGINS: 'app.example.com' }, /CORS_ALLOWED_ORIGINS must be \*/],
    [{ AUTH_ALGORITHMS: 'none' }, /AUTH_ALGORITHMS must be a list of RS256/],
    [{ AUTH_ALGORITHMS: 'RS256,HS256' }, /AUTH_ALGORITHMS must be a list of .*got "HS256"/],
    [{ AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/pool' }, /AUTH_CLIENT_IDS must list/],
    [{ AUTH_JWKS_URL: 'file:///etc/keys.json' }, /AUTH_JWKS_URL must be an http\(s\) URL/],
    [{ AUTH_MAX_TOKEN_BYTES: '100' }, /AUTH_MAX_TOKEN_BYTES must be an integer/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with a clear message`, () => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  }
});
