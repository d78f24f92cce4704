/**
 * A virtual clock for the model test: replaces the global setTimeout/clearTimeout (what every
 * TaskSet timer goes through) while installed. `advance()` fires due timers in (time, creation)
 * order, as Node does, and lets every microtask and immediate run after each one.
 */
export class FakeClock {
  now = 0;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; seq: number; fn: (...args: unknown[]) => void; args: unknown[] }>();
  #saved: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } | undefined;

  install(): void {
    this.#saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const id = ++this.#seq;
      this.#timers.set(id, { at: this.now + Math.max(1, ms ?? 0), seq: id, fn, args });
      return { id } as unknown as NodeJS.Timeout;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((handle?: { id?: number }) => {
      if (handle?.id !== undefined) this.#timers.delete(handle.id);
    }) as typeof clearTimeout;
  }

  uninstall(): void {
    if (this.#saved === undefined) return;
    globalThis.setTimeout = this.#saved.setTimeout;
    globalThis.clearTimeout = this.#saved.clearTimeout;
    this.#saved = undefined;
  }

  /** Timers due at or before `now + ms`, fired one by one; then the clock stands at `now + ms`. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      let next: { id: number; at: number; seq: number } | undefined;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= target && (next === undefined || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) next = { id, at: timer.at, seq: timer.seq };
      }
      if (next === undefined) break;
      const timer = this.#timers.get(next.id);
      this.#timers.delete(next.id);
      this.now = next.at;
      timer?.fn(...timer.args);
      await flush();
    }
    this.now = target;
  }
}

/** Lets every pending microtask (and the reactions they queue) run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
