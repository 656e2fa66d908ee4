// Configuration: defaults, and a clear message naming the variable for a wrong value.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      tableName: 'users-api',
      dynamoEndpoint: undefined,
      dynamoConnectTimeoutMs: 3000,
      dynamoRequestTimeoutMs: 5000,
      corsAllowedOrigins: ['*'],
      maxBodyBytes: 16384,
      validateResponses: false,
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
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with a clear message`, () => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  }
});
