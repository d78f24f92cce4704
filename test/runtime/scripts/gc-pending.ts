// Child-process script: a TaskSet dropped while a task is pending must be reported when collected.
import { installTaskGuard } from "../../../runtime/guard/index.js";
import { TaskSet } from "../../../runtime/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
installTaskGuard();

function forget(): void {
  const set = new TaskSet({ name: "forgotten" });
  // Nothing can ever settle this promise, so nothing keeps the set alive either.
  set.spawn(() => new Promise<void>(() => {}), { name: "never-settles" });
}
forget();
for (let i = 0; i < 20; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
}
