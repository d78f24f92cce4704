// Child-process script (node --expose-gc): a million tasks with random failures and cancellations.
// Prints one JSON line: counts, onError calls, and heap before and after.
import { TaskSet } from "../../../runtime/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;

let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

let unhandled = 0;
process.on("unhandledRejection", () => unhandled++);
gc();
gc();
const heapBefore = process.memoryUsage().heapUsed;
let onErrorCalls = 0;
const set = new TaskSet({ name: "soak", onError: () => onErrorCalls++, maxConcurrency: 5_000 });
const failure = new Error("planned failure");
for (let done = 0; done < TOTAL; done += BATCH) {
  for (let i = 0; i < BATCH; i++) {
    const roll = random();
    if (roll < 0.1) {
      set.spawn(() => Promise.reject(failure));
    } else if (roll < 0.15) {
      set.spawn(() => {
        throw failure;
      });
    } else if (roll < 0.25) {
      set.spawn(
        ({ signal }) =>
          new Promise<void>((_, reject) => {
            signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
          }),
      ).cancel();
    } else {
      set.spawn(() => Promise.resolve(i));
    }
  }
  await set.idle();
}
const stats = set.stats;
const report = await set.shutdown();
const summary = { stats, onErrorCalls, unhandled, reportErrors: report.errors.length, errorsOmitted: report.errorsOmitted };
// Drop everything, then measure: nothing may be retained per task.
report.errors.length = 0;
gc();
gc();
await new Promise((resolve) => setTimeout(resolve, 10));
gc();
const heapAfter = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ ...summary, heapBefore, heapAfter, heapGrowth: heapAfter - heapBefore }));
