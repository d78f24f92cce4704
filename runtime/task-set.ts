import { TaskCancelledError, TaskSetClosedError } from "./errors.js";
import { instrumentation } from "./hooks.js";
import type { TaskSetLedger } from "./ledger.js";
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  checkBoolean,
  checkDuration,
  checkFunction,
  checkObject,
  checkPositiveInteger,
  checkString,
  type ShutdownOptions,
  type SpawnOptions,
  type TaskSetOptions,
  type TrackOptions,
} from "./options.js";
import { reportToConsole, type ShutdownReport, type TaskInfo } from "./report.js";
import { SpawnSite } from "./spawn-site.js";
import { COMPLETED, CANCELLED, Task, clock, kAdopt, kSettled, kStart, type FinalState, type TaskFn, type TaskOwner } from "./task.js";
import { TaskList } from "./task-list.js";

/** Counters of a set; `spawned === completed + failed + cancelled + running + queued` at all times. */
export interface TaskSetStats {
  spawned: number;
  running: number;
  queued: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** `shutdown()` keeps at most this many failures in its report; the rest are counted in `errorsOmitted`. */
export const MAX_REPORTED_ERRORS = 10_000;

let nextTaskId = 1;

/**
 * Owns every task spawned into it until the task settles: each failure reaches `onError` (or the
 * console) and the shutdown report, and `shutdown()` cancels and drains the rest without ever hanging.
 * Spawn and settle are O(1); a task that never reads `ctx.signal` allocates no AbortController and a
 * task without `timeoutMs` no timer; nothing is retained once a task settles.
 *
 * @example
 * ```ts
 * await using tasks = new TaskSet({ name: "indexer" });
 * tasks.spawn(({ signal }) => reindex(signal), { name: "reindex", timeoutMs: 30_000 });
 * ```
 */
export class TaskSet implements TaskOwner, AsyncDisposable {
  #name: string;
  #onError: ((error: unknown, info: TaskInfo) => void) | undefined;
  #maxConcurrency: number;
  #failFast: boolean;
  #captureStacks: boolean | undefined;
  #running = new TaskList();
  #queue: TaskList | undefined;
  #spawned = 0;
  #completed = 0;
  #failed = 0;
  #cancelled = 0;
  #errors: { error: unknown; task: TaskInfo }[] = [];
  #errorsOmitted = 0;
  #closed = false;
  #controller: AbortController | undefined;
  #closeReason: unknown;
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;
  #draining = false;
  #parent: TaskSet | undefined;
  #children: Set<TaskSet> | undefined;
  #shutdown: Promise<ShutdownReport> | undefined;
  #ledger: TaskSetLedger | undefined;

