import { isOwnCancellation } from "./cancellation.js";
import { TaskCancelledError, TaskTimeoutError } from "./errors.js";
import { startTimer, stopTimer, type TimerHandle } from "./duration.js";
import type { TaskInfo, TaskStatus } from "./report.js";
import type { SignalLink } from "./signal-link.js";
import type { SpawnSite } from "./spawn-site.js";

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
// signal aborted (the first reason wins); bit 5: it ran; bit 6: failed at its deadline while its
// function still runs (it keeps its slot until the function settles).
const PENDING = 0;
const RUNNING = 1;
const COMPLETED = 2;
const FAILED = 3;
const CANCELLED = 4;
const STATE_MASK = 7;
const BY_CANCEL = 8;
const BY_TIMEOUT = 16;
const ABORTED_MASK = BY_CANCEL | BY_TIMEOUT;
const STARTED = 32;
const OVERDUE = 64;
const STATUS: readonly TaskStatus[] = ["pending", "running", "completed", "failed", "cancelled"];

/** @internal How a task ended, as its owner counts it. */
export type FinalStatus = "completed" | "failed" | "cancelled";

// Timestamps are kept relative to module load so they stay small integers (no boxed doubles per task).
const EPOCH = Date.now();
/** @internal */
export function clock(): number {
  return Date.now() - EPOCH;
}

/**
 * @internal What a task tells the set that owns it. `settled` runs once, when the outcome is final;
 * `released` once, when the task leaves its list (its function settled, or it never ran or was a
 * cancelled tracked promise); for a task that is still running at its deadline, `released` comes later.
 */
export interface TaskOwner {
  settled(task: Task<unknown>, status: FinalStatus, outcome: unknown, overdue: boolean): void;
  released(task: Task<unknown>, wasQueued: boolean, wasOverdue: boolean): void;
}

/** Rarely needed per-task state, allocated only when a task uses a timeout, a signal, a spawn site or its result. */
class Extras {
  controller: AbortController | undefined = undefined;
  abortReason: unknown = undefined;
  timeoutMs: number | undefined = undefined;
  timer: TimerHandle = undefined;
  link: SignalLink | undefined = undefined;
  site: SpawnSite | undefined = undefined;
  /** Set when the task waited in the queue; otherwise it started when it was spawned. */
  startedAt = -1;
  tracked = false;
  result: Promise<unknown> | undefined = undefined;
  resolve: ((value: unknown) => void) | undefined = undefined;
  reject: ((error: unknown) => void) | undefined = undefined;
}

/** @internal The protocol between tasks, their lists and their set: module functions, so none of it is on the public surface. */
export let createTask: <T>(owner: TaskOwner, id: number, fn: TaskFn<T> | undefined, name: string | undefined, now: number) => Task<T>;
/** @internal Sets up what `spawn()` options ask for before the task is started or queued. */
export let configureTask: (task: Task<unknown>, timeoutMs: number | undefined, site: SpawnSite | undefined, link: SignalLink | undefined) => void;
/** @internal Starts the function; `queued` says it waited, so its start time differs from its spawn time. */
export let startTask: (task: Task<unknown>, queued: boolean) => void;
/** @internal Adopts an already-running promise (`set.track()`). */
export let adoptTask: (task: Task<unknown>, promise: PromiseLike<unknown>) => void;
/** @internal The intrusive links of `TaskList` (two fields per task instead of a Set entry). */
export let links: {
  prev(task: Task<unknown>): Task<unknown> | undefined;
  next(task: Task<unknown>): Task<unknown> | undefined;
  setPrev(task: Task<unknown>, prev: Task<unknown> | undefined): void;
  setNext(task: Task<unknown>, next: Task<unknown> | undefined): void;
};

let finish: (task: Task<unknown>, ok: boolean, outcome: unknown) => void;

