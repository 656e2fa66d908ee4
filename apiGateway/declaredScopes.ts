// The OAuth2 scopes a spec declares (every flow of every oauth2 scheme), with their descriptions.
// The spec is their only source, for the dev token script, the Cognito resource server and the test gateway alike.

interface SpecWithSchemes {
  components?: { securitySchemes?: Record<string, { type?: string; flows?: unknown }> };
}

export function declaredScopes(spec: SpecWithSchemes): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const scheme of Object.values(spec.components?.securitySchemes ?? {})) {
    if (scheme.type !== 'oauth2') continue;
    const flows = (scheme.flows ?? {}) as Record<string, { scopes?: Record<string, string> } | undefined>;
    for (const flow of Object.values(flows)) Object.assign(scopes, flow?.scopes);
  }
  return scopes;
}
