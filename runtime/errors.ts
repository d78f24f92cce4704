/**
 * Thrown by {@link TaskSet.spawn}, {@link TaskSet.track} and {@link TaskSet.child} once the set
 * has started shutting down: a closed set accepts no new work, so nothing can slip past `shutdown()`.
 */
export class TaskSetClosedError extends Error {
  /** Name of the closed set. */
  readonly setName: string;
  /** Name of the task that was refused. */
  readonly taskName: string;

  constructor(setName: string, taskName: string) {
    super(`TaskSet "${setName}" is closed: cannot start task "${taskName}" after shutdown() began`);
    this.name = "TaskSetClosedError";
    this.setName = setName;
    this.taskName = taskName;
  }
}

/**
 * The failure of a task that did not finish within its `timeoutMs`. It is also the abort reason
 * of the task's `signal`, so `signal.reason instanceof TaskTimeoutError` tells a timeout from a cancel.
 */
export class TaskTimeoutError extends Error {
  /** Name of the task that timed out. */
  readonly taskName: string;
  /** The deadline the task missed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(taskName: string, timeoutMs: number) {
    super(`Task "${taskName}" did not finish within ${timeoutMs} ms`);
    this.name = "TaskTimeoutError";
    this.taskName = taskName;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The default abort reason of a cancelled task (`task.cancel()`, `set.cancelAll()`, `shutdown()`,
 * a `failFast` sibling failure). A cancelled task's `result` rejects with its abort reason.
 */
export class TaskCancelledError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TaskCancelledError";
  }
}
