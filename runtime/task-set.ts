import { TaskCancelledError, TaskSetClosedError } from "./errors.js";
import { checkDuration, settlesWithin } from "./duration.js";
import { describeValue } from "./describe.js";
import { instrumentation } from "./hooks.js";
import type { TaskSetLedger } from "./ledger.js";
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  checkBoolean,
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
import { SignalLink } from "./signal-link.js";
import { SpawnSite } from "./spawn-site.js";
import { adoptTask, clock, configureTask, createTask, isThenable, startTask, type FinalStatus, type Task, type TaskContext, type TaskOwner } from "./task.js";
import { TaskList } from "./task-list.js";

/**
 * Counters of a set since it was created; `spawned === completed + failed + cancelled + running + queued`
 * at all times. `overdue` tasks failed at their deadline but their function still runs: they are
 * counted in `failed` and still hold their concurrency slot (and count in `size`).
 */
export interface TaskSetStats {
  spawned: number;
  running: number;
  queued: number;
  completed: number;
  failed: number;
  cancelled: number;
  overdue: number;
}

/** A report keeps at most this many failures per set; the rest are counted in `errorsOmitted`. */
export const MAX_REPORTED_ERRORS = 10_000;

let nextTaskId = 1;

/** A `drain()` or `shutdown()` waiting for the tasks a set held when it was called (ids up to `cutoff`). */
interface Wait {
  readonly cutoff: number;
  remaining: number;
  resolve: () => void;
  readonly promise: Promise<void>;
}

/**
 * Owns every task spawned into it until the task settles: each failure reaches `onError` (or the
 * console) and the report, and `shutdown()` (or `drain()`, which keeps the set open) cancels and
 * waits for the rest without ever hanging. Spawn and settle are O(1); a task that never reads
 * `ctx.signal` allocates no AbortController, a task without `timeoutMs` no timer, a task without
 * `signal` no listener; nothing is retained once a task settles.
 *
 * @example
 * ```ts
 * await using tasks = new TaskSet({ name: "indexer" });
 * tasks.spawn(({ signal }) => reindex(signal), { name: "reindex", timeoutMs: 30_000 });
 * ```
 */
