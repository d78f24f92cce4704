import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskSet, type TaskContext, type TaskInfo } from "../../runtime/index.js";

function untilAborted({ signal }: TaskContext): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
}

/**
 * An owner that is closed and opened again, as the codemod writes it: its stream's handlers
 * spawn into the owner's set, and close() uses the reopen-safe stop.
 */
class Subscriber {
  readonly tasks: TaskSet;
  readonly handled: string[] = [];
  #stream: EventEmitter | undefined;

  constructor(onError: (error: unknown, info: TaskInfo) => void) {
    this.tasks = new TaskSet({ name: "Subscriber", onError });
  }

  open(stream: EventEmitter): void {
    this.#stream = stream;
    stream.on("message", (text: string) => {
      this.tasks.spawn(async (ctx) => {
        if (text === "fail") throw new Error(`cannot handle ${text}`);
        if (text === "slow") await untilAborted(ctx);
        this.handled.push(text);
      });
    });
  }

  async close(): Promise<Awaited<ReturnType<TaskSet["drain"]>>> {
    this.#stream?.removeAllListeners();
    this.#stream = undefined;
    return this.tasks.drain({ timeoutMs: 1_000 });
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe(".drain()", () => {
  it(".drain() - open -> close -> open -> close: spawn works in the second life and each close reports its own life", async () => {
    const errors: unknown[] = [];
    const subscriber = new Subscriber((error) => errors.push(error));
    const first = new EventEmitter();
    subscriber.open(first);
    first.emit("message", "a");
    first.emit("message", "fail");
    first.emit("message", "slow");
    const firstLife = await subscriber.close();
    expect(firstLife).toMatchObject({ completed: 1, failed: 1, cancelled: 1, abandoned: [] });
    expect(subscriber.tasks.closed).toBe(false);

    const second = new EventEmitter();
    subscriber.open(second);
    expect(() => second.emit("message", "b")).not.toThrow();
    second.emit("message", "c");
    const secondLife = await subscriber.close();
    expect(secondLife).toMatchObject({ completed: 2, failed: 0, cancelled: 0, abandoned: [], errors: [] });
    expect(subscriber.handled).toEqual(["a", "b", "c"]);
    expect(errors).toHaveLength(1);
    expect(subscriber.tasks.stats).toMatchObject({ spawned: 5, completed: 3, failed: 1, cancelled: 1 });
  });

  it(".drain() - tasks spawned while it runs are neither cancelled nor awaited by it", async () => {
    const set = new TaskSet();
    const old = set.spawn(({ signal }) => new Promise<void>((resolve) => signal.addEventListener("abort", () => setTimeout(resolve, 5))));
    const draining = set.drain();
    const fresh = set.spawn(untilAborted, { name: "fresh" });
    const report = await draining;
    expect(old.status).toBe("completed");
    expect(fresh.status).toBe("running");
    expect(report.abandoned).toEqual([]);
    expect(report.completed).toBe(1);
    fresh.cancel();
    await set.idle();
  });

  it(".drain() - with cancel: false it waits for queued and running work, and children are drained too", async () => {
    const set = new TaskSet({ maxConcurrency: 1 });
    const child = set.child("child");
    const order: string[] = [];
    const work = (name: string) => () => new Promise<void>((resolve) => setTimeout(() => resolve(void order.push(name)), 2));
    set.spawn(work("one"));
    set.spawn(work("two")); // queued
    child.spawn(work("child"));
    const report = await set.drain({ cancel: false });
    expect(report).toMatchObject({ completed: 3, cancelled: 0, abandoned: [] });
    expect(order.sort()).toEqual(["child", "one", "two"]);
    expect(child.closed).toBe(false);
  });

  it(".drain() - never hangs: at its timeout tasks of the call that ignore their signal are abandoned, and the set stays open", async () => {
    vi.useFakeTimers();
    const set = new TaskSet();
    set.spawn(() => new Promise(() => {}), { name: "stubborn" });
    const draining = set.drain({ timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    const report = await draining;
    expect(report.abandoned).toMatchObject([{ name: "stubborn" }]);
    expect(set.spawn(() => 1).status).toBe("completed");
  });

  it(".shutdown() after .drain() reports what settled since the drain", async () => {
    const set = new TaskSet({ onError: () => {} });
    set.spawn(() => Promise.reject(new Error("first life")));
    expect(await set.drain()).toMatchObject({ failed: 1 });
    set.spawn(() => 1);
    const report = await set.shutdown();
    expect(report).toMatchObject({ completed: 1, failed: 0, errors: [] });
    expect(set.closed).toBe(true);
  });
});
