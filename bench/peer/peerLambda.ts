// The peer's Lambda entry, bundled like the API's: the peer core on the same DynamoDB repository and event adapter.
import type { OpenAPIBackend } from 'openapi-backend';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/lambda/createHandler.js';
import { createDefaultDependencies } from '../../src/lambda/defaultApi.js';
import { createPeerApi } from './peerApi.js';

export function createPeerLambda(Backend: typeof OpenAPIBackend) {
  const config = loadConfig();
  const api = createPeerApi(Backend, createDefaultDependencies(config));
  return createHandler(config, () => api);
}
