// GET /hello: public liveness check.
import type { OperationHandler } from './types.js';

export const getHello: OperationHandler<'getHello'> = async ({ requestId }, { now }) => ({
  status: 200,
  body: { message: 'Hello from the Users API', requestId, timestamp: now().toISOString() },
});
