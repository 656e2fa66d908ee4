// The scopes a spec declares: every flow of every oauth2 scheme, and nothing from other schemes.
import { describe, expect, it } from 'vitest';
import { declaredScopes } from '../../apiGateway/declaredScopes.js';
import { operations, scopesOf, spec } from '../helpers/specFacts.js';

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

  it("reads the API's own spec: exactly the scopes its operations require, each described", () => {
    const declared = declaredScopes(spec as never);
    const required = new Set(operations.flatMap(scopesOf));
    expect(Object.keys(declared).sort()).toEqual([...required].sort());
    for (const description of Object.values(declared)) expect(description).not.toBe('');
  });
});
