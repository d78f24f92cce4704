// Child-process script: at exit the guard lists sets that still hold tasks, and drains them if asked.
import { installTaskGuard } from "../../../runtime/guard/index.js";
import { TaskSet } from "../../../runtime/index.js";

installTaskGuard({ drain: process.argv.includes("--drain"), drainTimeoutMs: 1_000 });
// eslint-disable-next-line taskguard/require-task-shutdown -- left running on purpose: the guard must report and drain it at exit
const set = new TaskSet({ name: "workers" });
(globalThis as { keep?: unknown }).keep = set;
set.spawn(
  ({ signal }) =>
    new Promise<void>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason as Error));
    }),
  { name: "waits-for-abort" },
);
