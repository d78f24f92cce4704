// A model of TaskSet: the operations below run against a real set and against this plain,
// synchronous re-statement of its rules, and after each one every task's status, every set's
// counters and every report must agree. The rules, as documented: a rejection other than the
// task's own cancellation is a failure; a timeout fails the task at its deadline and a function
// that ignores its signal keeps its slot; drain() and shutdown() wait for what was held at the
// call under one deadline and count what settled since the previous drain().
import fc from "fast-check";
import { formatReportSummary, TaskSet, TaskSetClosedError, type ShutdownReport, type Task, type TaskStatus } from "../../../runtime/index.js";
import { FakeClock, flush } from "./fake-clock.js";

type Behaviour = "obey" | "ignore" | "fail";
type Kind = "value" | "throw" | "manual";
/** What a test settles a manual task with: a value, a real Error, or a value that cannot be printed. */
type Settle = "resolve" | "error" | "null-proto" | "proxy" | "symbol";

export type Op =
  | { op: "spawn"; set: number; kind: Kind; behaviour: Behaviour; timeoutMs: number | undefined; signal: number | undefined }
  | { op: "settle"; task: number; how: Settle }
  | { op: "cancel"; task: number }
  | { op: "cancelAll"; set: number }
  | { op: "abortSignal"; signal: number }
  | { op: "renewSignal"; signal: number }
  | { op: "child" }
  | { op: "advance"; ms: number }
  | { op: "drain"; cancel: boolean; timeoutMs: number | undefined }
  /** A child's own shutdown, left running: the root's later drain or shutdown must not wait for it. */
  | { op: "childShutdown"; set: number; cancel: boolean; timeoutMs: number | undefined };

export interface Config {
  maxConcurrency: number | undefined;
  failFast: boolean;
  onErrorThrows: boolean;
  ops: Op[];
  shutdown: { cancel: boolean; timeoutMs: number | undefined };
}

const SIGNALS = 2;
const MAX_CHILDREN = 2;

export const configArbitrary: fc.Arbitrary<Config> = fc.record({
  maxConcurrency: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  failFast: fc.boolean(),
  onErrorThrows: fc.boolean(),
  ops: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({
        op: fc.constant("spawn" as const),
        set: fc.nat({ max: MAX_CHILDREN }),
        kind: fc.constantFrom<Kind>("value", "throw", "manual", "manual", "manual"),
        behaviour: fc.constantFrom<Behaviour>("obey", "ignore", "fail"),
        timeoutMs: fc.option(fc.constantFrom(0, 5, 17), { nil: undefined, freq: 2 }),
        signal: fc.option(fc.nat({ max: SIGNALS - 1 }), { nil: undefined, freq: 2 }),
      }) },
      { weight: 4, arbitrary: fc.record({ op: fc.constant("settle" as const), task: fc.nat(), how: fc.constantFrom<Settle>("resolve", "resolve", "error", "null-proto", "proxy", "symbol") }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), task: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("cancelAll" as const), set: fc.nat({ max: MAX_CHILDREN }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("abortSignal" as const), signal: fc.nat({ max: SIGNALS - 1 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("renewSignal" as const), signal: fc.nat({ max: SIGNALS - 1 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("child" as const) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 20 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("drain" as const), cancel: fc.boolean(), timeoutMs: fc.option(fc.constantFrom(0, 3, 50), { nil: undefined }) }) },
      {
        weight: 1,
        arbitrary: fc.record({ op: fc.constant("childShutdown" as const), set: fc.integer({ min: 1, max: MAX_CHILDREN }), cancel: fc.boolean(), timeoutMs: fc.option(fc.constantFrom(3, 50, 400), { nil: undefined }) }),
      },
    ),
    { minLength: 40, maxLength: 160 },
  ),
  shutdown: fc.record({ cancel: fc.boolean(), timeoutMs: fc.option(fc.constantFrom(0, 3, 50), { nil: undefined }) }),
});

interface MTask {
  readonly id: number;
  readonly set: MSet;
  readonly kind: Kind;
  readonly behaviour: Behaviour;
  readonly timeoutMs: number | undefined;
  readonly handle: Task<unknown>;
  status: TaskStatus;
  holds: boolean;
  queued: boolean;
  abortBy: "cancel" | "timeout" | undefined;
  fnSettled: boolean;
  controls: { resolve: (value: unknown) => void; reject: (error: unknown) => void } | undefined;
  link: MLink | undefined;
}

