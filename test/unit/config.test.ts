// Configuration: defaults, each variable read and bounded, and a clear message naming the variable for a wrong value.
import { describe, expect, it } from 'vitest';
import {
  type Config,
  ConfigError,
  cursorSecretArnOf,
  loadConfig,
  loadHookConfig,
  loadLocalConfig,
  timeoutsOf,
} from '../../src/config.js';

const thrownBy = (load: () => unknown): ConfigError => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      tableName: 'users-api',
      region: 'us-east-1',
      dynamoEndpoint: undefined,
      dynamoConnectTimeoutMs: 500,
      dynamoRequestTimeoutMs: 1500,
      dynamoMaxAttempts: 3,
      dynamoMaxInFlight: 50,
      idempotencyTtlSeconds: 86400,
      idempotencyWaitMs: 2000,
      corsAllowedOrigins: ['*'],
      maxBodyBytes: 16384,
      validateResponses: false,
      traceAwsSdkCalls: false,
      functionVersion: undefined,
    });
    expect(config.auth).toEqual({
      issuer: undefined,
      jwksUrl: undefined,
      jwksTimeoutMs: 1500,
      clientIds: [],
      algorithms: ['RS256'],
      clockToleranceSeconds: 5,
      maxTokenBytes: 8192,
      scopePrefix: '',
    });
    expect(config.avatars).toEqual({
      bucket: undefined,
      s3Endpoint: undefined,
      maxBytes: 1048576,
      contentTypes: ['image/png', 'image/jpeg', 'image/webp'],
      uploadTtlSeconds: 300,
      downloadTtlSeconds: 60,
      s3ConnectTimeoutMs: 500,
      s3RequestTimeoutMs: 1500,
      s3MaxAttempts: 2,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the plain values it is given', () => {
    const config = loadConfig({
      TABLE_NAME: 'users-api-prod',
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      AWS_LAMBDA_FUNCTION_VERSION: '7',
      AVATAR_BUCKET: 'users-avatars.prod',
      S3_ENDPOINT: 'https://s3.example.com',
      AVATAR_CONTENT_TYPES: 'image/png , image/svg+xml',
      AUTH_SCOPE_PREFIX: 'users-api/',
    });
    expect(config).toMatchObject({
      tableName: 'users-api-prod',
      region: 'eu-west-1',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      functionVersion: '7',
    });
    expect(config.avatars).toMatchObject({
      bucket: 'users-avatars.prod',
      s3Endpoint: 'https://s3.example.com',
      contentTypes: ['image/png', 'image/svg+xml'],
    });
    expect(config.auth.scopePrefix).toBe('users-api/');
  });

  it('takes the region from AWS_DEFAULT_REGION when AWS_REGION is unset', () => {
    expect(loadConfig({ AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
    expect(loadConfig({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('eu-west-1');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({
      MAX_BODY_BYTES: '',
      VALIDATE_RESPONSES: '',
      DYNAMODB_ENDPOINT: '',
      AUTH_ISSUER: '',
      AWS_LAMBDA_FUNCTION_VERSION: '',
      AVATAR_BUCKET: '',
      CURSOR_SECRET_ARN: '',
      CURSOR_SECRET: '',
    });
    expect(config).toMatchObject({
      maxBodyBytes: 16384,
      validateResponses: false,
      dynamoEndpoint: undefined,
      functionVersion: undefined,
    });
    expect(config.auth.issuer).toBeUndefined();
    expect(config.avatars.bucket).toBeUndefined();
    expect(config.cursorSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads true/false and 1/0 as booleans', () => {
    expect(loadConfig({ VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
    expect(loadConfig({ VALIDATE_RESPONSES: '1' }).validateResponses).toBe(true);
    expect(loadConfig({ VALIDATE_RESPONSES: 'false' }).validateResponses).toBe(false);
    expect(loadConfig({ VALIDATE_RESPONSES: '0' }).validateResponses).toBe(false);
    expect(loadConfig({ POWERTOOLS_TRACE_ENABLED: 'true' }).traceAwsSdkCalls).toBe(true);
  });

  it('accepts http and https URLs', () => {
    expect(loadConfig({ DYNAMODB_ENDPOINT: 'https://dynamodb.example.com' }).dynamoEndpoint).toBe(
      'https://dynamodb.example.com',
    );
    expect(loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks.json' }).auth.jwksUrl).toBe(
      'http://127.0.0.1:9000/jwks.json',
    );
  });

  it("verifies RS256 tokens from the issuer's Cognito JWKS by default, and none without an issuer", () => {
    const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';
    expect(loadConfig({ AUTH_ISSUER: issuer, AUTH_CLIENT_IDS: ' a, ,b ' }).auth).toMatchObject({
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      clientIds: ['a', 'b'],
    });
    expect(loadConfig({ AUTH_ISSUER: `${issuer}/`, AUTH_CLIENT_IDS: 'a' }).auth.jwksUrl).toBe(
      `${issuer}/.well-known/jwks.json`,
    );
    const jwksUrl = 'https://keys.example.com/jwks.json';
    expect(loadConfig({ AUTH_ISSUER: issuer, AUTH_CLIENT_IDS: 'a', AUTH_JWKS_URL: jwksUrl }).auth.jwksUrl).toBe(
      jwksUrl,
    );
    expect(loadConfig({ AUTH_ALGORITHMS: 'ES256, EdDSA' }).auth.algorithms).toEqual(['ES256', 'EdDSA']);
  });

  it('reads a list of origins', () => {
    expect(
      loadConfig({ CORS_ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:5173,' }).corsAllowedOrigins,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
  });

  it('reads an empty origin list as no browser origin, and an unset one as any', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: '' }).corsAllowedOrigins).toEqual([]);
    expect(loadConfig({}).corsAllowedOrigins).toEqual(['*']);
  });

  it('keeps a cursor key read from Secrets Manager, signing with the first and verifying with all', () => {
    const cursorKeys = { signing: 'current-key', verifying: ['current-key', 'previous-key'] };
    const config = loadConfig(
      { CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:x', CURSOR_SECRET: 'short' },
      { cursorKeys },
    );
    expect(config.cursorSecret).toBe('current-key');
    expect(config.cursorVerifyingSecrets).toEqual(['current-key', 'previous-key']);
  });

  it('signs cursors with CURSOR_SECRET, or a random key per process outside Lambda', () => {
    const secret = 'k'.repeat(32);
    const config = loadConfig({ CURSOR_SECRET: secret });
    expect(config.cursorSecret).toBe(secret);
    expect(config.cursorVerifyingSecrets).toEqual([secret]);
    const random = loadConfig({});
    expect(random.cursorSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(random.cursorVerifyingSecrets).toEqual([random.cursorSecret]);
    expect(loadConfig({}).cursorSecret).not.toBe(random.cursorSecret);
  });

  const bad: [Record<string, string>, string | RegExp][] = [
    [{ MAX_BODY_BYTES: 'lots' }, 'MAX_BODY_BYTES must be an integer from 256 to 6291456, got "lots"'],
    [{ MAX_BODY_BYTES: '1000.5' }, /MAX_BODY_BYTES must be an integer/],
    [{ DYNAMODB_ENDPOINT: 'localhost:8000' }, 'DYNAMODB_ENDPOINT must be an http(s) URL, got "localhost:8000"'],
    [{ S3_ENDPOINT: 'ftp://s3.example.com' }, 'S3_ENDPOINT must be an http(s) URL, got "ftp://s3.example.com"'],
    [{ S3_ENDPOINT: 'not a url' }, 'S3_ENDPOINT must be an http(s) URL, got "not a url"'],
    [{ TABLE_NAME: 'a b' }, 'TABLE_NAME must be 3-255 characters of A-Z a-z 0-9 _ . -, got "a b"'],
    [{ TABLE_NAME: 'a bcd' }, /TABLE_NAME must be/],
    [{ TABLE_NAME: 'abc d' }, /TABLE_NAME must be/],
    [{ TABLE_NAME: 'ab' }, /TABLE_NAME must be/],
    [{ TABLE_NAME: 't'.repeat(256) }, /TABLE_NAME must be/],
    [{ VALIDATE_RESPONSES: 'yes' }, 'VALIDATE_RESPONSES must be true or false, got "yes"'],
    [{ POWERTOOLS_TRACE_ENABLED: 'on' }, 'POWERTOOLS_TRACE_ENABLED must be true or false, got "on"'],
    [
      { CORS_ALLOWED_ORIGINS: 'app.example.com' },
      'CORS_ALLOWED_ORIGINS must be * or a comma-separated list of origins like https://app.example.com, got "app.example.com"',
    ],
    [{ CORS_ALLOWED_ORIGINS: 'xhttps://app.example.com' }, /CORS_ALLOWED_ORIGINS must be \*/],
    [{ CORS_ALLOWED_ORIGINS: 'https://app.example.com/path' }, /CORS_ALLOWED_ORIGINS must be \*/],
    [{ CORS_ALLOWED_ORIGINS: ' , ' }, 'CORS_ALLOWED_ORIGINS must not be empty'],
    [
      { AUTH_ALGORITHMS: 'none' },
      'AUTH_ALGORITHMS must be a list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA; got "none"',
    ],
    [{ AUTH_ALGORITHMS: 'RS256,HS256' }, /AUTH_ALGORITHMS must be a list of .*got "HS256"/],
    [{ AUTH_ALGORITHMS: ' , ' }, 'AUTH_ALGORITHMS must not be empty'],
    [
      { AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/pool' },
      'AUTH_CLIENT_IDS must list the app client ids whose tokens are accepted when AUTH_ISSUER is set',
    ],
    [{ AUTH_ISSUER: 'https://issuer.example.com', AUTH_CLIENT_IDS: ' , ' }, /AUTH_CLIENT_IDS must list/],
    [{ AUTH_JWKS_URL: 'file:///etc/keys.json' }, /AUTH_JWKS_URL must be an http\(s\) URL/],
    [{ AVATAR_BUCKET: 'Not_A_Bucket' }, 'AVATAR_BUCKET must be an S3 bucket name, got "Not_A_Bucket"'],
    [{ AVATAR_CONTENT_TYPES: 'image/png,text/html' }, 'AVATAR_CONTENT_TYPES must list image/* types, got "text/html"'],
    [{ AVATAR_CONTENT_TYPES: 'text/image/png' }, /AVATAR_CONTENT_TYPES must list image/],
    [{ AVATAR_CONTENT_TYPES: 'image/png;q=1' }, /AVATAR_CONTENT_TYPES must list image/],
    [{ AVATAR_BUCKET: 'avatars-' }, /AVATAR_BUCKET must be an S3 bucket name/],
    [
      { CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor' },
      'CURSOR_SECRET_ARN is set: the secret must be read before the configuration is loaded',
    ],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'users-api' }, 'CURSOR_SECRET_ARN (or CURSOR_SECRET) must be set in Lambda'],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'users-api', CURSOR_SECRET: '' }, /must be set in Lambda/],
    [{ CURSOR_SECRET: 'k'.repeat(31) }, 'CURSOR_SECRET must be at least 32 characters'],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with a clear message`, () => {
      const error = thrownBy(() => loadConfig(env));
      expect(error.name).toBe('ConfigError');
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    });
  }

  // Each integer variable: its bounds are accepted, one past them refused with the variable named.
  const integers: [string, number, number, (config: Config) => number][] = [
    ['DYNAMODB_CONNECT_TIMEOUT_MS', 100, 30000, (c) => c.dynamoConnectTimeoutMs],
    ['DYNAMODB_REQUEST_TIMEOUT_MS', 100, 30000, (c) => c.dynamoRequestTimeoutMs],
    ['DYNAMODB_MAX_ATTEMPTS', 1, 10, (c) => c.dynamoMaxAttempts],
    ['DYNAMODB_MAX_IN_FLIGHT', 1, 1000, (c) => c.dynamoMaxInFlight],
    ['MAX_BODY_BYTES', 256, 6291456, (c) => c.maxBodyBytes],
    ['IDEMPOTENCY_TTL_SECONDS', 60, 604800, (c) => c.idempotencyTtlSeconds],
    ['IDEMPOTENCY_WAIT_MS', 0, 20000, (c) => c.idempotencyWaitMs],
    ['AUTH_JWKS_TIMEOUT_MS', 100, 10000, (c) => c.auth.jwksTimeoutMs],
    ['AUTH_CLOCK_TOLERANCE_SECONDS', 0, 300, (c) => c.auth.clockToleranceSeconds],
    ['AUTH_MAX_TOKEN_BYTES', 512, 65536, (c) => c.auth.maxTokenBytes],
    ['AVATAR_MAX_BYTES', 1, 5368709120, (c) => c.avatars.maxBytes],
    ['AVATAR_UPLOAD_TTL_SECONDS', 1, 604800, (c) => c.avatars.uploadTtlSeconds],
    ['AVATAR_DOWNLOAD_TTL_SECONDS', 1, 604800, (c) => c.avatars.downloadTtlSeconds],
    ['S3_CONNECT_TIMEOUT_MS', 100, 30000, (c) => c.avatars.s3ConnectTimeoutMs],
    ['S3_REQUEST_TIMEOUT_MS', 100, 30000, (c) => c.avatars.s3RequestTimeoutMs],
    ['S3_MAX_ATTEMPTS', 1, 10, (c) => c.avatars.s3MaxAttempts],
  ];
  for (const [name, min, max, read] of integers) {
    it(`reads ${name} from ${min} to ${max}`, () => {
      expect(read(loadConfig({ [name]: String(min) }))).toBe(min);
      expect(read(loadConfig({ [name]: String(max) }))).toBe(max);
      for (const outside of [min - 1, max + 1]) {
        expect(thrownBy(() => loadConfig({ [name]: String(outside) })).message).toBe(
          `${name} must be an integer from ${min} to ${max}, got "${outside}"`,
        );
      }
    });
  }
});

describe('cursorSecretArnOf', () => {
  it('names the secret only when the variable is set and not empty', () => {
    expect(cursorSecretArnOf({ CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:x' })).toBe('arn:aws:secretsmanager:x');
    expect(cursorSecretArnOf({ CURSOR_SECRET_ARN: '' })).toBeUndefined();
    expect(cursorSecretArnOf({})).toBeUndefined();
  });
});

describe('timeoutsOf', () => {
  it('hands the request budget the configured timeouts', () => {
    const config = loadConfig({
      DYNAMODB_CONNECT_TIMEOUT_MS: '101',
      DYNAMODB_REQUEST_TIMEOUT_MS: '102',
      DYNAMODB_MAX_ATTEMPTS: '4',
      AUTH_JWKS_TIMEOUT_MS: '103',
      IDEMPOTENCY_WAIT_MS: '104',
      S3_CONNECT_TIMEOUT_MS: '105',
      S3_REQUEST_TIMEOUT_MS: '106',
      S3_MAX_ATTEMPTS: '5',
    });
    expect(timeoutsOf(config)).toEqual({
      dynamoConnectTimeoutMs: 101,
      dynamoRequestTimeoutMs: 102,
      dynamoMaxAttempts: 4,
      jwksTimeoutMs: 103,
      idempotencyWaitMs: 104,
      s3ConnectTimeoutMs: 105,
      s3RequestTimeoutMs: 106,
      s3MaxAttempts: 5,
    });
  });
});

describe('loadLocalConfig', () => {
  it('listens on loopback port 3000 with API Gateway-like limits by default', () => {
    expect(loadLocalConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '.data',
      maxPayloadBytes: 6291456,
      integrationTimeoutMs: 29000,
    });
  });

  it('reads HOST, PORT, DATA_DIR and INTEGRATION_TIMEOUT_MS', () => {
    expect(
      loadLocalConfig({ HOST: '0.0.0.0', PORT: '0', DATA_DIR: '/tmp/users', INTEGRATION_TIMEOUT_MS: '50' }),
    ).toMatchObject({ host: '0.0.0.0', port: 0, dataDir: '/tmp/users', integrationTimeoutMs: 50 });
    expect(loadLocalConfig({ PORT: '65535' }).port).toBe(65535);
    expect(() => loadLocalConfig({ PORT: '65536' })).toThrow('PORT must be an integer from 0 to 65535, got "65536"');
    expect(() => loadLocalConfig({ INTEGRATION_TIMEOUT_MS: '29001' })).toThrow(
      'INTEGRATION_TIMEOUT_MS must be an integer from 50 to 29000, got "29001"',
    );
  });
});

describe('loadHookConfig', () => {
  it('takes a function version ARN', () => {
    const targetVersionArn = 'arn:aws:lambda:us-east-1:123456789012:function:users-api-fn:12';
    expect(loadHookConfig({ TARGET_VERSION_ARN: targetVersionArn })).toEqual({ targetVersionArn });
  });

  for (const arn of [
    undefined,
    '',
    'arn:aws:lambda:us-east-1:123456789012:function:users-api-fn',
    'xarn:aws:lambda:us-east-1:123456789012:function:users-api-fn:12',
    'arn:aws:lambda:us-east-1:123456789012:function:users-api-fn:12x',
    'arn:aws:lambda:us-east-1:1234:function:users-api-fn:12',
  ]) {
    it(`refuses ${JSON.stringify(arn)}`, () => {
      const error = thrownBy(() => loadHookConfig(arn === undefined ? {} : { TARGET_VERSION_ARN: arn }));
      expect(error.message).toBe(`TARGET_VERSION_ARN must be a function version ARN, got "${arn ?? ''}"`);
    });
  }
});
