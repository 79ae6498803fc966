import { isTransient } from '../kube/errors.ts';

/** Time, behind an interface so tests can run the guard fast. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or early (without error) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Backoff for reconnecting: 250 ms doubling to 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(5000, 250 * 2 ** Math.max(0, attempt - 1));
}

/** Runs fn, retrying transient API failures (dropped connection, 5xx, 429) with backoff until the deadline. */
export async function retryTransient<T>(fn: () => Promise<T>, clock: Clock, deadline: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || clock.now() + backoffMs(attempt) > deadline) throw error;
      await clock.sleep(backoffMs(attempt));
    }
  }
}
