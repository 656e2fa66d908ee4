// `npm run token`: prints a dev access token for the local API.
// `npm run token -- --scope users:read,users:write [--sub alice] [--ttl 1h]`; signed by the key under DATA_DIR (made
// on first use) whose public half `npm start` publishes as its JWKS.
import { parseArgs } from 'node:util';
import { declaredScopes } from '../apiGateway/declaredScopes.js';
import spec from '../generated/openapi.json' with { type: 'json' };
import { issueDevToken, loadOrCreateSigningKey } from '../local/devAuth.js';
import { loadLocalConfig } from '../local/localConfig.js';

/** Every scope the spec's OAuth2 schemes define: the default, and the check against typos. */
const specScopes = () => Object.keys(declaredScopes(spec));

function seconds(ttl: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(ttl.trim());
  if (match === null) throw new Error(`--ttl must look like 3600, 90s, 15m, 1h or 1d; got "${ttl}"`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

try {
  const { values } = parseArgs({
    options: {
      scope: { type: 'string', default: specScopes().join(',') },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '1h' },
    },
  });
  const known = specScopes();
  const scopes = values.scope.split(/[ ,]+/).filter((s) => s !== '');
  const unknown = scopes.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`unknown scope ${unknown.join(', ')}; the spec defines ${known.join(', ')}`);
  const key = await loadOrCreateSigningKey(loadLocalConfig().dataDir);
  console.log(await issueDevToken(key, { scopes, subject: values.sub, ttlSeconds: seconds(values.ttl) }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
