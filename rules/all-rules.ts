// generated — do not edit. `npm run generate` (test/tools/generate-rules-index.ts) writes it from rules/*.ts.
import noDanglingTask from "./no-dangling-task.js";
import noFloatingCallback from "./no-floating-callback.js";
import noFloatingTask from "./no-floating-task.js";
import requireTaskShutdown from "./require-task-shutdown.js";

export const rules = {
  "no-dangling-task": noDanglingTask,
  "no-floating-callback": noFloatingCallback,
  "no-floating-task": noFloatingTask,
  "require-task-shutdown": requireTaskShutdown,
};