interface MLink {
  readonly set: MSet;
  readonly signal: number;
  readonly tasks: MTask[];
}

interface MSet {
  readonly real: TaskSet;
  readonly parent: MSet | undefined;
  readonly max: number;
  readonly failFast: boolean;
  readonly children: MSet[];
  running: MTask[];
  queue: MTask[];
  counts: { spawned: number; completed: number; failed: number; cancelled: number };
  reported: { completed: number; failed: number; cancelled: number };
  errorEntries: number;
  closed: boolean;
  startingQueued: boolean;
}

interface MTimer {
  at: number;
  seq: number;
  fire: () => void;
  /** The task whose timeout this is; cleared when it settles. */
  owner?: MTask;
}

interface MWait {
  root: MSet;
  tree: MSet[];
  cutoff: number;
  held: Set<MTask>;
  cut: boolean;
  timer: MTimer | undefined;
  expected: Expected | undefined;
}

/** A drain() or shutdown() in progress: the model's wait, and the real report once it resolved. */
interface Stop {
  wait: MWait;
  report: () => ShutdownReport | undefined;
  settled: Promise<void>;
}

type Expected = Pick<ShutdownReport, "completed" | "failed" | "cancelled" | "errorsOmitted"> & { abandoned: number[]; errors: number };

function hostile(how: Settle): unknown {
  switch (how) {
    case "null-proto":
      return Object.create(null) as unknown;
    case "proxy": {
      const trap = (): never => {
        throw new Error("trap");
      };
      return new Proxy({}, new Proxy({}, { get: () => trap }));
    }
    case "symbol":
      return Symbol("thrown");
    default:
      return new Error("task failed");
  }
}

class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelMismatch";
  }
}

function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Failure(what());
}

/** Runs one configuration against a real TaskSet and the model; throws on the first disagreement. Returns the operations run. */
export async function runConfig(config: Config): Promise<number> {
  const clock = new FakeClock();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const consoleError = console.error;
  console.error = () => {}; // a throwing onError is printed by the set; not interesting here
  clock.install();
  try {
    return await new Model(config, clock).run();
  } finally {
    clock.uninstall();
    console.error = consoleError;
    await flush();
    process.off("unhandledRejection", onUnhandled);
    check(unhandled.length === 0, () => `unhandled rejections: ${unhandled.length}`);
  }
}

class Model {
  readonly #config: Config;
  readonly #clock: FakeClock;
  readonly #sets: MSet[] = [];
  readonly #tasks: MTask[] = [];
  readonly #controllers: AbortController[] = [];
  /** Per signal, its links in the order their listeners were added (the order an abort reaches them). */
  readonly #links: MLink[][] = [];
  #timers: MTimer[] = [];
  #seq = 0;
  /** The model's own time (the fake clock moves on its own while the real side runs). */
  #now = 0;
  #later: (() => void)[] = [];
  #waits: MWait[] = [];
  /** Shutdowns still running (a child's), checked once the model says they resolved. */
  #pending: Stop[] = [];
  #onErrorCalls = 0;
  #failedTotal = 0;

  constructor(config: Config, clock: FakeClock) {
    this.#config = config;
    this.#clock = clock;
    const root = new TaskSet({
      name: "model",
      maxConcurrency: config.maxConcurrency,
      failFast: config.failFast,
      onError: () => {
        this.#onErrorCalls++;
        if (config.onErrorThrows) throw new Error("onError threw");
      },
    });
    this.#sets.push(this.#newSet(root, config.maxConcurrency ?? Infinity, config.failFast));
    for (let i = 0; i < SIGNALS; i++) {
      this.#controllers.push(new AbortController());
      this.#links.push([]);
    }
  }

