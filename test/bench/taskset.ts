// Run with `npm run bench` (node --expose-gc --import tsx test/bench/taskset.ts).
// Compares the cost of keeping fire-and-forget work tracked: time per task and heap per pending task.
import PQueue from "p-queue";
import { TaskSet } from "../../runtime/index.js";

const TIME_TASKS = 100_000;
const MEMORY_TASKS = 50_000;
const ROUNDS = 9;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (npm run bench)");

// Count AbortControllers and timers created while the TaskSet runs, to prove tasks that never
// read ctx.signal and have no timeoutMs allocate neither.
let controllersCreated = 0;
let timersCreated = 0;
const NativeAbortController = globalThis.AbortController;
globalThis.AbortController = class CountingAbortController extends NativeAbortController {
  constructor() {
    super();
    controllersCreated++;
  }
};
const nativeSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  timersCreated++;
  return nativeSetTimeout(...args);
}) as typeof setTimeout;

function onError(error: unknown): void {
  console.error("unexpected failure", error);
}

// eslint-disable-next-line @typescript-eslint/require-await -- the workload is a plain async call
async function work(): Promise<number> {
  return 1;
}

interface Variant {
  name: string;
  /** Starts `n` tasks running `fn`, and returns a function that waits for all of them. */
  start(n: number, fn: () => Promise<unknown>): () => Promise<unknown>;
}

function drainSet(s: Set<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = (): void => {
      if (s.size === 0) resolve();
      else setImmediate(check);
    };
    check();
  });
}

const variants: Variant[] = [
  {
    name: "bare async call",
    start(n, fn) {
      const all: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++) all.push(fn());
      return () => Promise.all(all);
    },
  },
  {
    name: "Set + finally idiom",
    start(n, fn) {
      const s = new Set<Promise<unknown>>();
      for (let i = 0; i < n; i++) {
        const p = fn();
        s.add(p);
        p.finally(() => s.delete(p)).catch(onError);
      }
      return () => drainSet(s);
    },
  },
  {
    name: "Set + then(ok, err) idiom",
    start(n, fn) {
      const s = new Set<Promise<unknown>>();
      for (let i = 0; i < n; i++) {
        const p = fn();
        s.add(p);
        p.then(
          () => s.delete(p),
          (error: unknown) => {
            s.delete(p);
            onError(error);
          },
        );
      }
      return () => drainSet(s);
    },
  },
  {
    name: "TaskSet.spawn",
    start(n, fn) {
      const set = new TaskSet({ name: "bench", onError });
      for (let i = 0; i < n; i++) set.spawn(fn);
      return () => set.idle();
    },
  },
  {
    name: "p-queue add",
    start(n, fn) {
      const queue = new PQueue();
      for (let i = 0; i < n; i++) queue.add(fn).catch(onError);
      return () => queue.onIdle();
    },
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeRound(variant: Variant): Promise<number> {
  const start = process.hrtime.bigint();
  const wait = variant.start(TIME_TASKS, work);
  await wait();
  return Number(process.hrtime.bigint() - start) / TIME_TASKS;
}

async function memoryRound(variant: Variant): Promise<number> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const pending = async (): Promise<void> => {
    await gate;
  };
  gc?.();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const wait = variant.start(MEMORY_TASKS, pending);
  gc?.();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  release();
  await wait();
  return (after - before) / MEMORY_TASKS;
}

const nsPerTask = new Map<string, number[]>();
const bytesPerTask = new Map<string, number[]>();
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const variant of variants) {
    const ns = await timeRound(variant);
    const bytes = await memoryRound(variant);
    if (round < 2) continue; // warm-up rounds
    (nsPerTask.get(variant.name) ?? nsPerTask.set(variant.name, []).get(variant.name))?.push(ns);
    (bytesPerTask.get(variant.name) ?? bytesPerTask.set(variant.name, []).get(variant.name))?.push(bytes);
  }
}

