import { TaskCancelledError, TaskTimeoutError } from "./errors.js";
import type { TaskInfo, TaskStatus } from "./report.js";
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

// Numeric states keep the hot path to small-integer compares.
export const PENDING = 0;
export const RUNNING = 1;
export const COMPLETED = 2;
export const FAILED = 3;
export const CANCELLED = 4;
export type FinalState = typeof COMPLETED | typeof FAILED | typeof CANCELLED;
const STATUS: readonly TaskStatus[] = ["pending", "running", "completed", "failed", "cancelled"];

// Why the signal aborted: the first reason wins.
const NOT_ABORTED = 0;
const BY_CANCEL = 1;
const BY_TIMEOUT = 2;

/** Internal protocol between a Task and the set that owns it (symbols keep it off the public surface). */
export const kStart = Symbol("taskguard.start");
export const kAdopt = Symbol("taskguard.adopt");
export const kSettled = Symbol("taskguard.settled");

export interface TaskOwner {
  [kSettled](task: Task<unknown>, wasQueued: boolean, state: FinalState, outcome: unknown): void;
}

function onTimeout(task: Task<unknown>): void {
  task[kStart](true);
}

/**
 * A handle to one unit of work owned by a TaskSet. It is deliberately not a thenable: holding a
 * handle never awaits the task, and a failure nobody reads never becomes an unhandled rejection
 * (the set reports it). Read {@link Task.result} to await the outcome.
 *
 * Outcome rules, decided when the function settles:
 * - fulfilled → `completed`, even after `cancel()` (the work finished; its value is kept);
 * - rejected or threw after `cancel()` (any error) → `cancelled`, `result` rejects with the cancel reason;
 * - settled in any way after its `timeoutMs` expired → `failed` with the {@link TaskTimeoutError};
 * - otherwise rejected or threw → `failed` with that error.
 * A queued task that is cancelled is removed without ever running. A tracked promise (`set.track()`)
 * cannot be stopped, so `cancel()` settles its task as `cancelled` at once and ignores the promise
 * from then on (a later rejection is swallowed, not reported).
 */
export class Task<T> implements TaskContext {
  /** Unique in the process, increasing in spawn order. */
  readonly id: number;
  #name: string | undefined;
  #owner: TaskOwner | undefined;
  #fn: TaskFn<T> | undefined;
  #state: number = PENDING;
  #abortedBy = NOT_ABORTED;
  #abortReason: unknown = undefined;
  #controller: AbortController | undefined = undefined;
  #timeoutMs: number | undefined;
  #timer: NodeJS.Timeout | undefined = undefined;
  #unlink: (() => void) | undefined = undefined;
  #outcome: unknown = undefined;
  #result: Promise<T> | undefined = undefined;
  #resolve: ((value: T) => void) | undefined = undefined;
  #reject: ((error: unknown) => void) | undefined = undefined;
  #spawnedAt: number;
  #startedAt = 0;
  #site: SpawnSite | undefined;
  #tracked = false;

  /** @internal Created by `TaskSet.spawn()` / `TaskSet.track()` only. */
  constructor(
    owner: TaskOwner,
    id: number,
    fn: TaskFn<T> | undefined,
    name: string | undefined,
    timeoutMs: number | undefined,
    site: SpawnSite | undefined,
    now: number,
  ) {
    this.id = id;
    this.#owner = owner;
    this.#fn = fn;
    this.#name = name;
    this.#timeoutMs = timeoutMs;
    this.#site = site;
    this.#spawnedAt = now;
  }

  /** The task's name: `options.name`, else the function's name, else `task#<id>`. */
  get name(): string {
    return this.#name ?? `task#${this.id}`;
  }

  /** Current lifecycle state; final once `completed`, `failed` or `cancelled`. */
  get status(): TaskStatus {
    return STATUS[this.#state] ?? "pending";
  }

  /**
   * Aborts when this task is cancelled, times out, or its set shuts down / cancels all. The
   * AbortController behind it is created on first read; a read after the abort returns an
   * already-aborted signal carrying the reason.
   */
  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = this.#controller = new AbortController();
      if (this.#abortedBy !== NOT_ABORTED) controller.abort(this.#abortReason);
    }
    return controller.signal;
  }

