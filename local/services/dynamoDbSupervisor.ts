// Keeps DynamoDB Local up for `npm start`: a Java child that dies is restarted on the same port and data directory.
// Each restart is said on the console; after too many deaths in a row the process exits non-zero with a clear message.
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from './dynamoDbLocal.js';

export interface SupervisorOptions {
  readonly dataDir: string;
  readonly log: (line: string) => void;
  /** Called once when restarting is given up; `npm start` prints it and exits 1. */
  readonly giveUp: (message: string) => void;
  /** Restarts allowed within `windowMs` before giving up. */
  readonly maxRestarts?: number;
  readonly windowMs?: number;
}

export interface SupervisedDynamoDb {
  readonly endpoint: string;
  /** The Java process running now. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export async function superviseDynamoDbLocal(options: SupervisorOptions): Promise<SupervisedDynamoDb> {
  const { dataDir, log, giveUp, maxRestarts = 5, windowMs = 60_000 } = options;
  // A fixed port: the Lambda's client keeps its endpoint across restarts.
  const port = await freePort();
  let current: DynamoDbLocal = await startDynamoDbLocal({ dataDir, port });
  let stopping = false;
  const restarts: number[] = [];

  const watch = (instance: DynamoDbLocal) =>
    void instance.exited.then(async (how) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while ((restarts[0] ?? now) < now - windowMs) restarts.shift();
      if (restarts.length > maxRestarts) {
        return giveUp(
          `DynamoDB Local died ${restarts.length} times within ${windowMs / 1000} s (last: ${how}); giving up. Check Java and ${dataDir}.`,
        );
      }
      log(`DynamoDB Local stopped (${how}); restarting it on ${instance.endpoint} with the data in ${dataDir}`);
      try {
        current = await startDynamoDbLocal({ dataDir, port });
      } catch (error) {
        return giveUp(`DynamoDB Local could not be restarted: ${(error as Error).message}`);
      }
      log(`DynamoDB Local is back on ${current.endpoint} (pid ${current.pid})`);
      watch(current);
    });
  watch(current);

  return {
    endpoint: current.endpoint,
    pid: () => current.pid,
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
}
