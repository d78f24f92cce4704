import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskCancelledError, TaskSet, TaskSetClosedError, TaskTimeoutError, type TaskContext, type TaskInfo } from "../../runtime/index.js";

/** A promise the test settles by hand. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Work that runs until its signal aborts, then rejects with the abort reason (a well-behaved task). */
function untilAborted({ signal }: TaskContext): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });
}

function collectErrors(): { errors: { error: unknown; info: TaskInfo }[]; onError: (error: unknown, info: TaskInfo) => void } {
  const errors: { error: unknown; info: TaskInfo }[] = [];
  return { errors, onError: (error, info) => errors.push({ error, info }) };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("new TaskSet()", () => {
  it("new TaskSet() - rejects invalid options with a TypeError naming the option", () => {
    expect(() => new TaskSet({ maxConcurrency: 0 })).toThrow(new TypeError("maxConcurrency must be a positive integer, got 0"));
    expect(() => new TaskSet({ maxConcurrency: 1.5 })).toThrow(/maxConcurrency must be a positive integer, got 1.5/);
    expect(() => new TaskSet({ name: 3 as unknown as string })).toThrow(/name must be a string, got 3/);
    expect(() => new TaskSet({ onError: "log" as unknown as () => void })).toThrow(/onError must be a function/);
    expect(() => new TaskSet({ failFast: 1 as unknown as boolean })).toThrow(/failFast must be a boolean/);
    expect(() => new TaskSet({ captureStacks: "yes" as unknown as boolean })).toThrow(/captureStacks must be a boolean/);
    expect(new TaskSet({ maxConcurrency: Infinity }).name).toBe("TaskSet");
  });

  it(".spawn() - rejects invalid arguments with a TypeError naming the option", () => {
    const set = new TaskSet();
    expect(() => set.spawn(42 as unknown as () => void)).toThrow(/fn must be a function/);
    expect(() => set.spawn(() => 1, { timeoutMs: -1 })).toThrow(/timeoutMs must be a number of milliseconds from 0 to Infinity, got -1/);
    expect(() => set.spawn(() => 1, { name: 1 as unknown as string })).toThrow(/name must be a string/);
    expect(() => set.spawn(() => 1, { signal: {} as AbortSignal })).toThrow(/signal must be an AbortSignal/);
    expect(set.stats.spawned).toBe(0);
  });
});

describe(".spawn()", () => {
  it(".spawn() - runs fn at once and completes with its value", async () => {
    const set = new TaskSet({ name: "s" });
    const task = set.spawn(() => 42, { name: "answer" });
    expect(task.status).toBe("completed");
    expect(task.name).toBe("answer");
    await expect(task.result).resolves.toBe(42);
    const later = set.spawn(() => Promise.resolve("done"));
    expect(later.status).toBe("running");
    expect(set.size).toBe(1);
    await expect(later.result).resolves.toBe("done");
    expect(later.status).toBe("completed");
    expect(set.size).toBe(0);
  });

  it(".spawn() - a sync throw is a task failure", () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const boom = new Error("boom");
    const task = set.spawn(
      () => {
        throw boom;
      },
      { name: "thrower" },
    );
    expect(task.status).toBe("failed");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBe(boom);
    expect(errors[0]?.info).toMatchObject({ name: "thrower", status: "failed", id: task.id });
    expect(set.stats).toMatchObject({ spawned: 1, failed: 1 });
  });

  it(".spawn() - an async rejection reaches onError once, with the task info", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    set.spawn(() => Promise.reject(new Error("nope")), { name: "rejecter" });
    await set.idle();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.info.name).toBe("rejecter");
    expect(errors[0]?.info.startedAt).toBeTypeOf("number");
  });

  it(".spawn() - names a task after its function, else task#<id>", () => {
    const set = new TaskSet();
    function refreshCache(): void {}
    expect(set.spawn(refreshCache).name).toBe("refreshCache");
    const anonymous = set.spawn(() => undefined);
    expect(anonymous.name).toBe(`task#${anonymous.id}`);
  });

  it(".spawn() - the context carries id, name and a lazily created signal", () => {
    const created = vi.fn();
    const Native = globalThis.AbortController;
    vi.stubGlobal(
      "AbortController",
      class extends Native {
        constructor() {
          super();
          created();
        }
      },
    );
    const set = new TaskSet();
    let seen: TaskContext | undefined;
    const task = set.spawn(
      (ctx) => {
        seen = ctx;
        return new Promise<void>(() => {});
      },
      { name: "ctx" },
    );
    expect(seen?.id).toBe(task.id);
    expect(seen?.name).toBe("ctx");
    expect(created).not.toHaveBeenCalled();
    expect(seen?.signal.aborted).toBe(false);
    expect(created).toHaveBeenCalledTimes(1);
    task.cancel();
    expect(seen?.signal.aborted).toBe(true);
  });

  it(".spawn() - throws TaskSetClosedError naming the set and the task once shutdown began", async () => {
    const set = new TaskSet({ name: "jobs" });
    const shutdown = set.shutdown();
    expect(set.closed).toBe(true);
    expect(() => set.spawn(() => 1, { name: "late" })).toThrow(TaskSetClosedError);
    expect(() => set.spawn(() => 1, { name: "late" })).toThrow(/TaskSet "jobs".*"late"/);
    await shutdown;
  });

  it(".spawn() - options.signal cancels the task, before or while it runs", async () => {
    const set = new TaskSet();
    const ran = vi.fn();
    const aborted = AbortSignal.abort(new Error("too late"));
    const never = set.spawn(ran, { signal: aborted });
    expect(ran).not.toHaveBeenCalled();
    expect(never.status).toBe("cancelled");
    expect(never.info().startedAt).toBeUndefined();
    const controller = new AbortController();
    const running = set.spawn(untilAborted, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(running.result).rejects.toThrow("stop");
    expect(running.status).toBe("cancelled");
    expect(set.stats).toMatchObject({ spawned: 2, cancelled: 2 });
  });
});

