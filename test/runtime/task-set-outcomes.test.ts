import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskCancelledError, TaskSet, TaskTimeoutError, type TaskContext, type TaskInfo } from "../../runtime/index.js";

function collectErrors(): { errors: unknown[]; onError: (error: unknown, info: TaskInfo) => void } {
  const errors: unknown[] = [];
  return { errors, onError: (error) => errors.push(error) };
}

function untilAborted({ signal }: TaskContext): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("failed vs cancelled (asyncio's rule)", () => {
  it(".shutdown() - a rejection already on its way when the cancel arrives is a failure, reported once", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const boom = new Error("boom");
    // eslint-disable-next-line @typescript-eslint/require-await -- the rejection must come from an async function
    const task = set.spawn(async () => {
      throw boom;
    });
    const report = await set.shutdown();
    expect(report).toMatchObject({ failed: 1, cancelled: 0 });
    expect(report.errors.map((e) => e.error)).toEqual([boom]);
    expect(errors).toEqual([boom]);
    expect(task.status).toBe("failed");
  });

  it(".cancelAll() - a task that rejects with its own error in the same tick is failed, not cancelled", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const boom = new Error("boom");
    set.spawn(() => Promise.reject(boom));
    set.cancelAll();
    await set.idle();
    expect(set.stats).toMatchObject({ failed: 1, cancelled: 0 });
    expect(errors).toEqual([boom]);
  });

  it("failFast - two tasks that both already failed report both errors", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError, failFast: true });
    const first = new Error("first");
    const second = new Error("second");
    set.spawn(() => Promise.reject(first));
    set.spawn(() => Promise.reject(second));
    const report = await set.shutdown();
    expect(errors).toEqual([first, second]);
    expect(report).toMatchObject({ failed: 2, cancelled: 0 });
  });

  it(".cancel() - a task that rejects with a different, real error after cancel() is failed with that error", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const real = new Error("disk full while stopping");
    const task = set.spawn(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(real))));
    task.cancel();
    await expect(task.result).rejects.toBe(real);
    expect(task.status).toBe("failed");
    expect(errors).toEqual([real]);
  });

  it(".cancel() - its own cancellation (the reason, an AbortError, a TaskCancelledError) counts as cancelled", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const abortError = new Error("aborted");
    abortError.name = "AbortError";
    const tasks = [
      set.spawn(untilAborted),
      set.spawn(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(abortError)))),
      set.spawn(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new TaskCancelledError("mine"))))),
    ];
    set.cancelAll();
    await set.idle();
    expect(tasks.map((t) => t.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(errors).toEqual([]);
  });
});

describe("external signals", () => {
  it(".spawn() - a pre-aborted signal under maxConcurrency leaves the queue intact", async () => {
    const set = new TaskSet({ maxConcurrency: 1, onError: () => {} });
    let release!: () => void;
    set.spawn(() => new Promise<void>((resolve) => (release = resolve)));
    const ran: number[] = [];
    const queued = [1, 2, 3].map((n) => set.spawn(() => void ran.push(n)));
    const aborted = set.spawn(() => ran.push(99), { signal: AbortSignal.abort(new Error("too late")) });
    expect(aborted.status).toBe("cancelled");
    expect(set.stats).toMatchObject({ queued: 3, cancelled: 1 });
    expect(set.size).toBe(4);
    release();
    await set.idle();
    expect(ran).toEqual([1, 2, 3]);
    expect(queued.map((t) => t.status)).toEqual(["completed", "completed", "completed"]);
    expect(set.stats).toMatchObject({ spawned: 5, completed: 4, cancelled: 1, queued: 0, running: 0 });
    expect(set.size).toBe(0);
  });

  it(".spawn() - many tasks sharing one signal add one listener, removed with the last task", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const added = vi.spyOn(controller.signal, "addEventListener");
      const removed = vi.spyOn(controller.signal, "removeEventListener");
      const set = new TaskSet();
      const tasks = Array.from({ length: 50 }, () => set.spawn(untilAborted, { signal: controller.signal }));
      expect(added).toHaveBeenCalledTimes(1);
      controller.abort(new Error("stop"));
      await set.idle();
      expect(tasks.every((t) => t.status === "cancelled")).toBe(true);
      expect(removed).toHaveBeenCalledTimes(1);
      // A signal that outlives its tasks keeps no listener of the set.
      const later = new AbortController();
      const laterAdded = vi.spyOn(later.signal, "addEventListener");
      const laterRemoved = vi.spyOn(later.signal, "removeEventListener");
      for (let i = 0; i < 20; i++) set.spawn(() => i, { signal: later.signal });
      expect(laterAdded.mock.calls.length).toBe(laterRemoved.mock.calls.length);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("hostile return values", () => {
  it(".spawn() - a returned object whose then getter throws is a task failure, not an exception out of spawn()", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const trap = new Error("then getter");
    const hostile = {
      get then(): never {
        throw trap;
      },
    };
    const task = set.spawn(() => hostile);
    expect(task.status).toBe("failed");
    expect(errors).toEqual([trap]);
    const report = await set.shutdown({ timeoutMs: 100 });
    expect(report.abandoned).toEqual([]);
  });

  it(".track() - a thenable whose then getter throws is a failure, never a task left running", async () => {
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError });
    const trap = new Error("then getter");
    const task = set.track(
      Object.defineProperty({}, "then", {
        get(): never {
          throw trap;
        },
      }) as PromiseLike<unknown>,
    );
    expect(task.status).toBe("failed");
    expect(errors).toEqual([trap]);
    expect((await set.shutdown({ timeoutMs: 100 })).abandoned).toEqual([]);
  });
});

describe("timeoutMs at the deadline", () => {
  it(".spawn() - a task that never settles fails at its deadline: reported once, result rejects, listed abandoned while it runs", async () => {
    vi.useFakeTimers();
    const { errors, onError } = collectErrors();
    const set = new TaskSet({ onError, maxConcurrency: 1 });
    const task = set.spawn(() => new Promise(() => {}), { name: "stuck", timeoutMs: 100 });
    const queued = set.spawn(() => "never ran");
    await vi.advanceTimersByTimeAsync(100);
    expect(task.status).toBe("failed");
    await expect(task.result).rejects.toBeInstanceOf(TaskTimeoutError);
    expect(errors).toHaveLength(1);
    expect(queued.status).toBe("pending"); // the stuck function still holds the only slot
    const shutdown = set.shutdown({ timeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(50);
    const report = await shutdown;
    expect(report.abandoned).toMatchObject([{ name: "stuck", status: "failed" }]);
    expect(report).toMatchObject({ failed: 1, cancelled: 1 });
    expect(errors).toHaveLength(1);
  });
});