/**
 * A handle to one unit of work owned by a TaskSet. It is deliberately not a thenable: holding a
 * handle never awaits the task, and a failure nobody reads never becomes an unhandled rejection
 * (the set reports it). Read {@link Task.result} to await the outcome. The handle is also the
 * `ctx` its function receives.
 *
 * Outcome rules (asyncio's):
 * - fulfilled → `completed`, even after `cancel()` (the work finished; its value is kept);
 * - rejected with its own cancellation after `cancel()` (the abort reason, an `AbortError` or a
 *   {@link TaskCancelledError}) → `cancelled`; `result` rejects with the abort reason;
 * - still running when its `timeoutMs` expires → `failed` at that moment with the
 *   {@link TaskTimeoutError} (its signal aborts with it); if the function ignores the signal, the
 *   task keeps its concurrency slot and counts in the set's `size` until the function settles;
 * - any other rejection or throw → `failed` with that error, whether or not a cancel was requested.
 *
 * A queued task that is cancelled is removed without ever running. A tracked promise (`set.track()`)
 * cannot be stopped, so `cancel()` settles its task as `cancelled` at once and ignores the promise
 * from then on (a later rejection is swallowed, not reported).
 */
export class Task<T> implements TaskContext {
  /** Unique in the process, increasing in spawn order. */
  readonly id: number;
  #name: string | undefined;
  #owner: TaskOwner | undefined;
  #state: number = PENDING;
  /** The function while queued, nothing while running, the value or error once settled. */
  #slot: unknown;
  #spawnedAt: number;
  #x: Extras | undefined = undefined;
  #prev: Task<unknown> | undefined = undefined;
  #next: Task<unknown> | undefined = undefined;