describe("Task", () => {
  it("Task - is not a thenable", () => {
    const task = new TaskSet().spawn(() => 1);
    expect("then" in task).toBe(false);
  });

  it("Task.result - an unread failure never becomes an unhandled rejection", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const set = new TaskSet({ onError: () => {} });
      set.spawn(() => Promise.reject(new Error("quiet")));
      set.spawn(() => {
        throw new Error("sync");
      });
      await set.idle();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("Task.result - read after settling returns the same settled promise", async () => {
    const set = new TaskSet({ onError: () => {} });
    const failed = set.spawn(() => {
      throw new Error("x");
    });
    expect(failed.result).toBe(failed.result);
    await expect(failed.result).rejects.toThrow("x");
  });

  it(".cancel() - a running task that rejects after cancel() is cancelled; result rejects with the reason", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const task = set.spawn(untilAborted);
    const reason = new Error("user pressed stop");
    task.cancel(reason);
    expect(task.status).toBe("running"); // it decides when it stops
    await expect(task.result).rejects.toBe(reason);
    expect(task.status).toBe("cancelled");
    expect(errors).toHaveLength(0);
  });

  it(".cancel() - a real error after cancel() is a failure, a value after cancel() completes", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const failing = deferred();
    const finishing = deferred<number>();
    const a = set.spawn(() => failing.promise);
    const b = set.spawn(() => finishing.promise);
    a.cancel();
    b.cancel();
    const unrelated = new Error("unrelated");
    failing.reject(unrelated);
    finishing.resolve(7);
    await set.idle();
    expect(a.status).toBe("failed");
    await expect(a.result).rejects.toBe(unrelated);
    expect(b.status).toBe("completed");
    await expect(b.result).resolves.toBe(7);
    expect(errors.map((e) => e.error)).toEqual([unrelated]);
  });

  it(".cancel() - the first reason wins and a settled task ignores it", async () => {
    const set = new TaskSet();
    let signal: AbortSignal | undefined;
    const task = set.spawn((ctx) => {
      signal = ctx.signal;
      return untilAborted(ctx);
    });
    task.cancel("first");
    task.cancel("second");
    expect(signal?.reason).toBe("first");
    await set.idle();
    task.cancel("third");
    expect(task.status).toBe("cancelled");
    expect(set.stats.cancelled).toBe(1);
  });

  it(".info() - is a plain snapshot", () => {
    const task = new TaskSet().spawn(() => 1, { name: "snap" });
    const info = task.info();
    expect(info).toEqual({ id: task.id, name: "snap", status: "completed", spawnedAt: info.spawnedAt, startedAt: info.startedAt });
    expect(Math.abs(info.spawnedAt - Date.now())).toBeLessThan(60_000);
  });
});

