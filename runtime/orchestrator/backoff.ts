/** Retry delays: exponential growth, capped, with full jitter. */
export interface BackoffOptions {
  /**
   * Upper bound of the first retry's delay; each further retry doubles it.
   * @default 100
   */
  baseMs?: number;
  /**
   * No retry waits longer than this.
   * @default 10_000
   */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 100, maxMs: 10_000 } as const;

/**
 * The delay before retry number `retry` (1 for the first retry): a uniformly random value in
 * `[0, min(maxMs, baseMs * 2^(retry-1)))` — "full jitter", which spreads retries of many tasks that
 * failed together instead of letting them hit the agents again in lockstep.
 */
export function backoffDelay(retry: number, options: Required<BackoffOptions>, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  const delay = random() * ceiling;
  return Number.isNaN(delay) ? 0 : Math.floor(delay); // 0 * Infinity: a zero draw waits not at all
}
