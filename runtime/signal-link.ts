import type { Task } from "./task.js";

/**
 * One external `options.signal` shared by the pending tasks of one set: a single "abort" listener
 * however many tasks use the signal (so no MaxListenersExceededWarning, and O(1) per spawn), added
 * with the first task and removed with the last. Tasks without a signal never touch this.
 */
export class SignalLink {
  readonly #signal: AbortSignal;
  readonly #links: Map<AbortSignal, SignalLink>;
  readonly #tasks = new Set<Task<unknown>>();
  readonly #onAbort = (): void => {
    const reason: unknown = this.#signal.reason;
    for (const task of [...this.#tasks]) task.cancel(reason);
  };

  private constructor(signal: AbortSignal, links: Map<AbortSignal, SignalLink>) {
    this.#signal = signal;
    this.#links = links;
    signal.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** The link of `signal` in `links` (a set's map), created on first use, with `task` added. */
  static add(links: Map<AbortSignal, SignalLink>, signal: AbortSignal, task: Task<unknown>): SignalLink {
    let link = links.get(signal);
    if (link === undefined) links.set(signal, (link = new SignalLink(signal, links)));
    link.#tasks.add(task);
    return link;
  }

  /** Called when the task settles; the last one out removes the listener. */
  delete(task: Task<unknown>): void {
    this.#tasks.delete(task);
    if (this.#tasks.size > 0) return;
    this.#signal.removeEventListener("abort", this.#onAbort);
    if (this.#links.get(this.#signal) === this) this.#links.delete(this.#signal);
  }
}
