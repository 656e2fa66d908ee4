// The request budget as a hard limit: an answer not ready by then is a 503, whatever chain of calls is still running.
import { ServiceUnavailableError } from './httpErrors.js';

export class RequestDeadlineExceeded extends Error {
  override name = 'RequestDeadlineExceeded';
}

/** The answer, or a ServiceUnavailableError once `ms` have passed (the work itself is left to end by its own deadlines). */
export async function beforeDeadline<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError(1, { cause: new RequestDeadlineExceeded(`no answer within ${ms} ms`) })),
      ms,
    );
  });
  // try/finally, not .finally(): that one rethrows a refusal through a promise no one awaits yet, so every 4xx
  // went through Node's unhandled-then-handled rejection tracking.
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
