import { TaskCancelledError, TaskTimeoutError } from "./errors.js";
import type { TaskInfo, TaskStatus } from "./report.js";
import type { SpawnSite } from "./spawn-site.js";
import { kNext, kPrev, type Linked } from "./task-list.js";

/**
 * What a spawned function receives. `signal` aborts when the task is cancelled, times out, or its
 * set shuts down or cancels all; it is created on first read, so tasks that never look at it cost
 * no AbortController.
 */
export interface TaskContext {
  readonly signal: AbortSignal;
  readonly id: number;
  readonly name: string;
}

/** The work handed to `set.spawn()`. It may return a value, a promise or any thenable. */
export type TaskFn<T> = (ctx: TaskContext) => T | PromiseLike<T>;

// Numeric states keep the hot path to small-integer compares. Bits 0-2: state; bits 3-4: why the
// signal aborted (the first reason wins).
export const PENDING = 0;
export const RUNNING = 1;
export const COMPLETED = 2;
export const FAILED = 3;
export const CANCELLED = 4;
export type FinalState = typeof COMPLETED | typeof FAILED | typeof CANCELLED;
const STATE_MASK = 7;
const BY_CANCEL = 8;
const BY_TIMEOUT = 16;
const ABORTED_MASK = BY_CANCEL | BY_TIMEOUT;
const STARTED = 32;
const STATUS: readonly TaskStatus[] = ["pending", "running", "completed", "failed", "cancelled"];

// Timestamps are kept relative to module load so they stay small integers (no boxed doubles per task).
const EPOCH = Date.now();
export function clock(): number {
  return Date.now() - EPOCH;
}

/** Internal protocol between a Task and the set that owns it (symbols keep it off the public surface). */
export const kStart = Symbol("taskguard.start");
export const kAdopt = Symbol("taskguard.adopt");
export const kSettled = Symbol("taskguard.settled");
export const kSettle = Symbol("taskguard.settle");
const kTimeout = Symbol("taskguard.timeout");

export interface TaskOwner {
  [kSettled](task: Task<unknown>, wasQueued: boolean, state: FinalState, outcome: unknown): void;
}

/** Rarely needed per-task state, allocated only when a task uses a timeout, a signal, a spawn site or its result. */
class Extras {
  controller: AbortController | undefined = undefined;
  abortReason: unknown = undefined;
  timeoutMs: number | undefined = undefined;
  timer: NodeJS.Timeout | undefined = undefined;
  unlink: (() => void) | undefined = undefined;
  site: SpawnSite | undefined = undefined;
  /** Set when the task waited in the queue; otherwise it started when it was spawned. */
  startedAt = -1;
  tracked = false;
  result: Promise<unknown> | undefined = undefined;
  resolve: ((value: unknown) => void) | undefined = undefined;
  reject: ((error: unknown) => void) | undefined = undefined;
}

// Shared reaction handlers, bound per task: two bound functions cost less than two closures and
// their context (about 96 vs 150 bytes per pending task). They are object-literal methods on
// purpose: tools that re-define `name` on function declarations (esbuild/tsx keepNames) push
// `bind()` off V8's fast path and make every bound function several hundred bytes.
const reactions = {
  onFulfilled(this: Task<unknown>, value: unknown): void {
    this[kSettle](true, value);
  },
  onRejected(this: Task<unknown>, error: unknown): void {
    this[kSettle](false, error);
  },
};
// A module function, not a #private method: private methods add a brand slot to every instance.
function follow(task: Task<unknown>, promise: PromiseLike<unknown>): void {
  try {
    promise.then(reactions.onFulfilled.bind(task), reactions.onRejected.bind(task));
  } catch (error) {
    task[kSettle](false, error); // a thenable whose then() throws
  }
}

function onTimeout(task: Task<unknown>): void {
  task[kTimeout]();
}