  #newSet(real: TaskSet, max: number, failFast: boolean, parent?: MSet): MSet {
    return {
      real,
      parent,
      max,
      failFast,
      children: [],
      running: [],
      queue: [],
      counts: { spawned: 0, completed: 0, failed: 0, cancelled: 0 },
      reported: { completed: 0, failed: 0, cancelled: 0 },
      errorEntries: 0,
      closed: false,
      startingQueued: false,
    };
  }

  async run(): Promise<number> {
    let ops = 0;
    for (const op of this.#config.ops) {
      await this.#apply(op);
      ops++;
      this.#verify(op.op);
      await this.#checkPending();
    }
    const root = this.#sets[0] as MSet;
    await this.#stop(root, this.#config.shutdown.cancel, this.#config.shutdown.timeoutMs, false);
    ops++;
    this.#verify("shutdown");
    let refused = false;
    try {
      root.real.spawn(() => 1);
    } catch (error) {
      refused = error instanceof TaskSetClosedError;
    }
    check(refused, () => "spawn() after shutdown() did not throw TaskSetClosedError");
    // Let every function that ignored its signal finish: the books must close at zero.
    // (Releasing a slot starts a queued task, which then needs finishing too.)
    for (let open = this.#openTasks(); open.length > 0; open = this.#openTasks()) {
      for (const task of open) this.#settleFn(task, "resolve");
      this.#drainLater();
      await flush();
    }
    this.#verify("final release");
    for (const set of this.#sets) check(set.real.size === 0, () => `set still holds ${set.real.size} tasks at the end`);
    await this.#checkPending();
    check(this.#pending.length === 0, () => "a child's shutdown never resolved");
    check(this.#onErrorCalls === this.#failedTotal, () => `onError ran ${this.#onErrorCalls} times for ${this.#failedTotal} failures`);
    return ops;
  }

  async #apply(op: Op): Promise<void> {
    switch (op.op) {
      case "spawn":
        this.#spawn(op);
        break;
      case "settle": {
        const open = this.#openTasks();
        const task = open[op.task % Math.max(1, open.length)];
        if (task !== undefined) this.#settleFn(task, op.how);
        break;
      }
      case "cancel": {
        const task = this.#tasks[op.task % Math.max(1, this.#tasks.length)];
        if (task !== undefined) {
          task.handle.cancel();
          this.#cancel(task);
        }
        break;
      }
      case "cancelAll": {
        const set = this.#sets[op.set % this.#sets.length] as MSet;
        set.real.cancelAll();
        this.#cancelTree(set);
        break;
      }
      case "abortSignal": {
        const controller = this.#controllers[op.signal] as AbortController;
        if (controller.signal.aborted) break;
        controller.abort(new Error(`signal ${op.signal} aborted`));
        for (const link of [...(this.#links[op.signal] as MLink[])]) for (const task of [...link.tasks]) this.#cancel(task);
        this.#links[op.signal] = [];
        break;
      }
      case "renewSignal":
        if ((this.#controllers[op.signal] as AbortController).signal.aborted) this.#controllers[op.signal] = new AbortController();
        break;
      case "child": {
        const root = this.#sets[0] as MSet;
        if (this.#sets.length > MAX_CHILDREN) break;
        if (root.closed) break;
        const child = this.#newSet(root.real.child(`c${this.#sets.length}`), Infinity, false, root);
        root.children.push(child);
        this.#sets.push(child);
        break;
      }
      case "advance":
        await this.#advance(op.ms);
        return;
      case "drain":
        await this.#stop(this.#sets[0] as MSet, op.cancel, op.timeoutMs, true);
        return;
      case "childShutdown": {
        const child = this.#sets[op.set];
        if (child === undefined || child.closed) break;
        this.#pending.push(this.#beginStop(child, op.cancel, op.timeoutMs, false));
        break;
      }
    }
    this.#drainLater();
    await flush();
  }

  #openTasks(): MTask[] {
    return this.#tasks.filter((task) => !task.fnSettled && task.controls !== undefined);
  }

  #spawn(op: Extract<Op, { op: "spawn" }>): void {
    const set = this.#sets[op.set % this.#sets.length] as MSet;
    const controller = op.signal === undefined ? undefined : (this.#controllers[op.signal] as AbortController);
    const behaviour = op.behaviour;
    const holder: { task?: MTask } = {};
    const fn = (ctx: { signal: AbortSignal }): unknown => {
      if (op.kind === "value") return 1;
      if (op.kind === "throw") throw new Error("sync throw");
      return new Promise((resolve, reject) => {
        const task = holder.task;
        if (task !== undefined) task.controls = { resolve, reject };
        if (behaviour === "ignore") return;
        ctx.signal.addEventListener("abort", () => reject(behaviour === "obey" ? (ctx.signal.reason as Error) : new Error("failed while stopping")), { once: true });
      });
    };
    if (set.closed) {
      let refused = false;
      try {
        set.real.spawn(fn);
      } catch (error) {
        refused = error instanceof TaskSetClosedError;
      }
      check(refused, () => "spawn() on a closed set did not throw");
      return;
    }
    // The model task exists before the real spawn runs fn, so fn can hand over its controls.
    const placeholder = {} as Task<unknown>;
    const task: MTask = {
      id: -1,
      set,
      kind: op.kind,
      behaviour,
      timeoutMs: op.kind === "manual" ? op.timeoutMs : undefined,
      handle: placeholder,
      status: "pending",
      holds: false,
      queued: false,
      abortBy: undefined,
      fnSettled: op.kind !== "manual",
      controls: undefined,
      link: undefined,
    };
    holder.task = task;
    const options: { timeoutMs?: number; signal?: AbortSignal } = {};
    if (task.timeoutMs !== undefined) options.timeoutMs = task.timeoutMs;
    if (controller !== undefined) options.signal = controller.signal;
    const handle = set.real.spawn(fn, options);
    Object.assign(task, { id: handle.id, handle });
    this.#tasks.push(task);
    // The model's own account of the same spawn (fn already ran for real; the model replays it).
    set.counts.spawned++;
    if (controller?.signal.aborted === true) {
      task.abortBy = "cancel";
      this.#settle(task, "cancelled", true);
      return;
    }
    if (op.signal !== undefined) {
      const links = this.#links[op.signal] as MLink[];
      let link = links.find((l) => l.set === set);
      if (link === undefined) links.push((link = { set, signal: op.signal, tasks: [] }));
      link.tasks.push(task);
      task.link = link;
    }
    task.holds = true;
    if (set.running.length >= set.max) {
      task.queued = true;
      set.queue.push(task);
    } else {
      set.running.push(task);
      this.#start(task);
    }
  }

  #start(task: MTask): void {
    task.status = "running";
    task.queued = false;
    if (task.kind === "value") return this.#finish(task, true, false);
    if (task.kind === "throw") return this.#finish(task, false, false);
    if (task.timeoutMs !== undefined) {
      const timer: MTimer = { at: this.#now + Math.max(1, task.timeoutMs), seq: this.#seq++, fire: () => this.#timeout(task), owner: task };
      this.#timers.push(timer);
    }
  }

  #settleFn(task: MTask, how: Settle): void {
    task.fnSettled = true;
    if (how === "resolve") task.controls?.resolve(2);
    else task.controls?.reject(hostile(how));
    this.#later.push(() => this.#finish(task, how === "resolve", false));
  }

  /** The function settled (`own`: with its own cancellation). */
  #finish(task: MTask, ok: boolean, own: boolean): void {
    if (isFinal(task.status)) {
      if (task.holds) this.#release(task); // overdue: only now does it let go of its slot
      return;
    }
    if (ok) this.#settle(task, "completed", true);
    else if (task.abortBy === "cancel" && own) this.#settle(task, "cancelled", true);
    else this.#settle(task, "failed", true);
  }

  #settle(task: MTask, status: "completed" | "failed" | "cancelled", release: boolean): void {
    task.status = status;
    this.#timers = this.#timers.filter((timer) => timer.owner !== task);
    if (task.link !== undefined) {
      const link = task.link;
      link.tasks.splice(link.tasks.indexOf(task), 1);
      if (link.tasks.length === 0) {
        const links = this.#links[link.signal] as MLink[];
        if (links.includes(link)) links.splice(links.indexOf(link), 1);
      }
      task.link = undefined;
    }
    const set = task.set;
    set.counts[status]++;
    if (status === "failed") {
      this.#failedTotal++;
      set.errorEntries += this.#config.onErrorThrows ? 2 : 1;
      if (set.failFast) this.#cancelTree(set);
    }
    if (release) this.#release(task);
  }

  #release(task: MTask): void {
    const set = task.set;
    const wasQueued = task.queued;
    if (!task.holds) return;
    task.holds = false;
    if (wasQueued) set.queue.splice(set.queue.indexOf(task), 1);
    else set.running.splice(set.running.indexOf(task), 1);
    for (const wait of this.#waits) if (wait.held.delete(task) && wait.held.size === 0) this.#finishWait(wait);
    if (!wasQueued && set.queue.length > 0) this.#startQueued(set);
  }

  #startQueued(set: MSet): void {
    if (set.startingQueued) return;
    set.startingQueued = true;
    while (set.queue.length > 0 && set.running.length < set.max) {
      const next = set.queue.shift() as MTask;
      set.running.push(next);
      this.#start(next);
    }
    set.startingQueued = false;
  }

  #cancel(task: MTask): void {
    if (isFinal(task.status) || task.abortBy !== undefined) return;
    task.abortBy = "cancel";
    if (task.status === "pending") return this.#settle(task, "cancelled", true);
    this.#abortFn(task);
  }

  /** What the function's abort listener does (a reaction that runs a microtask later). */
  #abortFn(task: MTask): void {
    if (task.behaviour === "ignore" || task.fnSettled) return;
    task.fnSettled = true;
    const own = task.behaviour === "obey";
    this.#later.push(() => this.#finish(task, false, own));
  }

  #timeout(task: MTask): void {
    if (task.status !== "running" || task.abortBy !== undefined) return;
    task.abortBy = "timeout";
    this.#abortFn(task);
    this.#settle(task, "failed", false);
  }

  #tree(set: MSet): MSet[] {
    const tree = [set];
    for (let i = 0; i < tree.length; i++) tree.push(...(tree[i] as MSet).children);
    return tree;
  }

  #cancelTree(set: MSet): void {
    for (const s of this.#tree(set)) this.#cancelOwn(s);
  }

  #cancelOwn(set: MSet): void {
    for (const task of [...set.queue]) this.#cancel(task);
    for (const task of [...set.running]) this.#cancel(task);
  }

  #drainLater(): void {
    while (this.#later.length > 0) (this.#later.shift() as () => void)();
  }

  async #advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    const realAdvance = this.#clock.advance(ms);
    // Replay the same timers in the same order on the model, each with its reactions.
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.at;
      due.fire();
      this.#drainLater();
    }
    this.#now = target;
    await realAdvance;
  }

  async #stop(root: MSet, cancel: boolean, timeoutMs: number | undefined, cut: boolean): Promise<void> {
    const stop = this.#beginStop(root, cancel, timeoutMs, cut);
    this.#drainLater();
    await flush();
    if (stop.wait.expected === undefined) await this.#advance(Math.max(1, timeoutMs ?? 10_000));
    await flush(); // not the promise itself: one that never resolves must fail the run, not hang it
    this.#compare(stop.wait, stop.report());
  }

  async #checkPending(): Promise<void> {
    for (const stop of [...this.#pending]) {
      if (stop.wait.expected === undefined) continue;
      await flush();
      this.#compare(stop.wait, stop.report());
      this.#pending = this.#pending.filter((p) => p !== stop);
    }
  }

  /** Calls drain() or shutdown() on `root` for real and replays its start on the model. */
  #beginStop(root: MSet, cancel: boolean, timeoutMs: number | undefined, cut: boolean): Stop {
    const tree = this.#tree(root);
    const held = new Set<MTask>();
    for (const set of tree) for (const task of [...set.running, ...set.queue]) held.add(task);
    const wait: MWait = { root, tree, cutoff: Math.max(0, ...this.#tasks.map((t) => t.id)), held, cut, timer: undefined, expected: undefined };
    const options: { cancel: boolean; timeoutMs?: number } = { cancel };
    if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
    let report: ShutdownReport | undefined;
    // Never rejects (the API's promise); `report` is read once the model says it resolved.
    const settled = (cut ? root.real.drain(options) : root.real.shutdown(options)).then((r) => void (report = r));
    if (!cut) for (const set of tree) set.closed = true;
    if (cancel) for (const set of tree) this.#cancelOwn(set);
    if (held.size === 0) this.#finishWait(wait);
    else {
      this.#waits.push(wait);
      const timer: MTimer = { at: this.#now + Math.max(1, timeoutMs ?? 10_000), seq: this.#seq++, fire: () => this.#finishWait(wait) };
      wait.timer = timer;
      this.#timers.push(timer);
    }
    return { wait, report: () => report, settled };
  }

  #compare(wait: MWait, report: ShutdownReport | undefined): void {
    const cut = wait.cut;
    const expected = wait.expected;
    check(expected !== undefined && report !== undefined, () => "a drain or shutdown did not resolve by its deadline");
    const got = report as ShutdownReport;
    const want = expected as Expected;
    const summary = {
      completed: got.completed,
      failed: got.failed,
      cancelled: got.cancelled,
      errorsOmitted: got.errorsOmitted,
      abandoned: got.abandoned.map((t) => t.id).sort((a, b) => a - b),
      errors: got.errors.length,
    };
    check(JSON.stringify(summary) === JSON.stringify(want), () => `${cut ? "drain" : "shutdown"} report ${JSON.stringify(summary)}, model ${JSON.stringify(want)}`);
    check(typeof formatReportSummary(got) === "string", () => "formatReportSummary() did not return a string");
  }

  /** The report is taken now: when the last held task let go, or at the deadline. */
  #finishWait(wait: MWait): void {
    if (wait.expected !== undefined) return;
    this.#waits = this.#waits.filter((w) => w !== wait);
    if (wait.timer !== undefined) this.#timers = this.#timers.filter((t) => t !== wait.timer);
    const expected: Expected = { completed: 0, failed: 0, cancelled: 0, errorsOmitted: 0, abandoned: [], errors: 0 };
    for (const set of wait.tree) {
      expected.completed += set.counts.completed - set.reported.completed;
      expected.failed += set.counts.failed - set.reported.failed;
      expected.cancelled += set.counts.cancelled - set.reported.cancelled;
      expected.errors += set.errorEntries;
      for (const task of [...set.running, ...set.queue]) if (task.id <= wait.cutoff) expected.abandoned.push(task.id);
      if (wait.cut) {
        set.reported = { ...set.counts };
        set.errorEntries = 0;
      }
    }
    expected.abandoned.sort((a, b) => a - b);
    wait.expected = expected;
    // A child shut down on its own leaves its parent, unless the parent is closing too.
    const parent = wait.root.parent;
    if (!wait.cut && parent !== undefined && !parent.closed) parent.children.splice(parent.children.indexOf(wait.root), 1);
  }

  #verify(after: string): void {
    for (const task of this.#tasks) {
      check(task.handle.status === task.status, () => `after ${after}: task #${task.id} (${task.kind}/${task.behaviour}) is ${task.handle.status}, model says ${task.status}`);
    }
    for (const [i, set] of this.#sets.entries()) {
      const overdue = set.running.filter((t) => isFinal(t.status)).length;
      const want = {
        spawned: set.counts.spawned,
        running: set.running.length - overdue,
        queued: set.queue.length,
        completed: set.counts.completed,
        failed: set.counts.failed,
        cancelled: set.counts.cancelled,
        overdue,
      };
      const got = set.real.stats;
      check(JSON.stringify(got) === JSON.stringify(want), () => `after ${after}: set ${i} stats ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
      check(got.spawned === got.completed + got.failed + got.cancelled + got.running + got.queued, () => `after ${after}: set ${i} books do not balance`);
      check(set.real.size === set.running.length + set.queue.length, () => `after ${after}: set ${i} size ${set.real.size}`);
    }
    check(this.#onErrorCalls === this.#failedTotal, () => `after ${after}: onError ran ${this.#onErrorCalls} times for ${this.#failedTotal} failures`);
  }
}

function isFinal(status: TaskStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

/** Runs random configurations from `seed` until at least `ops` operations ran; returns how many did. */
export async function runModel(seed: number, ops: number): Promise<{ ops: number; runs: number }> {
  let total = 0;
  let runs = 0;
  for (let round = 0; total < ops; round++) {
    await fc.assert(
      fc.asyncProperty(configArbitrary, async (config) => {
        total += await runConfig(config);
        runs++;
      }),
      { seed: seed + round, numRuns: 200, includeErrorInReport: true },
    );
  }
  return { ops: total, runs };
}