export class TaskSet implements AsyncDisposable {
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
  #overdue = 0;
  /** Counters at the last `drain()`: a report counts what settled since. */
  #reported = { completed: 0, failed: 0, cancelled: 0 };
  #errors: { error: unknown; task: TaskInfo }[] = [];
  #errorsOmitted = 0;
  #closed = false;
  #controller: AbortController | undefined;
  #closeReason: unknown;
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;
  #waits: Wait[] | undefined;
  #startingQueued = false;
  #parent: TaskSet | undefined;
  #children: Set<TaskSet> | undefined;
  #shutdown: Promise<ShutdownReport> | undefined;
  #ledger: TaskSetLedger | undefined;
  #signals: Map<AbortSignal, SignalLink> | undefined;
  /** What this set's tasks call back into: one object per set, so the protocol stays off the public surface. */
  readonly #owner: TaskOwner = {
    settled: (task, status, outcome, overdue) => this.#settled(task, status, outcome, overdue),
    released: (task, wasQueued, wasOverdue) => this.#released(task, wasQueued, wasOverdue),
  };

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

  /** Tasks whose work has not settled: running (overdue ones included) plus queued. */
  get size(): number {
    return this.#running.size + (this.#queue?.size ?? 0);
  }

  /** True once `shutdown()` began: `spawn()`, `track()` and `child()` then throw TaskSetClosedError. `drain()` never closes. */
  get closed(): boolean {
    return this.#closed;
  }

  /** A fresh snapshot of the counters. */
  get stats(): TaskSetStats {
    return {
      spawned: this.#spawned,
      running: this.#running.size - this.#overdue,
      queued: this.#queue?.size ?? 0,
      completed: this.#completed,
      failed: this.#failed,
      cancelled: this.#cancelled,
      overdue: this.#overdue,
    };
  }

  /** Aborts when the set starts shutting down (not on `cancelAll()` or `drain()`); pass it to work that should stop with the set. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#closed) this.#controller.abort(this.#closeReason);
    }
    return this.#controller.signal;
  }

  /**
   * Starts `fn` now (or queues it under `maxConcurrency`) and keeps it until it settles. Returns a
   * handle, not a promise: nothing needs to await it, and its failure is reported by the set. Any
   * function compiles (`() => ready && this.flush()` too); the handle's type is `Task<Awaited<R>>`.
   * Whatever `fn` does (throw, return a thenable whose `then` throws) is a task outcome, never an
   * exception out of `spawn()`. Throws TaskSetClosedError once the set is closed, and TypeError for
   * invalid arguments.
   *
   * @example
   * ```ts
   * const task = tasks.spawn(({ signal }) => fetch(url, { signal }), { name: "fetch", timeoutMs: 5_000 });
   * const response = await task.result; // only if you need the value
   * ```
   */
  spawn<R>(fn: (ctx: TaskContext) => R, options?: SpawnOptions): Task<Awaited<R>> {
    if (typeof fn !== "function") throw new TypeError(`fn must be a function, got ${describeValue(fn)}`);
    let name: string | undefined;
    let timeoutMs: number | undefined;
    let signal: AbortSignal | undefined;
    if (options !== undefined) {
      checkObject(options, "spawn options");
      checkString(options.name, "name");
      checkDuration(options.timeoutMs, "timeoutMs");
      if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
        throw new TypeError(`signal must be an AbortSignal, got ${describeValue(options.signal)}`);
      }
      name = options.name;
      timeoutMs = options.timeoutMs === Infinity ? undefined : options.timeoutMs;
      signal = options.signal;
    }
    name ??= fn.name || undefined;
    if (this.#closed) throw new TaskSetClosedError(this.#name, name ?? "<anonymous>");
    const task = createTask<Awaited<R>>(this.#owner, nextTaskId++, fn as (ctx: TaskContext) => Awaited<R>, name, clock());
    const site = (this.#captureStacks ?? instrumentation.captureStacks) ? new SpawnSite(spawnMethod) : undefined;
    this.#spawned++;
    if (this.#ledger !== undefined) this.#ledger.add({ id: task.id, name: task.name, spawnedAt: Date.now(), site });
    if (signal?.aborted === true) {
      // Cancelled before it ever runs: counted, never queued, no listener.
      if (site !== undefined) configureTask(task, undefined, site, undefined);
      task.cancel(signal.reason);
      return task;
    }
    const link = signal === undefined ? undefined : SignalLink.add((this.#signals ??= new Map<AbortSignal, SignalLink>()), signal, task);
    if (timeoutMs !== undefined || site !== undefined || link !== undefined) configureTask(task, timeoutMs, site, link);
    const queue = this.#queue;
    if (queue !== undefined && this.#running.size >= this.#maxConcurrency) {
      queue.push(task);
    } else {
      this.#running.push(task);
      startTask(task, false);
    }
    return task;
  }

  /**
   * Adopts a promise that is already running, so its failure is reported and shutdown waits for it.
   * It cannot be stopped for real: `cancel()` (and a cancelling shutdown or drain) marks it
   * `cancelled` at once and stops waiting; a later rejection is then swallowed. Tracked promises
   * count as running and are never queued.
   */
  track<T>(promise: PromiseLike<T>, options?: TrackOptions): Task<T> {
    if (!isThenable(promise)) {
      throw new TypeError(`promise must be a promise or thenable, got ${promise === null ? "null" : typeof promise}`);
    }
    checkObject(options, "track options");
    checkString(options?.name, "name");
    if (this.#closed) throw new TaskSetClosedError(this.#name, options?.name ?? "<tracked promise>");
    const task = createTask<T>(this.#owner, nextTaskId++, undefined, options?.name, clock());
    const site = (this.#captureStacks ?? instrumentation.captureStacks) ? new SpawnSite(trackMethod) : undefined;
    if (site !== undefined) configureTask(task, undefined, site, undefined);
    this.#spawned++;
    if (this.#ledger !== undefined) this.#ledger.add({ id: task.id, name: task.name, spawnedAt: Date.now(), site });
    this.#running.push(task);
    adoptTask(task, promise);
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
    for (const set of this.#tree()) set.#cancelOwn(why);
  }

  /**
   * A set that reports through this set's `onError` and is cancelled, drained and shut down with it.
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
   * The stop for single-use owners and process exit: closes the set and its children for good,
   * aborts every task's signal (unless `cancel: false`), and resolves once all tasks settled or
   * `timeoutMs` passed, with a report that includes the children's. Never rejects, never hangs: one
   * deadline bounds the whole tree (a child's own, longer shutdown does not hold it), and tasks still
   * running at the deadline are listed in `abandoned` and stay tracked (and reported) until they
   * settle. Idempotent: later calls return the same promise. Owners that reopen use `drain()`.
   *
   * @example
   * ```ts
   * const report = await tasks.shutdown({ timeoutMs: 5_000 });
   * if (report.failed > 0 || report.abandoned.length > 0) process.exitCode = 1;
   * ```
   */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport> {
    if (this.#shutdown !== undefined) return this.#shutdown;
    const { timeoutMs, cancel } = stopOptions(options, "shutdown options");
    const tree = this.#tree();
    const waits = tree.map((set) => set.#waitForHeld());
    for (const set of tree) {
      set.#closed = true;
      set.#closeReason ??= new TaskCancelledError(`TaskSet "${set.#name}" is shutting down`);
      set.#controller?.abort(set.#closeReason);
      if (cancel) set.#cancelOwn(set.#closeReason);
    }
    this.#shutdown = this.#report(tree, waits, timeoutMs, false).then((report) => {
      // A child shut down on its own leaves its open parent; a closing parent keeps it for its report.
      const parent = this.#parent;
      if (parent !== undefined && !parent.#closed) parent.#children?.delete(this);
      return report;
    });
    return this.#shutdown;
  }

  /**
   * The reopen-safe stop, for owners that are closed and opened again (a client that reconnects,
   * a subscriber whose stream reopens): cancels (or with `cancel: false` waits for) every task this
   * set and its children hold at the time of the call, and resolves once they settled or `timeoutMs`
   * passed. The set STAYS OPEN: `spawn()` works during and after it, and tasks spawned while it
   * runs are neither cancelled nor awaited by it. Never rejects, never hangs; tasks of the call
   * still running at the deadline are listed in `abandoned`.
   *
   * The report counts the tasks that settled since the previous `drain()` (or since the set was
   * created), so each life of an owner (open → drain → open → drain) gets a report of its own;
   * a later `shutdown()` reports what settled since the last drain.
   *
   * @example
   * ```ts
   * async close(): Promise<void> {
   *   this.socket.end();
   *   const report = await this.tasks.drain({ timeoutMs: 5_000 });
   *   if (report.failed > 0) this.log.warn(formatReportSummary(report));
   * }
   * ```
   */
  drain(options?: ShutdownOptions): Promise<ShutdownReport> {
    const { timeoutMs, cancel } = stopOptions(options, "drain options");
    const tree = this.#tree();
    const waits = tree.map((set) => set.#waitForHeld());
    if (cancel) {
      for (const set of tree) set.#cancelOwn(new TaskCancelledError(`TaskSet "${set.#name}" is draining`));
    }
    return this.#report(tree, waits, timeoutMs, true);
  }

  /** Same as `shutdown()` with default options, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** This set and its descendants, as they are now. */
  #tree(): TaskSet[] {
    const tree: TaskSet[] = [this];
    for (let i = 0; i < tree.length; i++) {
      const children = (tree[i] as TaskSet).#children;
      if (children !== undefined) tree.push(...children);
    }
    return tree;
  }

  #cancelOwn(reason: unknown): void {
    // Queued first, so cancelling a running task cannot start a queued one we are about to cancel.
    if (this.#queue !== undefined) for (const task of this.#queue.toArray()) task.cancel(reason);
    for (const task of this.#running.toArray()) task.cancel(reason);
  }

  /** A wait for the tasks this set holds now; tasks spawned later have larger ids and are not part of it. */
  #waitForHeld(): Wait {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const wait: Wait = { cutoff: nextTaskId - 1, remaining: this.size, resolve, promise };
    if (wait.remaining === 0) resolve();
    else (this.#waits ??= []).push(wait);
    return wait;
  }

  /** Waits for `waits` under one deadline, then sums the tree's counts; `cut` starts a new reporting period (drain). */
  async #report(tree: TaskSet[], waits: Wait[], timeoutMs: number, cut: boolean): Promise<ShutdownReport> {
    await settlesWithin(Promise.all(waits.map((wait) => wait.promise)), timeoutMs);
    const report: ShutdownReport = { name: this.#name, completed: 0, failed: 0, cancelled: 0, abandoned: [], errors: [], errorsOmitted: 0 };
    tree.forEach((set, i) => set.#addTo(report, waits[i] as Wait, cut));
    return report;
  }

  #addTo(report: ShutdownReport, wait: Wait, cut: boolean): void {
    const reported = this.#reported;
    report.completed += this.#completed - reported.completed;
    report.failed += this.#failed - reported.failed;
    report.cancelled += this.#cancelled - reported.cancelled;
    for (const task of [...this.#running.toArray(), ...(this.#queue?.toArray() ?? [])]) {
      if (task.id <= wait.cutoff) report.abandoned.push(task.info());
    }
    report.errors.push(...this.#errors);
    report.errorsOmitted += this.#errorsOmitted;
    const waits = this.#waits;
    if (waits !== undefined && waits.includes(wait)) waits.splice(waits.indexOf(wait), 1);
    if (cut) {
      this.#reported = { completed: this.#completed, failed: this.#failed, cancelled: this.#cancelled };
      this.#errors = [];
      this.#errorsOmitted = 0;
    }
  }

  /** A task reached its final state (exactly once); `overdue`: it failed at its deadline and still runs. */
  #settled(task: Task<unknown>, status: FinalStatus, outcome: unknown, overdue: boolean): void {
    this.#ledger?.delete(task.id);
    if (status === "completed") this.#completed++;
    else if (status === "cancelled") this.#cancelled++;
    else {
      this.#failed++;
      if (overdue) this.#overdue++;
      this.#reportFailure(outcome, task.info());
      if (this.#failFast) {
        this.cancelAll(new TaskCancelledError(`Task "${task.name}" failed in TaskSet "${this.#name}" (failFast)`, { cause: outcome }));
      }
    }
  }

  /** A task left its list (exactly once): its slot is free for the next queued task. */
  #released(task: Task<unknown>, wasQueued: boolean, wasOverdue: boolean): void {
    const removed = wasQueued ? this.#queue?.remove(task) === true : this.#running.remove(task);
    if (wasOverdue) this.#overdue--;
    const waits = this.#waits;
    if (removed && waits !== undefined) {
      for (const wait of waits) if (task.id <= wait.cutoff && --wait.remaining === 0) wait.resolve();
    }
    if (!wasQueued && this.#queue !== undefined && this.#queue.size > 0) this.#startQueued();
    if (this.#idle !== undefined && this.size === 0) {
      this.#idle.resolve();
      this.#idle = undefined;
    }
  }

  #startQueued(): void {
    if (this.#startingQueued) return; // a task that settles synchronously while we start it re-enters here
    this.#startingQueued = true;
    const queue = this.#queue;
    try {
      while (queue !== undefined && queue.size > 0 && this.#running.size < this.#maxConcurrency) {
        const next = queue.shift() as Task<unknown>;
        this.#running.push(next);
        startTask(next, true);
      }
    } finally {
      this.#startingQueued = false;
    }
  }

  // We catch errors from onError (and from the console) so a broken reporter can never crash the
  // task that failed or the process; the failure still lands in the report.
  #reportFailure(error: unknown, info: TaskInfo): void {
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
        // Nowhere left to report to; the error is in the report.
      }
    }
  }

  #remember(error: unknown, task: TaskInfo): void {
    if (this.#errors.length < MAX_REPORTED_ERRORS) this.#errors.push({ error, task });
    else this.#errorsOmitted++;
  }
}

function stopOptions(options: ShutdownOptions | undefined, what: string): { timeoutMs: number; cancel: boolean } {
  checkObject(options, what);
  checkDuration(options?.timeoutMs, "timeoutMs");
  checkBoolean(options?.cancel, "cancel");
  return { timeoutMs: options?.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS, cancel: options?.cancel ?? true };
}

// Stack captures start below these frames, so the spawn site is the caller's line.
// eslint-disable-next-line @typescript-eslint/unbound-method -- only the identity is used
const spawnMethod = TaskSet.prototype.spawn;
// eslint-disable-next-line @typescript-eslint/unbound-method -- only the identity is used
const trackMethod = TaskSet.prototype.track;
