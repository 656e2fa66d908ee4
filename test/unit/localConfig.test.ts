// The dev runner's settings (local/localConfig.ts): defaults, each variable read and bounded, named when wrong.
import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../local/localConfig.js';

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