describe("timeoutMs", () => {
  it(".spawn() - a task that outlives timeoutMs fails with TaskTimeoutError and its signal aborts with it", async () => {
    vi.useFakeTimers();
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    let signal: AbortSignal | undefined;
    const task = set.spawn(
      (ctx) => {
        signal = ctx.signal;
        return untilAborted(ctx);
      },
      { name: "slow", timeoutMs: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(task.status).toBe("running");
    await vi.advanceTimersByTimeAsync(1);
    await set.idle();
    expect(task.status).toBe("failed");
    expect(signal?.reason).toBeInstanceOf(TaskTimeoutError);
    expect(errors[0]?.error).toBeInstanceOf(TaskTimeoutError);
    expect(errors[0]?.error).toMatchObject({ taskName: "slow", timeoutMs: 1_000 });
    await expect(task.result).rejects.toBeInstanceOf(TaskTimeoutError);
  });

  it(".spawn() - a task that finishes in time clears its timer; no timer without timeoutMs", async () => {
    vi.useFakeTimers();
    const set = new TaskSet();
    const done = deferred();
    set.spawn(() => done.promise, { timeoutMs: 5_000 });
    expect(vi.getTimerCount()).toBe(1);
    done.resolve();
    await set.idle();
    expect(vi.getTimerCount()).toBe(0);
    set.spawn(() => new Promise<void>(() => {}));
    expect(vi.getTimerCount()).toBe(0);
  });

  it(".spawn() - a task that ignores its signal fails at its deadline and keeps its slot until it settles", async () => {
    vi.useFakeTimers();
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError, maxConcurrency: 1 });
    const late = deferred<string>();
    const task = set.spawn(() => late.promise, { timeoutMs: 10 });
    const next = set.spawn(() => "next");
    await vi.advanceTimersByTimeAsync(10);
    expect(task.status).toBe("failed");
    await expect(task.result).rejects.toBeInstanceOf(TaskTimeoutError);
    expect(errors).toHaveLength(1);
    expect(set.stats).toMatchObject({ running: 0, overdue: 1, queued: 1, failed: 1 });
    expect(next.status).toBe("pending"); // the slot is still taken by the function that ignores its signal
    late.resolve("too late");
    await set.idle();
    expect(next.status).toBe("completed");
    expect(task.status).toBe("failed");
    expect(set.stats).toMatchObject({ overdue: 0, failed: 1, completed: 1 });
    expect(errors).toHaveLength(1);
  });
});

describe("maxConcurrency", () => {
  it(".spawn() - queues excess tasks FIFO in status pending", async () => {
    const set = new TaskSet({ maxConcurrency: 2 });
    const order: number[] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const tasks = gates.map((gate, i) =>
      set.spawn(async () => {
        order.push(i);
        await gate.promise;
      }),
    );
    expect(tasks.map((t) => t.status)).toEqual(["running", "running", "pending", "pending"]);
    expect(set.stats).toMatchObject({ running: 2, queued: 2 });
    expect(tasks[2]?.info().startedAt).toBeUndefined();
    gates[1]?.resolve();
    await vi.waitFor(() => expect(order).toEqual([0, 1, 2]));
    gates[0]?.resolve();
    gates[2]?.resolve();
    gates[3]?.resolve();
    await set.idle();
    expect(order).toEqual([0, 1, 2, 3]);
    expect(set.stats).toMatchObject({ completed: 4, running: 0, queued: 0 });
  });

  it(".cancel() - a queued task is removed without running", async () => {
    const set = new TaskSet({ maxConcurrency: 1 });
    const gate = deferred();
    set.spawn(() => gate.promise);
    const ran = vi.fn();
    const queued = set.spawn(ran);
    queued.cancel();
    expect(queued.status).toBe("cancelled");
    expect(set.stats).toMatchObject({ queued: 0, cancelled: 1 });
    gate.resolve();
    await set.idle();
    expect(ran).not.toHaveBeenCalled();
  });

  it(".spawn() - synchronous tasks drain the queue without recursion problems", async () => {
    const set = new TaskSet({ maxConcurrency: 1 });
    const gate = deferred();
    set.spawn(() => gate.promise);
    let count = 0;
    for (let i = 0; i < 10_000; i++) set.spawn(() => count++);
    gate.resolve();
    await set.idle();
    expect(count).toBe(10_000);
  });
});

