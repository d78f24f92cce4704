import { startTimer, stopTimer, type TimerHandle } from "../duration.js";

/**
 * Resolves after `ms` milliseconds (any duration: longer than 2^31 - 1 ms is chained, `Infinity`
 * waits for the abort), or rejects with `signal.reason` as soon as `signal` aborts. Uses the global
 * `setTimeout` (not `timers/promises`) so fake timers in tests drive it too.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      stopTimer(timer);
      reject(signal.reason as Error);
    };
    const timer: TimerHandle = startTimer(ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, undefined);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles like `work`, or rejects with `signal.reason` as soon as `signal` aborts, whichever comes
 * first. Work that ignores its signal cannot hold a caller past a cancel or a timeout; its late
 * outcome is still observed here, so a late rejection never becomes an unhandled one.
 */
export function untilAborted<T>(work: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      // Observe the abandoned work's outcome anyway, for the reason given above.
      work.then(resolve, reject);
      return;
    }
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(work)
      .finally(() => signal.removeEventListener("abort", onAbort))
      .then(resolve, reject);
  });
}