  private constructor(owner: TaskOwner, id: number, fn: TaskFn<T> | undefined, name: string | undefined, now: number) {
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
   * reason; a timed-out one: with its TaskTimeoutError, at the deadline). Created on first read
   * only, so a failure nobody reads is reported by the set and never becomes an unhandled
   * rejection; once read, handling it is the reader's job.
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
   * task has its signal aborted with `reason` and becomes `cancelled` if it then rejects with its
   * cancellation (any other error still makes it `failed`). No effect on a settled task or after an
   * earlier cancel or timeout (the first reason wins).
   * @default reason a TaskCancelledError naming the task
   */
  cancel(reason?: unknown): void {
    const state = this.#state;
    if ((state & STATE_MASK) >= COMPLETED || (state & ABORTED_MASK) !== 0) return;
    this.#state = state | BY_CANCEL;
    const x = (this.#x ??= new Extras());
    x.abortReason = reason === undefined ? new TaskCancelledError(`Task "${this.name}" was cancelled`) : reason;
    x.controller?.abort(x.abortReason);
    if ((state & STATE_MASK) === PENDING || x.tracked) Task.#settle(this, CANCELLED, x.abortReason, true);
  }

  /** A plain snapshot of this task, safe to keep after it settles. */
  info(): TaskInfo {
    const info: TaskInfo = { id: this.id, name: this.name, status: this.status, spawnedAt: EPOCH + this.#spawnedAt };
    const x = this.#x;
    if ((this.#state & STARTED) !== 0) info.startedAt = EPOCH + (x !== undefined && x.startedAt >= 0 ? x.startedAt : this.#spawnedAt);
    if (x?.site !== undefined) info.spawnSite = x.site.toString();
    return info;
  }

  // Static, not instance, private methods: an instance private method adds a brand slot to every task.

  /** The function (or tracked promise) settled: decide the outcome unless the deadline already did, and free the slot. */
  static #finish(task: Task<unknown>, ok: boolean, outcome: unknown): void {
    const state = task.#state;
    if ((state & STATE_MASK) >= COMPLETED) {
      // Overdue: failed at its deadline, and only now does its function let go of the slot.
      // Otherwise a tracked promise settling after cancel(), or a thenable calling back twice.
      if ((state & OVERDUE) !== 0) {
        task.#state = state & ~OVERDUE;
        const owner = task.#owner;
        task.#owner = undefined;
        owner?.released(task, false, true);
      }
      return;
    }
    const cancelled = !ok && (state & BY_CANCEL) !== 0 && isOwnCancellation(outcome, task.#x?.abortReason);
    Task.#settle(task, ok ? COMPLETED : cancelled ? CANCELLED : FAILED, cancelled ? task.#x?.abortReason : outcome, true);
  }

  /** Records the final state and tells the owner, exactly once; `release` says the task also leaves its list now. */
  static #settle(task: Task<unknown>, final: typeof COMPLETED | typeof FAILED | typeof CANCELLED, outcome: unknown, release: boolean): void {
    const previous = task.#state;
    task.#state = (previous & ~STATE_MASK) | final | (release ? 0 : OVERDUE);
    task.#slot = outcome;
    const x = task.#x;
    if (x !== undefined) {
      stopTimer(x.timer);
      x.link?.delete(task);
      if (final === COMPLETED) x.resolve?.(outcome);
      else x.reject?.(outcome);
      x.timer = x.link = x.resolve = x.reject = undefined;
    }
    const owner = task.#owner;
    if (owner === undefined) return;
    if (release) task.#owner = undefined;
    owner.settled(task, STATUS[final] as FinalStatus, outcome, !release);
    if (release) owner.released(task, (previous & STATE_MASK) === PENDING, false);
  }

  static #timeout(task: Task<unknown>): void {
    const state = task.#state;
    const x = task.#x as Extras;
    x.timer = undefined;
    if ((state & STATE_MASK) !== RUNNING || (state & ABORTED_MASK) !== 0) return;
    task.#state = state | BY_TIMEOUT;
    x.abortReason = new TaskTimeoutError(task.name, x.timeoutMs ?? 0);
    x.controller?.abort(x.abortReason);
    // Aborting may have settled it synchronously; otherwise it fails now and keeps its slot.
    if ((task.#state & STATE_MASK) === RUNNING) Task.#settle(task, FAILED, x.abortReason, false);
  }

  static {
    createTask = (owner, id, fn, name, now) => new Task(owner, id, fn, name, now);
    configureTask = (task, timeoutMs, site, link) => {
      const x = (task.#x ??= new Extras());
      x.timeoutMs = timeoutMs;
      x.site = site;
      x.link = link;
    };
    startTask = (task, queued) => {
      const fn = task.#slot as TaskFn<unknown>;
      task.#slot = undefined;
      task.#state = (task.#state & ~STATE_MASK) | RUNNING | STARTED;
      if (queued) (task.#x ??= new Extras()).startedAt = clock();
      const x = task.#x;
      if (x?.timeoutMs !== undefined) x.timer = startTimer(x.timeoutMs, Task.#timeout, task);
      let value: unknown;
      try {
        value = fn(task);
      } catch (error) {
        // A synchronous throw is a task failure, never an exception out of spawn().
        Task.#finish(task, false, error);
        return;
      }
      follow(task, value);
    };
    adoptTask = (task, promise) => {
      task.#state = RUNNING | STARTED;
      (task.#x ??= new Extras()).tracked = true;
      follow(task, promise);
    };
    links = {
      prev: (task) => task.#prev,
      next: (task) => task.#next,
      setPrev: (task, prev) => {
        task.#prev = prev;
      },
      setNext: (task, next) => {
        task.#next = next;
      },
    };
    finish = Task.#finish;
  }
}

// Shared reaction handlers, bound per task: two bound functions cost less than two closures and
// their context (about 96 vs 150 bytes per pending task). They are object-literal methods on
// purpose: tools that re-define `name` on function declarations (esbuild/tsx keepNames) push
// `bind()` off V8's fast path and make every bound function several hundred bytes.
const reactions = {
  onFulfilled(this: Task<unknown>, value: unknown): void {
    finish(this, true, value);
  },
  onRejected(this: Task<unknown>, error: unknown): void {
    finish(this, false, error);
  },
};

type Then = (this: unknown, onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void) => void;

/** @internal Whether `value` looks like a thenable; a `then` getter that throws counts, so following it reports the throw. */
export function isThenable(value: unknown): boolean {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  try {
    return typeof (value as PromiseLike<unknown>).then === "function";
  } catch {
    return true;
  }
}

/**
 * Waits for `value` if it is a thenable, else completes with it. `then` is read once and called on
 * the value, inside the try: a getter or a `then()` that throws is the task's failure, never an
 * exception out of `spawn()` and never a task left running forever.
 */
function follow(task: Task<unknown>, value: unknown): void {
  try {
    const then: unknown = value !== null && (typeof value === "object" || typeof value === "function") ? (value as { then?: unknown }).then : undefined;
    if (typeof then !== "function") {
      finish(task, true, value);
      return;
    }
    // Called on the value, as the promise resolution procedure does; what it returns is not ours to keep.
    (then as Then).call(value, reactions.onFulfilled.bind(task), reactions.onRejected.bind(task));
  } catch (error) {
    finish(task, false, error);
  }
}