  /**
   * Settles with the task's value, or rejects with its error (a cancelled task: with the cancel
   * reason). Created on first read only, so a failure nobody reads is reported by the set and never
   * becomes an unhandled rejection; once read, handling it is the reader's job.
   */
  get result(): Promise<T> {
    if (this.#result === undefined) {
      const state = this.#state;
      if (state === COMPLETED) this.#result = Promise.resolve(this.#outcome as T);
      else if (state > COMPLETED) this.#result = Promise.reject(this.#outcome);
      else {
        this.#result = new Promise<T>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
      }
    }
    return this.#result;
  }

  /**
   * Requests cancellation: a queued or tracked task is settled as `cancelled` at once; a running
   * task has its signal aborted with `reason` and becomes `cancelled` if it then rejects or throws.
   * No effect on a settled task or after an earlier cancel/timeout (the first reason wins).
   * @default reason a TaskCancelledError naming the task
   */
  cancel(reason?: unknown): void {
    if (this.#state >= COMPLETED || this.#abortedBy !== NOT_ABORTED) return;
    this.#abortedBy = BY_CANCEL;
    this.#abortReason = reason === undefined ? new TaskCancelledError(`Task "${this.name}" was cancelled`) : reason;
    this.#controller?.abort(this.#abortReason);
    if (this.#state === PENDING || this.#tracked) this.#settle(false, this.#abortReason);
  }

  /** A plain snapshot of this task, safe to keep after it settles. */
  info(): TaskInfo {
    const info: TaskInfo = { id: this.id, name: this.name, status: this.status, spawnedAt: this.#spawnedAt };
    if (this.#startedAt !== 0) info.startedAt = this.#startedAt;
    if (this.#site !== undefined) info.spawnSite = this.#site.toString();
    return info;
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
    this.#unlink = () => signal.removeEventListener("abort", onAbort);
    return true;
  }

  /** @internal Starts the function (or, with `timedOut`, handles the expiry of `timeoutMs`). */
  [kStart](timedOut?: boolean): void {
    if (timedOut === true) {
      if (this.#state !== RUNNING || this.#abortedBy !== NOT_ABORTED) return;
      this.#abortedBy = BY_TIMEOUT;
      this.#abortReason = new TaskTimeoutError(this.name, this.#timeoutMs ?? 0);
      this.#controller?.abort(this.#abortReason);
      return;
    }
    const fn = this.#fn;
    if (fn === undefined || this.#state !== PENDING) return;
    this.#fn = undefined;
    this.#state = RUNNING;
    this.#startedAt = Date.now();
    if (this.#timeoutMs !== undefined) this.#timer = setTimeout(onTimeout, this.#timeoutMs, this);
    let value: T | PromiseLike<T>;
    try {
      value = fn(this);
    } catch (error) {
      // A synchronous throw is a task failure, never an exception out of spawn().
      this.#settle(false, error);
      return;
    }
    if (value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<T>).then === "function") {
      this.#follow(value as PromiseLike<T>);
    } else {
      this.#settle(true, value);
    }
  }

  /** @internal Adopts an already-running promise (`set.track()`). */
  [kAdopt](promise: PromiseLike<T>): void {
    this.#state = RUNNING;
    this.#startedAt = this.#spawnedAt;
    this.#tracked = true;
    this.#follow(promise);
  }

  #follow(promise: PromiseLike<T>): void {
    try {
      promise.then(
        (value) => this.#settle(true, value),
        (error: unknown) => this.#settle(false, error),
      );
    } catch (error) {
      this.#settle(false, error);
    }
  }

  #settle(ok: boolean, outcome: unknown): void {
    const previous = this.#state;
    if (previous >= COMPLETED) return; // a tracked promise settling after cancel(), or a thenable calling back twice
    let state: FinalState;
    if (this.#abortedBy === BY_TIMEOUT) {
      state = FAILED;
      outcome = this.#abortReason;
    } else if (ok) {
      state = COMPLETED;
    } else if (this.#abortedBy === BY_CANCEL) {
      state = CANCELLED;
      outcome = this.#abortReason;
    } else {
      state = FAILED;
    }
    this.#state = state;
    this.#outcome = outcome;
    this.#fn = undefined;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#unlink !== undefined) {
      this.#unlink();
      this.#unlink = undefined;
    }
    if (state === COMPLETED) this.#resolve?.(outcome as T);
    else this.#reject?.(outcome);
    this.#resolve = this.#reject = undefined;
    const owner = this.#owner;
    this.#owner = undefined;
    owner?.[kSettled](this as Task<unknown>, previous === PENDING, state, outcome);
  }
}
