// Retries a failed upload notification with backoff, then keeps it in a dead-letter file, as AWS does.
// Like Lambda's asynchronous invocation in the stack (infra/lib/constructs/AvatarBucket.ts): one that still fails is
// kept, not dropped, appended to the file and said on the console, with the event to replay.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface NotificationRetryOptions {
  /** Every attempt, the first included (Lambda: 1 + 2 retries). */
  readonly attempts?: number;
  /** Before the first retry; doubled before each next one (Lambda waits 1 min, then 2). */
  readonly firstDelayMs?: number;
  /** Where a notification that failed every attempt is kept, one JSON line each. */
  readonly deadLetterFile: string;
  readonly log?: (message: string) => void;
}

/** `handle` with retries; the returned function never rejects (a notification has no one to answer). */
export function withRetries<E>(
  handle: (event: E) => Promise<void>,
  { attempts = 3, firstDelayMs = 1000, deadLetterFile, log = console.error }: NotificationRetryOptions,
): (event: E) => Promise<void> {
  return async (event) => {
    let delayMs = firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(event);
        return;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt >= attempts) {
          const line = JSON.stringify({ failedAt: new Date().toISOString(), reason, event });
          await mkdir(dirname(deadLetterFile), { recursive: true });
          await appendFile(deadLetterFile, `${line}\n`);
          log(
            `Recording an avatar upload failed ${attempts} times (${reason}); the event is kept in ${deadLetterFile}`,
          );
          return;
        }
        log(`Recording an avatar upload failed (${reason}); retrying in ${delayMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs *= 2;
      }
    }
  };
}
