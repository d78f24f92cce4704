import { describeError } from "./describe.js";

/** Lifecycle of a task: `pending` (queued) → `running` → one of the three final states. */
export type TaskStatus = "pending" | "running" | "completed" | "failed" | "cancelled";

/** A plain snapshot of a task, safe to keep and log: it holds no reference to the task. */
export interface TaskInfo {
  id: number;
  name: string;
  status: TaskStatus;
  /** `Date.now()` when the task started running; absent while queued. */
  startedAt?: number;
  /** `Date.now()` when the task was spawned or tracked. */
  spawnedAt: number;
  /** First stack frame outside taskguard, when `captureStacks` is on. */
  spawnSite?: string;
}

/**
 * What `shutdown()` or `drain()` saw, for the set and its children: the tasks that settled since the
 * previous `drain()` (or since the set was created), the tasks it had to leave behind, and every failure.
 */
export interface ShutdownReport {
  name: string;
  completed: number;
  failed: number;
  cancelled: number;
  /** Tasks of the call still running (or queued, with `cancel: false`) at the deadline; they stay tracked until they settle. */
  abandoned: TaskInfo[];
  /** Every task failure (and every `onError` that threw), oldest first, up to 10_000 entries. */
  errors: { error: unknown; task: TaskInfo }[];
  /** Failures left out of `errors` because of the 10_000-entry cap (they still reached `onError`). */
  errorsOmitted: number;
}

/** One line per set, e.g. `TaskSet "api": 10 completed, 1 failed, 0 cancelled, 0 abandoned`, then one per abandoned task and failure. Never throws, whatever the tasks threw. */
export function formatReportSummary(report: ShutdownReport): string {
  const lines = [
    `TaskSet "${report.name}": ${report.completed} completed, ${report.failed} failed, ` +
      `${report.cancelled} cancelled, ${report.abandoned.length} abandoned`,
  ];
  for (const task of report.abandoned) {
    lines.push(`  abandoned: ${describeTask(task)}`);
  }
  for (const { error, task } of report.errors) {
    lines.push(`  failed: ${describeTask(task)}: ${describeError(error)}`);
  }
  return lines.join("\n");
}

/** `"name" (#id, running for 1.2 s, spawned at …)` */
export function describeTask(task: TaskInfo, now = Date.now()): string {
  const age = ((now - task.spawnedAt) / 1000).toFixed(1);
  const site = task.spawnSite === undefined ? "" : `, spawned ${task.spawnSite}`;
  return `"${task.name}" (#${task.id}, ${task.status} for ${age} s${site})`;
}

/**
 * The reporter used when a set has no `onError`: prints the set, the task, the error and where the
 * task was spawned, so a failure is never silent. The error is printed through the describer, so
 * nothing a task throws can make the printing throw.
 */
export function reportToConsole(setName: string, error: unknown, task: TaskInfo, note = "failed"): void {
  const site =
    task.spawnSite === undefined ? "(spawn site not recorded; set TASKGUARD_DEBUG=1 to record it)" : `spawned ${task.spawnSite}`;
  console.error(`[taskguard] Task "${task.name}" (#${task.id}) in TaskSet "${setName}" ${note}, ${site}:\n${describeError(error, "stack")}`);
}