  constructor(options?: TaskSetOptions) {
    checkObject(options, "TaskSet options");
    checkString(options?.name, "name");
    checkFunction(options?.onError, "onError");
    checkPositiveInteger(options?.maxConcurrency, "maxConcurrency");
    checkBoolean(options?.failFast, "failFast");
    checkBoolean(options?.captureStacks, "captureStacks");
    this.#name = options?.name ?? "TaskSet";
    this.#onError = options?.onError;
    this.#maxConcurrency = options?.maxConcurrency ?? Infinity;
    this.#failFast = options?.failFast ?? false;
    this.#captureStacks = options?.captureStacks;
    if (this.#maxConcurrency !== Infinity) this.#queue = new TaskList();
    this.#ledger = instrumentation.onSetCreated?.(this.#name, this);
  }

  /** The set's name, as given in the options. */
  get name(): string {
    return this.#name;
  }

  /** Tasks not yet settled: running plus queued. */
  get size(): number {
    return this.#running.size + (this.#queue?.size ?? 0);
  }

  /** True once `shutdown()` began: `spawn()`, `track()` and `child()` then throw TaskSetClosedError. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A fresh snapshot of the counters. */
  get stats(): TaskSetStats {
    return {
      spawned: this.#spawned,
      running: this.#running.size,
      queued: this.#queue?.size ?? 0,
      completed: this.#completed,
      failed: this.#failed,
      cancelled: this.#cancelled,
    };
  }

  /** Aborts when the set starts shutting down (not on `cancelAll()`); pass it to work that should stop with the set. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#closed) this.#controller.abort(this.#closeReason);
    }
    return this.#controller.signal;
  }

  /**
   * Starts `fn` now (or queues it under `maxConcurrency`) and keeps it until it settles. Returns a
   * handle, not a promise: nothing needs to await it, and its failure is reported by the set.
   * A synchronous throw from `fn` is a task failure, never an exception out of `spawn()`.
   * Throws TaskSetClosedError once the set is closed, and TypeError for invalid arguments.
   *
   * @example
   * ```ts
   * const task = tasks.spawn(({ signal }) => fetch(url, { signal }), { name: "fetch", timeoutMs: 5_000 });
   * const response = await task.result; // only if you need the value
   * ```
   */
  spawn<T>(fn: TaskFn<T>, options?: SpawnOptions): Task<T> {
    if (typeof fn !== "function") throw new TypeError(`fn must be a function, got ${String(fn)}`);
    let name: string | undefined;
    let timeoutMs: number | undefined;
    if (options !== undefined) {
      checkObject(options, "spawn options");
      checkString(options.name, "name");
      checkDuration(options.timeoutMs, "timeoutMs");
      if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
        throw new TypeError(`signal must be an AbortSignal, got ${String(options.signal)}`);
      }
      name = options.name;
      timeoutMs = options.timeoutMs;
    }
    name ??= fn.name || undefined;
    if (this.#closed) throw new TaskSetClosedError(this.#name, name ?? "<anonymous>");
    const task = new Task<T>(this, nextTaskId++, fn, name, clock());
    const site = (this.#captureStacks ?? instrumentation.captureStacks) ? new SpawnSite(spawnMethod) : undefined;
    if (timeoutMs !== undefined || site !== undefined) task.configure(timeoutMs, site);
    this.#spawned++;
    if (this.#ledger !== undefined) this.#ledger.add({ id: task.id, name: task.name, spawnedAt: Date.now(), site });
    if (options?.signal !== undefined && !task.linkSignal(options.signal)) return task;
    const queue = this.#queue;
    if (queue !== undefined && this.#running.size >= this.#maxConcurrency) {
      queue.push(task);
    } else {
      this.#running.push(task);
      task[kStart](false);
    }
    return task;
  }

  /**
   * Adopts a promise that is already running, so its failure is reported and shutdown waits for it.
   * It cannot be stopped for real: `cancel()` (and a cancelling shutdown) marks it `cancelled` at once
   * and stops waiting; a later rejection is then swallowed. Tracked promises count as running and are
   * never queued.
   */
  track<T>(promise: PromiseLike<T>, options?: TrackOptions): Task<T> {
    if (promise === null || (typeof promise !== "object" && typeof promise !== "function") || typeof promise.then !== "function") {
      throw new TypeError(`promise must be a promise or thenable, got ${promise === null ? "null" : typeof promise}`);
    }
    checkObject(options, "track options");
    checkString(options?.name, "name");
    if (this.#closed) throw new TaskSetClosedError(this.#name, options?.name ?? "<tracked promise>");
    const task = new Task<T>(this, nextTaskId++, undefined, options?.name, clock());
    const site = (this.#captureStacks ?? instrumentation.captureStacks) ? new SpawnSite(trackMethod) : undefined;
    if (site !== undefined) task.configure(undefined, site);
    this.#spawned++;
    if (this.#ledger !== undefined) this.#ledger.add({ id: task.id, name: task.name, spawnedAt: Date.now(), site });
    this.#running.push(task);
    task[kAdopt](promise);
    return task;
  }

  /** Resolves when the set holds no task (at once if it is already empty). Tasks may be spawned again afterwards. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    if (this.#idle === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#idle = { promise, resolve };
    }
    return this.#idle.promise;
  }

  /**
   * Cancels every task of this set and of its children (see `Task.cancel()`); queued tasks are
   * dropped without running. The set stays open.
   * @default reason a TaskCancelledError naming the set
   */
  cancelAll(reason?: unknown): void {
    const why = reason === undefined ? new TaskCancelledError(`TaskSet "${this.#name}" cancelled all tasks`) : reason;
    // Queued first, so cancelling a running task cannot start a queued one we are about to cancel.
    if (this.#queue !== undefined) for (const task of this.#queue.toArray()) task.cancel(why);
    for (const task of this.#running.toArray()) task.cancel(why);
    if (this.#children !== undefined) for (const child of [...this.#children]) child.cancelAll(why);
  }

  /**
   * A set that reports through this set's `onError` and shuts down (or is cancelled) with it.
   * Its name is `<parent>/<name>`. Shut a child down yourself when you no longer need it.
   */
  child(name: string): TaskSet {
    checkString(name, "name");
    if (this.#closed) throw new TaskSetClosedError(this.#name, `child set "${name}"`);
    const options: TaskSetOptions = { name: `${this.#name}/${name}` };
    if (this.#onError !== undefined) options.onError = this.#onError;
    if (this.#captureStacks !== undefined) options.captureStacks = this.#captureStacks;
    const child = new TaskSet(options);
    child.#parent = this;
    (this.#children ??= new Set()).add(child);
    return child;
  }

  /**
   * Closes the set, aborts every task's signal (unless `cancel: false`), and resolves once all tasks
   * settled or `timeoutMs` passed, with a report that includes the children's. Never rejects, never
   * hangs: tasks still running at the deadline are listed in `abandoned` and stay tracked (and
   * reported) until they settle. Idempotent: later calls return the same promise.
   *
   * @example
   * ```ts
   * const report = await tasks.shutdown({ timeoutMs: 5_000 });
   * if (report.failed > 0 || report.abandoned.length > 0) process.exitCode = 1;
   * ```
   */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport> {
    if (this.#shutdown !== undefined) return this.#shutdown;
    checkObject(options, "shutdown options");
    checkDuration(options?.timeoutMs, "timeoutMs");
    checkBoolean(options?.cancel, "cancel");
    const timeoutMs = options?.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    const cancel = options?.cancel ?? true;
    this.#closed = true;
    this.#closeReason = new TaskCancelledError(`TaskSet "${this.#name}" is shutting down`);
    this.#controller?.abort(this.#closeReason);
    const children = this.#children === undefined ? [] : [...this.#children].map((child) => child.shutdown({ timeoutMs, cancel }));
    if (cancel) this.cancelAll(this.#closeReason);
    this.#shutdown = this.#finishShutdown(timeoutMs, children);
    return this.#shutdown;
  }

  /** Same as `shutdown()` with default options, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  async #finishShutdown(timeoutMs: number, children: Promise<ShutdownReport>[]): Promise<ShutdownReport> {
    if (this.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([this.idle(), deadline]);
      clearTimeout(timer);
    }
    const report: ShutdownReport = {
      name: this.#name,
      completed: this.#completed,
      failed: this.#failed,
      cancelled: this.#cancelled,
      abandoned: [...this.#running.toArray(), ...(this.#queue?.toArray() ?? [])].map((task) => task.info()),
      errors: [...this.#errors],
      errorsOmitted: this.#errorsOmitted,
    };
    for (const child of await Promise.all(children)) {
      report.completed += child.completed;
      report.failed += child.failed;
      report.cancelled += child.cancelled;
      report.abandoned.push(...child.abandoned);
      report.errors.push(...child.errors);
      report.errorsOmitted += child.errorsOmitted;
    }
    const parent = this.#parent;
    if (parent !== undefined) parent.#children?.delete(this);
    return report;
  }

  /** @internal Called by a task exactly once, when it reaches a final state. */
  [kSettled](task: Task<unknown>, wasQueued: boolean, state: FinalState, outcome: unknown): void {
    if (wasQueued) this.#queue?.remove(task);
    else this.#running.remove(task);
    this.#ledger?.delete(task.id);
    if (state === COMPLETED) this.#completed++;
    else if (state === CANCELLED) this.#cancelled++;
    else {
      this.#failed++;
      this.#report(outcome, task.info());
      if (this.#failFast) {
        this.cancelAll(new TaskCancelledError(`Task "${task.name}" failed in TaskSet "${this.#name}" (failFast)`, { cause: outcome }));
      }
    }
    if (!wasQueued && this.#queue !== undefined && this.#queue.size > 0) this.#startQueued();
    if (this.#idle !== undefined && this.size === 0) {
      this.#idle.resolve();
      this.#idle = undefined;
    }
  }

  #startQueued(): void {
    if (this.#draining) return; // a task that settles synchronously while we start it re-enters here
    this.#draining = true;
    const queue = this.#queue;
    try {
      while (queue !== undefined && queue.size > 0 && this.#running.size < this.#maxConcurrency) {
        const next = queue.shift() as Task<unknown>;
        this.#running.push(next);
        next[kStart](true);
      }
    } finally {
      this.#draining = false;
    }
  }

  // We catch errors from onError (and from the console) so a broken reporter can never crash the
  // task that failed or the process; the failure still lands in the shutdown report.
  #report(error: unknown, info: TaskInfo): void {
    this.#remember(error, info);
    const onError = this.#onError;
    try {
      if (onError === undefined) reportToConsole(this.#name, error, info);
      else onError(error, info);
    } catch (reporterError) {
      this.#remember(reporterError, info);
      try {
        reportToConsole(this.#name, reporterError, info, "failed and its onError handler threw");
      } catch {
        // Nowhere left to report to; the error is in the shutdown report.
      }
    }
  }

  #remember(error: unknown, task: TaskInfo): void {
    if (this.#errors.length < MAX_REPORTED_ERRORS) this.#errors.push({ error, task });
    else this.#errorsOmitted++;
  }
}

// Stack captures start below these frames, so the spawn site is the caller's line.
// eslint-disable-next-line @typescript-eslint/unbound-method -- only the identity is used
const spawnMethod = TaskSet.prototype.spawn;
// eslint-disable-next-line @typescript-eslint/unbound-method -- only the identity is used
const trackMethod = TaskSet.prototype.track;