/**
 * A handle to one unit of work owned by a TaskSet. It is deliberately not a thenable: holding a
 * handle never awaits the task, and a failure nobody reads never becomes an unhandled rejection
 * (the set reports it). Read {@link Task.result} to await the outcome. The handle is also the
 * `ctx` its function receives.
 *
 * Outcome rules, decided when the function settles:
 * - fulfilled → `completed`, even after `cancel()` (the work finished; its value is kept);
 * - rejected or threw after `cancel()` (with any error) → `cancelled`; `result` rejects with the cancel reason;
 * - settled in any way after its `timeoutMs` expired → `failed` with the {@link TaskTimeoutError};
 * - otherwise rejected or threw → `failed` with that error.
 *
 * A queued task that is cancelled is removed without ever running. A tracked promise (`set.track()`)
 * cannot be stopped, so `cancel()` settles its task as `cancelled` at once and ignores the promise
 * from then on (a later rejection is swallowed, not reported).
 */
export class Task<T> implements TaskContext, Linked {
  /** Unique in the process, increasing in spawn order. */
  readonly id: number;
  #name: string | undefined;
  #owner: TaskOwner | undefined;
  #state: number = PENDING;
  /** The function while queued, nothing while running, the value or error once settled. */
  #slot: unknown;
  #spawnedAt: number;
  #x: Extras | undefined = undefined;
  /** @internal */
  [kPrev]: Task<unknown> | undefined = undefined;
  /** @internal */
  [kNext]: Task<unknown> | undefined = undefined;

  /** @internal Created by `TaskSet.spawn()` / `TaskSet.track()` only. */
  constructor(owner: TaskOwner, id: number, fn: TaskFn<T> | undefined, name: string | undefined, now: number) {
    this.id = id;
    this.#owner = owner;
    this.#slot = fn;
    this.#name = name;
    this.#spawnedAt = now;
  }

  /** The task's name: `options.name`, else the function's name, else `task#<id>`. */
  get name(): string {
    return this.#name ?? `task#${this.id}`;
  }

