// The scopes a spec declares: every flow of every oauth2 scheme, and nothing from other schemes.
import { describe, expect, it } from 'vitest';
import { declaredScopes } from '../../apiGateway/declaredScopes.js';
import spec from '../../generated/openapi.json' with { type: 'json' };

describe('declaredScopes', () => {
  it('gathers the scopes of every flow of every oauth2 scheme, with their descriptions', () => {
    const scopes = declaredScopes({
      components: {
        securitySchemes: {
          userPool: {
            type: 'oauth2',
            flows: {
              clientCredentials: { scopes: { 'users:read': 'Read users' } },
              authorizationCode: { scopes: { 'users:write': 'Change users' } },
              implicit: undefined,
              password: {},
            },
          },
          partners: { type: 'oauth2', flows: { clientCredentials: { scopes: { 'users:admin': 'Delete users' } } } },
          noFlows: { type: 'oauth2' },
          apiKey: { type: 'apiKey', flows: { clientCredentials: { scopes: { 'not:a:scope': 'ignored' } } } },
        },
      },
    });
    expect(scopes).toEqual({
      'users:read': 'Read users',
      'users:write': 'Change users',
      'users:admin': 'Delete users',
    });
  });

  it('finds none in a spec without security schemes', () => {
    expect(declaredScopes({})).toEqual({});
    expect(declaredScopes({ components: {} })).toEqual({});
  });

  it("reads the API's own spec: the scopes its operations require", () => {
    expect(Object.keys(declaredScopes(spec as never)).sort()).toEqual(['users:admin', 'users:read', 'users:write']);
  });
});
