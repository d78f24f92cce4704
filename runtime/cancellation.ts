import { TaskCancelledError } from "./errors.js";

/**
 * Whether a cancelled task's rejection is its own cancellation (asyncio's rule): the abort reason
 * itself, an `AbortError` (what `fetch`, streams and timers/promises reject with on abort) or a
 * TaskCancelledError. Any other error is a real failure, even after a cancel. Reads the value
 * guardedly: a hostile rejection value is a failure, not a crash.
 */
export function isOwnCancellation(error: unknown, abortReason: unknown): boolean {
  if (error === abortReason) return true;
  try {
    return error instanceof TaskCancelledError || (error instanceof Error && error.name === "AbortError");
  } catch {
    return false;
  }
}