  /** Current lifecycle state; final once `completed`, `failed` or `cancelled`. */
  get status(): TaskStatus {
    return STATUS[this.#state & STATE_MASK] ?? "pending";
  }

  /**
   * Aborts when this task is cancelled, times out, or its set shuts down / cancels all. The
   * AbortController behind it is created on first read; a read after the abort returns an
   * already-aborted signal carrying the reason.
   */
  get signal(): AbortSignal {
    const x = (this.#x ??= new Extras());
    if (x.controller === undefined) {
      x.controller = new AbortController();
      if ((this.#state & ABORTED_MASK) !== 0) x.controller.abort(x.abortReason);
    }
    return x.controller.signal;
  }

  /**
   * Settles with the task's value, or rejects with its error (a cancelled task: with the cancel
   * reason). Created on first read only, so a failure nobody reads is reported by the set and never
   * becomes an unhandled rejection; once read, handling it is the reader's job.
   */
  get result(): Promise<T> {
    const x = (this.#x ??= new Extras());
    if (x.result === undefined) {
      const state = this.#state & STATE_MASK;
      if (state === COMPLETED) x.result = Promise.resolve(this.#slot);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the task's own error, as thrown
      else if (state > COMPLETED) x.result = Promise.reject(this.#slot);
      else {
        x.result = new Promise<unknown>((resolve, reject) => {
          x.resolve = resolve;
          x.reject = reject;
        });
      }
    }
    return x.result as Promise<T>;
  }

  /**
   * Requests cancellation: a queued or tracked task is settled as `cancelled` at once; a running
   * task has its signal aborted with `reason` and becomes `cancelled` if it then rejects or throws.
   * No effect on a settled task or after an earlier cancel or timeout (the first reason wins).
   * @default reason a TaskCancelledError naming the task
   */
  cancel(reason?: unknown): void {
    const state = this.#state;
    if ((state & STATE_MASK) >= COMPLETED || (state & ABORTED_MASK) !== 0) return;
    this.#state = state | BY_CANCEL;
    const x = (this.#x ??= new Extras());
    x.abortReason = reason === undefined ? new TaskCancelledError(`Task "${this.name}" was cancelled`) : reason;
    x.controller?.abort(x.abortReason);
    if ((state & STATE_MASK) === PENDING || x.tracked) this[kSettle](false, x.abortReason);
  }

  /** A plain snapshot of this task, safe to keep after it settles. */
  info(): TaskInfo {
    const info: TaskInfo = { id: this.id, name: this.name, status: this.status, spawnedAt: EPOCH + this.#spawnedAt };
    const x = this.#x;
    if ((this.#state & STARTED) !== 0) info.startedAt = EPOCH + (x !== undefined && x.startedAt >= 0 ? x.startedAt : this.#spawnedAt);
    if (x?.site !== undefined) info.spawnSite = x.site.toString();
    return info;
  }

  /** @internal Sets up what `spawn()` options ask for before the task is started or queued. */
  configure(timeoutMs: number | undefined, site: SpawnSite | undefined): void {
    const x = (this.#x ??= new Extras());
    x.timeoutMs = timeoutMs;
    x.site = site;
  }

  /**
   * @internal Links an external `options.signal`; the listener is removed when the task settles.
   * Returns false when the signal had already aborted, which cancels the task before it runs.
   */
  linkSignal(signal: AbortSignal): boolean {
    if (signal.aborted) {
      this.cancel(signal.reason);
      return false;
    }
    const onAbort = (): void => this.cancel(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    (this.#x ??= new Extras()).unlink = () => signal.removeEventListener("abort", onAbort);
    return true;
  }

  /** @internal Starts the function; `queued` says it waited, so its start time differs from its spawn time. */
  [kStart](queued: boolean): void {
    const fn = this.#slot as TaskFn<T>;
    this.#slot = undefined;
    this.#state = (this.#state & ~STATE_MASK) | RUNNING | STARTED;
    if (queued) (this.#x ??= new Extras()).startedAt = clock();
    const x = this.#x;
    if (x?.timeoutMs !== undefined) x.timer = setTimeout(onTimeout, x.timeoutMs, this as unknown as Task<unknown>);
    let value: T | PromiseLike<T>;
    try {
      value = fn(this);
    } catch (error) {
      // A synchronous throw is a task failure, never an exception out of spawn().
      this[kSettle](false, error);
      return;
    }
    if (value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<T>).then === "function") {
      follow(this, value as PromiseLike<unknown>);
    } else {
      this[kSettle](true, value);
    }
  }

  /** @internal Adopts an already-running promise (`set.track()`). */
  [kAdopt](promise: PromiseLike<T>): void {
    this.#state = RUNNING | STARTED;
    (this.#x ??= new Extras()).tracked = true;
    follow(this, promise);
  }

  [kTimeout](): void {
    const state = this.#state;
    if ((state & STATE_MASK) !== RUNNING || (state & ABORTED_MASK) !== 0) return;
    this.#state = state | BY_TIMEOUT;
    const x = this.#x as Extras;
    x.timer = undefined;
    x.abortReason = new TaskTimeoutError(this.name, x.timeoutMs ?? 0);
    x.controller?.abort(x.abortReason);
  }

  /** @internal Decides the final state (see the class comment) and tells the owner, exactly once. */
  [kSettle](ok: boolean, outcome: unknown): void {
    const previous = this.#state;
    const from = previous & STATE_MASK;
    if (from >= COMPLETED) return; // a tracked promise settling after cancel(), or a thenable calling back twice
    let state: FinalState;
    if ((previous & BY_TIMEOUT) !== 0) {
      state = FAILED;
      outcome = this.#x?.abortReason;
    } else if (ok) {
      state = COMPLETED;
    } else if ((previous & BY_CANCEL) !== 0) {
      state = CANCELLED;
      outcome = this.#x?.abortReason;
    } else {
      state = FAILED;
    }
    this.#state = (previous & ~STATE_MASK) | state;
    this.#slot = outcome;
    const x = this.#x;
    if (x !== undefined) {
      if (x.timer !== undefined) clearTimeout(x.timer);
      x.unlink?.();
      if (state === COMPLETED) x.resolve?.(outcome);
      else x.reject?.(outcome);
      x.timer = x.unlink = x.resolve = x.reject = undefined;
    }
    const owner = this.#owner;
    this.#owner = undefined;
    owner?.[kSettled](this, from === PENDING, state, outcome);
  }
}
