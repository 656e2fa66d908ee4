// The request budget as a hard limit: an answer not ready by then is a 503, whatever chain of calls is still running.
import { ServiceUnavailableError } from './httpErrors.js';

export class RequestDeadlineExceeded extends Error {
  override name = 'RequestDeadlineExceeded';
}

/** The answer, or a ServiceUnavailableError once `ms` have passed (the work itself is left to end by its own deadlines). */
export function beforeDeadline<T>(answer: Promise<T>, ms: number): Promise<T> {
  // One promise settled by whichever comes first (no race, no finally: a refusal passes through handled promises only).
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ServiceUnavailableError(1, { cause: new RequestDeadlineExceeded(`no answer within ${ms} ms`) })),
      ms,
    );
    answer.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
