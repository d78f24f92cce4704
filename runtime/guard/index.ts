export { installTaskGuard, type TaskGuardOptions } from "./install.js";
export { installShutdownHooks, type ShutdownHookOptions } from "./shutdown-hooks.js";
export { findUntrackedPromises, type FindUntrackedOptions, type UntrackedPromise, type UntrackedReport } from "./untracked.js";