describe("failFast", () => {
  it("failFast - the first failure cancels the siblings, which are not reported as failures", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ failFast: true, onError, maxConcurrency: 2 });
    const signals: AbortSignal[] = [];
    const sibling = set.spawn((ctx) => {
      signals.push(ctx.signal);
      return untilAborted(ctx);
    });
    const failure = deferred();
    set.spawn(() => failure.promise, { name: "breaks" });
    const queued = set.spawn(untilAborted);
    const boom = new Error("boom");
    failure.reject(boom);
    await set.idle();
    expect(errors.map((e) => e.error)).toEqual([boom]);
    expect(sibling.status).toBe("cancelled");
    expect(queued.status).toBe("cancelled");
    expect(signals[0]?.reason).toBeInstanceOf(TaskCancelledError);
    expect((signals[0]?.reason as Error).cause).toBe(boom);
    expect(set.stats).toMatchObject({ failed: 1, cancelled: 2 });
    expect(set.closed).toBe(false);
  });
});

describe("error reporting", () => {
  it("onError - without it, failures are printed with set, task, error and spawn site", async () => {
    const print = vi.spyOn(console, "error").mockImplementation(() => {});
    const set = new TaskSet({ name: "mailer", captureStacks: true });
    const boom = new Error("smtp down");
    set.spawn(() => Promise.reject(boom), { name: "send" });
    await set.idle();
    expect(print).toHaveBeenCalledTimes(1);
    const [message] = (print.mock.calls[0] ?? []) as unknown[];
    expect(message).toContain('"mailer"');
    expect(message).toContain('"send"');
    expect(message).toContain("task-set.test.ts");
    expect(message).toContain(boom.stack);
  });

  it("onError - a throwing onError is reported too and never crashes", async () => {
    const print = vi.spyOn(console, "error").mockImplementation(() => {});
    const set = new TaskSet({
      onError: () => {
        throw new Error("reporter broke");
      },
    });
    const task = set.spawn(() => {
      throw new Error("original");
    });
    expect(task.status).toBe("failed");
    await set.idle();
    expect(print).toHaveBeenCalledTimes(1);
    expect(String(print.mock.calls[0]?.[0])).toContain("onError handler threw");
    const report = await set.shutdown();
    expect(report.errors.map((e) => (e.error as Error).message)).toEqual(["original", "reporter broke"]);
    expect(report.failed).toBe(1);
  });

  it("captureStacks - records the caller's frame as the spawn site", () => {
    const set = new TaskSet({ captureStacks: true });
    const task = set.spawn(() => 1);
    expect(task.info().spawnSite).toMatch(/task-set\.test\.ts:\d+:\d+/);
    expect(new TaskSet().spawn(() => 1).info().spawnSite).toBeUndefined();
  });
});

describe(".track()", () => {
  it(".track() - adopts a running promise and reports its failure", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const ok = set.track(Promise.resolve(3), { name: "ok" });
    const bad = set.track(Promise.reject(new Error("bad")), { name: "bad" });
    expect(set.size).toBe(2);
    await set.idle();
    expect(ok.status).toBe("completed");
    await expect(ok.result).resolves.toBe(3);
    expect(bad.status).toBe("failed");
    expect(errors[0]?.info.name).toBe("bad");
  });

  it(".track() - cancel() marks it cancelled at once and swallows a later rejection", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const work = deferred();
    const task = set.track(work.promise);
    task.cancel();
    expect(task.status).toBe("cancelled");
    expect(set.size).toBe(0);
    work.reject(new Error("after the fact"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(0);
  });

  it(".track() - rejects non-promises and closed sets", async () => {
    const set = new TaskSet({ name: "t" });
    expect(() => set.track(5 as unknown as Promise<number>)).toThrow(/promise must be a promise or thenable/);
    await set.shutdown();
    expect(() => set.track(Promise.resolve(), { name: "late" })).toThrow(TaskSetClosedError);
  });
});

