import { describeValue } from "./describe.js";

/**
 * The one rule for every duration option of the package (task and shutdown timeouts, the
 * orchestrator's and the lab's delays, RAG's init timeout): any number of milliseconds from 0 up to
 * `Infinity`, and it really waits that long. Node clamps a single timer above 2^31 - 1 ms to 1 ms,
 * so longer waits are chained timers; `Infinity` sets no timer at all.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws a TypeError naming `option` unless `value` is undefined or a duration (0 to Infinity ms). */
export function checkDuration(value: unknown, option: string): void {
  if (value !== undefined && (typeof value !== "number" || !(value >= 0))) {
    throw new TypeError(`${option} must be a number of milliseconds from 0 to Infinity, got ${describeValue(value)}`);
  }
}

/** A wait longer than one Node timer can hold: the next link is armed when the previous one fires. */
class ChainedTimer<A> {
  #remaining: number;
  #timer: NodeJS.Timeout;
  readonly #callback: (arg: A) => void;
  readonly #arg: A;

  constructor(ms: number, callback: (arg: A) => void, arg: A) {
    this.#remaining = ms - MAX_TIMER_MS;
    this.#callback = callback;
    this.#arg = arg;
    this.#timer = setTimeout(ChainedTimer.#fire, MAX_TIMER_MS, this);
  }

  static #fire<A>(self: ChainedTimer<A>): void {
    if (self.#remaining <= 0) {
      self.#callback(self.#arg);
      return;
    }
    const next = Math.min(self.#remaining, MAX_TIMER_MS);
    self.#remaining -= next;
    self.#timer = setTimeout(ChainedTimer.#fire, next, self);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** What `startTimer()` returns: a plain Node timer for the common case, so short timeouts cost nothing extra. */
export type TimerHandle = NodeJS.Timeout | { clear(): void } | undefined;

/** Calls `callback(arg)` after `ms` milliseconds (any duration, see above); `Infinity` never calls it. */
export function startTimer<A>(ms: number, callback: (arg: A) => void, arg: A): TimerHandle {
  if (ms === Infinity) return undefined;
  if (ms <= MAX_TIMER_MS) return setTimeout(callback, ms, arg);
  return new ChainedTimer(ms, callback, arg);
}

export function stopTimer(handle: TimerHandle): void {
  if (handle === undefined) return;
  if ("clear" in handle) handle.clear();
  else clearTimeout(handle);
}

/** Resolves with true once `promise` settles, or with false after `ms`; the timer is cleared either way. Never rejects. */
export function settlesWithin(promise: PromiseLike<unknown>, ms: number): Promise<boolean> {
  let timer: TimerHandle;
  const deadline = new Promise<boolean>((resolve) => (timer = startTimer(ms, resolve, false)));
  const settled = Promise.resolve(promise).then(
    () => true,
    () => true,
  );
  return Promise.race([settled, deadline]).finally(() => stopTimer(timer));
}
