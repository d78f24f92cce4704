import { describeValue as describe } from "./describe.js";
import type { TaskInfo } from "./report.js";

/** Options of `new TaskSet(options?)`. */
export interface TaskSetOptions {
  /**
   * Names the set in error reports, `TaskSetClosedError` messages and the guard's output.
   * @default "TaskSet"
   */
  name?: string;
  /**
   * Receives every task failure (never cancellations) exactly once. Without it, failures are printed
   * with `console.error` together with the set name, the task name and its spawn site.
   * If it throws, that error is printed too; it never escapes into the task or the process.
   * @default undefined (print with console.error)
   */
  onError?: (error: unknown, info: TaskInfo) => void;
  /**
   * Runs at most this many tasks at once; excess tasks wait FIFO in status `"pending"`.
   * @default Infinity
   */
  maxConcurrency?: number;
  /**
   * Cancels every other task of the set on the first failure, like Python's `asyncio.TaskGroup`.
   * The set stays open: tasks spawned afterwards run normally.
   * @default false
   */
  failFast?: boolean;
  /**
   * Records where each task was spawned (`TaskInfo.spawnSite`). Costs about a microsecond per spawn.
   * @default false, or true when TASKGUARD_DEBUG=1 or after installTaskGuard()
   */
  captureStacks?: boolean;
}

/** Options of `set.spawn(fn, options?)`. */
export interface SpawnOptions {
  /**
   * Names the task in reports.
   * @default fn.name, or "task#<id>" for anonymous functions
   */
  name?: string;
  /**
   * At this many milliseconds after the task started running (time spent queued does not count),
   * if it has not settled, its signal aborts with a `TaskTimeoutError` and the task fails with it
   * then (reported once, `result` rejects). A function that ignores the signal keeps its
   * concurrency slot until it really settles, and a shutdown lists it as abandoned while it runs.
   * Any duration up to `Infinity` (no deadline); longer than 2^31 - 1 ms is chained, never clamped.
   * @default undefined (no deadline, no timer)
   */
  timeoutMs?: number;
  /**
   * Cancels the task when this signal aborts, with the signal's reason (at once, without queueing
   * it, if it already has). Tasks sharing a signal cost one listener per set, not one per task.
   */
  signal?: AbortSignal;
}

/** Options of `set.track(promise, options?)`. */
export interface TrackOptions {
  /**
   * Names the task in reports.
   * @default "task#<id>"
   */
  name?: string;
}

/** Options of `set.shutdown(options?)` and `set.drain(options?)`. */
export interface ShutdownOptions {
  /**
   * Resolves with the report after this many milliseconds even if tasks are still running; those are
   * listed in `abandoned`. One deadline bounds the set and all its children. Any duration up to `Infinity`.
   * @default 10_000
   */
  timeoutMs?: number;
  /**
   * Aborts every task's signal before waiting. With `false`, the set only stops accepting work and waits.
   * @default true
   */
  cancel?: boolean;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export function checkObject(value: unknown, what: string): void {
  if (value !== undefined && (typeof value !== "object" || value === null)) {
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  }
}

export function checkString(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== "string") {
    throw new TypeError(`${option} must be a string, got ${describe(value)}`);
  }
}

export function checkBoolean(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(`${option} must be a boolean, got ${describe(value)}`);
  }
}

export function checkFunction(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${option} must be a function, got ${describe(value)}`);
  }
}

/** A positive integer or Infinity (concurrency limits). */
export function checkPositiveInteger(value: unknown, option: string): void {
  if (value !== undefined && (typeof value !== "number" || !(value >= 1) || !(Number.isInteger(value) || value === Infinity))) {
    throw new TypeError(`${option} must be a positive integer, got ${describe(value)}`);
  }
}
