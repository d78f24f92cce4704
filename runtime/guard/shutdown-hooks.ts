import { describeError } from "../describe.js";
import { checkDuration } from "../duration.js";
import { formatReportSummary, type ShutdownReport } from "../report.js";
import type { TaskSet } from "../task-set.js";

export interface ShutdownHookOptions {
  /**
   * Signals that start the shutdown.
   * @default ["SIGINT", "SIGTERM"]
   */
  signals?: NodeJS.Signals[];
  /**
   * Passed to `set.shutdown({ timeoutMs })`.
   * @default 10_000
   */
  timeoutMs?: number;
  /**
   * Exit once the report is printed: code 0, or 1 if a task failed or was abandoned. A second signal
   * during the shutdown exits at once with code 1.
   * @default true
   */
  exit?: boolean;
  /**
   * Where the summary goes.
   * @default console.error
   */
  log?: (message: string) => void;
  /** Called with the report before exiting (for metrics, or tests with `exit: false`). */
  onReport?: (report: ShutdownReport) => void;
}

/**
 * For services: on the first of `signals`, `await set.shutdown()`, print the report summary, and exit
 * with 0 (or 1 if a task failed or was abandoned). Returns a disposer that removes the listeners.
 *
 * @example
 * ```ts
 * const tasks = new TaskSet({ name: "api" });
 * installShutdownHooks(tasks, { timeoutMs: 15_000 });
 * ```
 */
export function installShutdownHooks(set: TaskSet, options?: ShutdownHookOptions): () => void {
  const signals = options?.signals ?? ["SIGINT", "SIGTERM"];
  const exit = options?.exit ?? true;
  const log = options?.log ?? ((message: string) => console.error(message));
  if (!Array.isArray(signals) || signals.length === 0) throw new TypeError("signals must be a non-empty array of signal names");
  checkDuration(options?.timeoutMs, "timeoutMs");
  let started = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      if (exit) {
        log(`[taskguard] received ${signal} again during shutdown of TaskSet "${set.name}"; exiting now`);
        process.exit(1);
      }
      return;
    }
    started = true;
    log(`[taskguard] received ${signal}: shutting down TaskSet "${set.name}"`);
    set
      .shutdown(options?.timeoutMs === undefined ? undefined : { timeoutMs: options.timeoutMs })
      .then((report) => {
        log(formatReportSummary(report));
        options?.onReport?.(report);
        if (exit) process.exit(report.failed > 0 || report.abandoned.length > 0 ? 1 : 0);
      })
      .catch((error: unknown) => {
        log(`[taskguard] shutdown of TaskSet "${set.name}" failed: ${describeError(error)}`);
        if (exit) process.exit(1);
      });
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