describe(".idle() and .cancelAll()", () => {
  it(".idle() - resolves at once when empty and after the last task otherwise", async () => {
    const set = new TaskSet();
    await set.idle();
    const gate = deferred();
    set.spawn(() => gate.promise);
    let idle = false;
    const waiting = set.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(idle).toBe(true);
  });

  it(".cancelAll() - aborts every task and leaves the set open", async () => {
    const set = new TaskSet({ maxConcurrency: 2 });
    const tasks = [set.spawn(untilAborted), set.spawn(untilAborted), set.spawn(untilAborted)];
    set.cancelAll(new Error("reset"));
    await set.idle();
    expect(tasks.map((t) => t.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(set.closed).toBe(false);
    expect(set.spawn(() => 1).status).toBe("completed");
  });
});

describe(".child()", () => {
  it(".child() - reports through the parent's onError and shuts down with it", async () => {
    const { errors, onError } = collectErrors();
    const parent = new TaskSet({ name: "app", onError });
    const child = parent.child("db");
    expect(child.name).toBe("app/db");
    const slow = child.spawn(untilAborted);
    child.spawn(() => Promise.reject(new Error("child failure")), { name: "query" });
    parent.spawn(() => 1);
    await vi.waitFor(() => expect(errors.map((e) => e.info.name)).toEqual(["query"]));
    const report = await parent.shutdown();
    expect(child.closed).toBe(true);
    expect(slow.status).toBe("cancelled");
    expect(report).toMatchObject({ name: "app", completed: 1, failed: 1, cancelled: 1, abandoned: [] });
    expect(report.errors).toHaveLength(1);
    expect(() => parent.child("late")).toThrow(TaskSetClosedError);
  });

  it(".cancelAll() - cancels the children's tasks too", async () => {
    const parent = new TaskSet();
    const task = parent.child("c").spawn(untilAborted);
    parent.cancelAll();
    await expect(task.result).rejects.toBeInstanceOf(TaskCancelledError);
  });
});

describe(".shutdown()", () => {
  it(".shutdown() - aborts every signal, waits, and resolves with the report", async () => {
    const { onError } = collectErrors();
    const set = new TaskSet({ name: "svc", onError });
    set.spawn(() => 1);
    set.spawn(() => Promise.reject(new Error("e1")), { name: "bad" });
    const running = set.spawn(untilAborted, { name: "loop" });
    await vi.waitFor(() => expect(set.stats.failed).toBe(1)); // a failure after shutdown() began would count as cancelled
    const setSignal = set.signal;
    const report = await set.shutdown();
    expect(setSignal.aborted).toBe(true);
    expect(running.status).toBe("cancelled");
    expect(report).toMatchObject({ name: "svc", completed: 1, failed: 1, cancelled: 1, abandoned: [], errorsOmitted: 0 });
    expect(report.errors[0]?.task.name).toBe("bad");
    expect(set.size).toBe(0);
    expect(set.signal.aborted).toBe(true);
  });

  it(".shutdown() - with cancel: false only waits", async () => {
    const set = new TaskSet();
    const gate = deferred<string>();
    let signal: AbortSignal | undefined;
    const task = set.spawn((ctx) => {
      signal = ctx.signal;
      return gate.promise;
    });
    const done = set.shutdown({ cancel: false });
    expect(signal?.aborted).toBe(false);
    gate.resolve("finished");
    const report = await done;
    expect(task.status).toBe("completed");
    expect(report.completed).toBe(1);
  });

  it(".shutdown() - never hangs: tasks that ignore their signal are abandoned but still tracked", async () => {
    vi.useFakeTimers();
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const stubborn = deferred();
    const task = set.spawn(() => stubborn.promise, { name: "stubborn" });
    const done = set.shutdown({ timeoutMs: 500 });
    await vi.advanceTimersByTimeAsync(500);
    const report = await done;
    expect(report.abandoned).toMatchObject([{ name: "stubborn", status: "running" }]);
    expect(set.size).toBe(1);
    vi.useRealTimers();
    const late = new Error("late failure");
    stubborn.reject(late);
    await set.idle();
    expect(task.status).toBe("failed"); // a real error, not its cancellation, even after the abort
    expect(set.size).toBe(0);
    expect(errors.map((e) => e.error)).toEqual([late]);
  });

  it(".shutdown() - is idempotent: a second call returns the same promise", async () => {
    const set = new TaskSet();
    const first = set.shutdown();
    expect(set.shutdown({ timeoutMs: 1 })).toBe(first);
    await first;
  });

  it(".shutdown() - validates its options", () => {
    const set = new TaskSet();
    expect(() => set.shutdown({ timeoutMs: Number.NaN })).toThrow(/timeoutMs must be a number of milliseconds from 0 to Infinity, got NaN/);
    expect(set.closed).toBe(false);
  });

  it("[Symbol.asyncDispose]() - shuts the set down for await using", async () => {
    const set = new TaskSet();
    const task = set.spawn(untilAborted);
    await set[Symbol.asyncDispose]();
    expect(set.closed).toBe(true);
    expect(task.status).toBe("cancelled");
  });
});
