export { TaskSet, MAX_REPORTED_ERRORS, type TaskSetStats } from "./task-set.js";
export { Task, type TaskContext, type TaskFn } from "./task.js";
export { TaskSetClosedError, TaskTimeoutError, TaskCancelledError } from "./errors.js";
export type { TaskSetOptions, SpawnOptions, TrackOptions, ShutdownOptions } from "./options.js";
export { formatReportSummary, type ShutdownReport, type TaskInfo, type TaskStatus } from "./report.js";
