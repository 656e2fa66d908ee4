// `npm run generate` kept warm in a worker thread for npm start's reload.
// Its modules load once, so a spec edit costs the generation alone. Started by path (local/reload/generator.ts), as
// a script is run, not imported by local/.
import { parentPort } from 'node:worker_threads';
import { generate } from './generation.js';

const port = parentPort;
if (port === null) throw new Error('generateWorker.ts runs in a worker thread');
port.on('message', ({ id, warm }: { id: number; warm?: boolean }) => {
  // A warm-up call answers once the modules above are loaded, which they are by the time any message is handled.
  if (warm === true) return port.postMessage({ id, result: [] });
  generate().then(
    (result) => port.postMessage({ id, result }),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
