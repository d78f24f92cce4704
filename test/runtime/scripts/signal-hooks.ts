// Child-process script: installShutdownHooks() drains on SIGTERM and exits 0, or 1 when a task is abandoned.
import { installShutdownHooks } from "../../../runtime/guard/index.js";
import { TaskSet } from "../../../runtime/index.js";

const set = new TaskSet({ name: "service" });
installShutdownHooks(set, { timeoutMs: 300 });
set.spawn(
  ({ signal }) =>
    new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => resolve());
    }),
  { name: "polite" },
);
if (process.argv.includes("--stubborn")) {
  set.spawn(() => new Promise<void>(() => {}), { name: "stubborn" });
}
setInterval(() => {}, 1_000); // a service keeps running until signalled
console.log("ready");