// Allocation check on a fresh set: no signal read, no timeoutMs → no AbortController, no timer.
controllersCreated = 0;
timersCreated = 0;
{
  const set = new TaskSet({ name: "alloc-check", onError });
  for (let i = 0; i < 10_000; i++) set.spawn(work);
  await set.idle();
}
const lazyControllers = controllersCreated;
const lazyTimers = timersCreated;
{
  const set = new TaskSet({ name: "alloc-check-signal", onError });
  for (let i = 0; i < 1_000; i++) set.spawn(({ signal }) => (signal.aborted ? 0 : work()), { timeoutMs: 60_000 });
  await set.idle();
}
const eagerControllers = controllersCreated - lazyControllers;
const eagerTimers = timersCreated - lazyTimers;

// One external signal shared by many pending tasks: one listener per set and signal, so the cost
// per spawn stays flat however many tasks already wait on it (0.1.0 added a listener per task).
const sharedSignal = async (pending: number): Promise<number> => {
  const controller = new NativeAbortController();
  const set = new TaskSet({ name: "shared-signal", onError });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const start = process.hrtime.bigint();
  for (let i = 0; i < pending; i++) set.spawn(() => gate, { signal: controller.signal });
  const ns = Number(process.hrtime.bigint() - start) / pending;
  release();
  await set.idle();
  return ns;
};
const sharedSignalNs = [await sharedSignal(1_000), await sharedSignal(40_000)];

const rows = variants.map((variant) => ({
  name: variant.name,
  ns: median(nsPerTask.get(variant.name) ?? []),
  bytes: median(bytesPerTask.get(variant.name) ?? []),
}));
const row = (name: string): { ns: number; bytes: number } => rows.find((r) => r.name === name) ?? { ns: NaN, bytes: NaN };

console.log(`taskguard bench: Node ${process.version}, ${TIME_TASKS} tasks per timing round, ${MEMORY_TASKS} pending tasks per memory round, median of ${ROUNDS} rounds`);
console.log("");
console.log(`${"variant".padEnd(28)}${"ns/task".padStart(10)}${"bytes/pending task".padStart(22)}`);
for (const r of rows) console.log(`${r.name.padEnd(28)}${r.ns.toFixed(0).padStart(10)}${r.bytes.toFixed(0).padStart(22)}`);
console.log("");
const spawn = row("TaskSet.spawn");
const setIdiom = row("Set + finally idiom");
const leanIdiom = row("Set + then(ok, err) idiom");
const pqueue = row("p-queue add");
const bare = row("bare async call");
const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");
const spawnVsSet = spawn.ns / setIdiom.ns;
const pqueueVsSpawn = pqueue.ns / spawn.ns;
const extraBytes = spawn.bytes - bare.bytes;
console.log(`spawn vs Set + finally idiom:     ${spawnVsSet.toFixed(2)}x  (target <= 1.15x) ${verdict(spawnVsSet <= 1.15)}`);
console.log(`spawn vs Set + then(ok, err):     ${(spawn.ns / leanIdiom.ns).toFixed(2)}x  (informational)`);
console.log(`p-queue vs spawn:                 ${pqueueVsSpawn.toFixed(2)}x  (target >= 2.5x) ${verdict(pqueueVsSpawn >= 2.5)}`);
console.log(`extra bytes per pending task:     ${extraBytes.toFixed(0)} B over a bare promise (target <= 250) ${verdict(extraBytes <= 250)}`);
console.log(`AbortControllers / timers for 10000 tasks that never read signal, no timeoutMs: ${lazyControllers} / ${lazyTimers} ${verdict(lazyControllers === 0 && lazyTimers === 0)}`);
console.log(`AbortControllers / timers for 1000 tasks that read signal, timeoutMs set:       ${eagerControllers} / ${eagerTimers}`);
console.log(`spawn with one shared signal, 1000 / 40000 tasks pending:  ${sharedSignalNs.map((ns) => ns.toFixed(0)).join(" / ")} ns/task`);
