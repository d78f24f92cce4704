import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, MultiAgentOrchestrator, type AgentTask } from "../../runtime/orchestrator/index.js";

/** A promise plus its settle functions, so a test decides when an agent's work ends. */
function deferred<T = unknown>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const orchestrators: MultiAgentOrchestrator[] = [];
function create(options?: ConstructorParameters<typeof MultiAgentOrchestrator>[0]): MultiAgentOrchestrator {
  const orchestrator = new MultiAgentOrchestrator(options);
  orchestrators.push(orchestrator);
  return orchestrator;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(orchestrators.splice(0).map((o) => o.stop({ timeoutMs: 1_000 })));
});

describe("MultiAgentOrchestrator", () => {
  it("execute() receives the task record with its payload", async () => {
    const seen: AgentTask[] = [];
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["echo"], maxConcurrent: 1, execute: (task) => (seen.push(task), task.payload) });
    orchestrator.start();
    const id = orchestrator.submitTask({ type: "echo", payload: { sample: "S-1" } });
    const done = await orchestrator.waitForTask(id);
    expect(seen[0]).toMatchObject({ id, type: "echo", payload: { sample: "S-1" }, status: "running", attempts: 1 });
    expect(done).toMatchObject({ status: "completed", result: { sample: "S-1" }, agentId: "a" });
  });

  it("dispatches higher priorities first and equal priorities in submission order", async () => {
    const order: string[] = [];
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: (task) => order.push(task.payload as string) });
    const ids = [
      orchestrator.submitTask({ type: "job", payload: "low", priority: 1 }),
      orchestrator.submitTask({ type: "job", payload: "high-1", priority: 5 }),
      orchestrator.submitTask({ type: "job", payload: "mid", priority: 3 }),
      orchestrator.submitTask({ type: "job", payload: "high-2", priority: 5 }),
      orchestrator.submitTask({ type: "job", payload: "default" }),
    ];
    orchestrator.start();
    await Promise.all(ids.map((id) => orchestrator.waitForTask(id)));
    expect(order).toEqual(["high-1", "high-2", "mid", "low", "default"]);
  });

  it("dispatches to the least-loaded capable agent with a free slot, and queues the rest", () => {
    const work = deferred();
    const orchestrator = create();
    const execute = (): Promise<unknown> => work.promise;
    orchestrator.registerAgent({ id: "a", capabilities: ["ocr"], maxConcurrent: 2, execute });
    orchestrator.registerAgent({ id: "b", capabilities: ["ocr", "pcr"], maxConcurrent: 2, execute });
    orchestrator.registerAgent({ id: "c", capabilities: ["pcr"], maxConcurrent: 5, execute });
    orchestrator.start();
    const agentsAfterEach: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = orchestrator.submitTask({ type: "ocr", payload: i });
      agentsAfterEach.push(orchestrator.getTask(id)?.agentId ?? "queued");
    }
    expect(agentsAfterEach).toEqual(["a", "b", "a", "b", "queued"]);
    const metrics = orchestrator.metrics;
    expect(metrics.agents["a"]?.load).toBe(2);
    expect(metrics.agents["b"]?.load).toBe(2);
    expect(metrics.agents["c"]?.load).toBe(0);
    expect(metrics).toMatchObject({ submitted: 5, running: 4, queued: 1 });
    work.resolve("ok");
  });

  it("does not let a task nobody can run block lower-priority tasks of other types", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["pcr"], maxConcurrent: 1, execute: () => "done" });
    orchestrator.start();
    const blocked = orchestrator.submitTask({ type: "sequencing", payload: null, priority: 10 });
    const runnable = orchestrator.submitTask({ type: "pcr", payload: null, priority: 0 });
    expect((await orchestrator.waitForTask(runnable)).status).toBe("completed");
    expect(orchestrator.getTask(blocked)?.status).toBe("pending");
  });

  it("sets the status from the real outcome: a rejection fails the task with its message", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({
      id: "a",
      capabilities: ["job"],
      maxConcurrent: 1,
      execute: () => Promise.reject(new Error("instrument offline")),
    });
    orchestrator.start();
    const done = await orchestrator.waitForTask(orchestrator.submitTask({ type: "job", payload: null }));
    expect(done).toMatchObject({ status: "failed", error: "Error: instrument offline", attempts: 1 });
    expect(orchestrator.metrics).toMatchObject({ failed: 1, completed: 0, running: 0 });
    expect(orchestrator.metrics.agents["a"]).toMatchObject({ failed: 1, load: 0 });
  });

  it("a synchronous throw from execute() is a failure, not an exception out of dispatch", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({
      id: "a",
      capabilities: ["job"],
      maxConcurrent: 1,
      execute: () => {
        throw new TypeError("bad payload");
      },
    });
    orchestrator.start();
    const ids = [orchestrator.submitTask({ type: "job", payload: 1 }), orchestrator.submitTask({ type: "job", payload: 2 })];
    const done = await Promise.all(ids.map((id) => orchestrator.waitForTask(id)));
    expect(done.map((t) => t.status)).toEqual(["failed", "failed"]);
  });

  it("retries with exponential backoff and full jitter (fake timers)", async () => {
    vi.useFakeTimers();
    const orchestrator = create({ backoff: { baseMs: 100, maxMs: 10_000 }, random: () => 0.5 });
    let calls = 0;
    orchestrator.registerAgent({
      id: "a",
      capabilities: ["job"],
      maxConcurrent: 1,
      execute: () => (++calls < 3 ? Promise.reject(new Error(`attempt ${calls} failed`)) : Promise.resolve("third time")),
    });
    orchestrator.start();
    const id = orchestrator.submitTask({ type: "job", payload: null, maxRetries: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(orchestrator.getTask(id)?.status).toBe("pending");
    // First retry waits 0.5 * 100 ms.
    await vi.advanceTimersByTimeAsync(49);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    // Second retry waits 0.5 * 200 ms.
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    const done = await orchestrator.waitForTask(id);
    expect(done).toMatchObject({ status: "completed", attempts: 3, result: "third time" });
    expect(done.error).toBeUndefined();
    expect(orchestrator.metrics.retried).toBe(2);
  });

  it("backoffDelay() doubles the ceiling per retry, caps it at maxMs, and jitters over [0, ceiling)", () => {
    const options = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 10].map((retry) => backoffDelay(retry, options, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.25)).toBe(100);
  });

  it("gives up after maxRetries and reports the last error", async () => {
    const orchestrator = create({ backoff: { baseMs: 1, maxMs: 1 } });
    let calls = 0;
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => Promise.reject(new Error(`failure ${++calls}`)) });
    orchestrator.start();
    const done = await orchestrator.waitForTask(orchestrator.submitTask({ type: "job", payload: null, maxRetries: 2 }));
    expect(done).toMatchObject({ status: "failed", attempts: 3, error: "Error: failure 3" });
    expect(orchestrator.metrics).toMatchObject({ retried: 2, failed: 1 });
  });

  it("fails an execution at its timeoutMs even when the agent ignores the signal", async () => {
    const orchestrator = create();
    let signal: AbortSignal | undefined;
    const work = deferred();
    orchestrator.registerAgent({
      id: "a",
      capabilities: ["slow"],
      maxConcurrent: 1,
      execute: (_task, s) => {
        signal = s;
        return work.promise;
      },
    });
    orchestrator.start();
    const done = await orchestrator.waitForTask(orchestrator.submitTask({ type: "slow", payload: null, timeoutMs: 20 }));
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/TaskTimeoutError: .*did not finish within 20 ms/);
    expect(signal?.aborted).toBe(true);
    expect(orchestrator.metrics.agents["a"]?.load).toBe(1); // its work still runs: the slot is not free yet
    work.resolve("late");
    await vi.waitFor(() => expect(orchestrator.metrics.agents["a"]?.load).toBe(0));
  });

  it("stop() mid-flight cancels running, queued and backing-off tasks through their signals; none stays running", async () => {
    const orchestrator = create({ backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0.99 });
    const signals: AbortSignal[] = [];
    orchestrator.registerAgent({
      id: "a",
      capabilities: ["long"],
      maxConcurrent: 2,
      execute: (_task, signal) => {
        signals.push(signal);
        return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error)));
      },
    });
    orchestrator.registerAgent({ id: "b", capabilities: ["flaky"], maxConcurrent: 1, execute: () => Promise.reject(new Error("flaky")) });
    orchestrator.start();
    const running = [orchestrator.submitTask({ type: "long", payload: 1 }), orchestrator.submitTask({ type: "long", payload: 2 })];
    const queued = orchestrator.submitTask({ type: "long", payload: 3 });
    const backingOff = orchestrator.submitTask({ type: "flaky", payload: null, maxRetries: 5 });
    await vi.waitFor(() => expect(orchestrator.metrics.retried).toBe(1));

    const report = await orchestrator.stop({ timeoutMs: 1_000 });

    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    for (const id of [...running, queued, backingOff]) expect(orchestrator.getTask(id)?.status).toBe("cancelled");
    expect(orchestrator.metrics).toMatchObject({ running: 0, queued: 0, cancelled: 4 });
    expect(report.cancelledByStop).toBe(2);
    expect(report.executions).toMatchObject({ cancelled: 2, abandoned: [] });
    expect(report.retries).toMatchObject({ cancelled: 1, abandoned: [] });
  });

  it("stop() leaves a task final even when its agent ignores the signal", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["stuck"], maxConcurrent: 1, execute: () => new Promise(() => {}) });
    orchestrator.start();
    const id = orchestrator.submitTask({ type: "stuck", payload: null });
    const waiting = orchestrator.waitForTask(id);
    await orchestrator.stop({ timeoutMs: 50 });
    expect((await waiting).status).toBe("cancelled");
  });

  it("stop() is idempotent and the orchestrator accepts no work afterwards", async () => {
    const orchestrator = create();
    const first = orchestrator.stop();
    expect(orchestrator.stop()).toBe(first);
    await first;
    expect(() => orchestrator.submitTask({ type: "job", payload: null })).toThrow(/stopped/);
    expect(() => orchestrator.start()).toThrow(/stopped/);
  });

  it("emits task and agent lifecycle events in order", async () => {
    const events: string[] = [];
    const orchestrator = create({
      random: () => 0,
      onEvent: (event) => events.push("task" in event ? `${event.type} ${event.task.status}` : `${event.type} ${event.agentId}`),
    });
    let calls = 0;
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => (++calls === 1 ? Promise.reject(new Error("x")) : "ok") });
    orchestrator.start();
    await orchestrator.waitForTask(orchestrator.submitTask({ type: "job", payload: null, maxRetries: 1 }));
    orchestrator.unregisterAgent("a");
    expect(events).toEqual([
      "agent:registered a",
      "task:submitted pending",
      "task:started running",
      "task:retrying pending",
      "task:started running",
      "task:completed completed",
      "agent:unregistered a",
    ]);
  });

  it("unregisterAgent() stops dispatch to the agent but lets its running execution finish", async () => {
    const work = deferred<string>();
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => work.promise });
    orchestrator.start();
    const first = orchestrator.submitTask({ type: "job", payload: null });
    const second = orchestrator.submitTask({ type: "job", payload: null });
    expect(orchestrator.unregisterAgent("a")).toBe(true);
    expect(orchestrator.unregisterAgent("a")).toBe(false);
    work.resolve("finished");
    expect((await orchestrator.waitForTask(first)).status).toBe("completed");
    expect(orchestrator.getTask(second)?.status).toBe("pending");
    expect(orchestrator.metrics.agents).toEqual({});
  });

  it("reports malformed input with the offending value", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => null });
    expect(() => orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => null })).toThrow(/"a" is already registered/);
    expect(() => orchestrator.registerAgent({ id: "b", capabilities: ["job"], maxConcurrent: 0, execute: () => null })).toThrow(/maxConcurrent/);
    expect(() => orchestrator.submitTask({ type: "job", payload: null, maxRetries: -1 })).toThrow(/maxRetries must be an integer >= 0, got -1/);
    await expect(orchestrator.waitForTask("task-999")).rejects.toThrow(/no task has id "task-999"/);
  });
});

describe("MultiAgentOrchestrator - agents that ignore their signal, and stop()", () => {
  it("never runs more than maxConcurrent executions on an agent that ignores its signal past its timeouts", async () => {
    vi.useFakeTimers();
    const orchestrator = create();
    let running = 0;
    let peak = 0;
    const pending: (() => void)[] = [];
    orchestrator.registerAgent({
      id: "deaf",
      capabilities: ["job"],
      maxConcurrent: 1,
      execute: () => {
        peak = Math.max(peak, ++running);
        return new Promise<void>((resolve) => pending.push(() => resolve(void running--)));
      },
    });
    orchestrator.start();
    const ids = Array.from({ length: 5 }, () => orchestrator.submitTask({ type: "job", payload: null, timeoutMs: 10 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(peak).toBe(1);
    expect(orchestrator.metrics.agents["deaf"]?.load).toBe(1);
    expect(orchestrator.getTask(ids[0] ?? "")?.status).toBe("failed");
    while (pending.length > 0) {
      pending.shift()?.();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(peak).toBe(1);
    for (const id of ids) expect(orchestrator.getTask(id)?.status).toBe("failed");
  });

  it("stop() lists executions whose agent ignores the signal as abandoned", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["stuck"], maxConcurrent: 3, execute: () => new Promise(() => {}) });
    orchestrator.start();
    for (let i = 0; i < 3; i++) orchestrator.submitTask({ type: "stuck", payload: i });
    const report = await orchestrator.stop({ timeoutMs: 30 });
    expect(report.executions.abandoned).toHaveLength(3);
    expect(orchestrator.metrics.cancelled).toBe(3);
  });

  it("an agent that rejects with an unprintable value fails its task and frees its slot", async () => {
    const orchestrator = create();
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: () => Promise.reject(Object.create(null) as Error) });
    orchestrator.start();
    const done = await orchestrator.waitForTask(orchestrator.submitTask({ type: "job", payload: null }));
    expect(done).toMatchObject({ status: "failed", error: "[Object: null prototype] {}" });
    expect(orchestrator.metrics).toMatchObject({ running: 0, failed: 1 });
  });

  it("submitTask() from an onEvent handler during stop() throws a clear error instead of being accepted", async () => {
    const refused: unknown[] = [];
    const orchestrator: MultiAgentOrchestrator = create({
      onEvent: (event) => {
        if (event.type !== "task:cancelled") return;
        try {
          orchestrator.submitTask({ type: "job", payload: "resubmitted" });
        } catch (error) {
          refused.push(error);
        }
      },
    });
    orchestrator.submitTask({ type: "job", payload: 1 });
    orchestrator.submitTask({ type: "job", payload: 2 });
    await orchestrator.stop({ timeoutMs: 100 });
    expect(refused).toHaveLength(2);
    expect(String(refused[0])).toMatch(/stop\(\) was called/);
    expect(orchestrator.metrics).toMatchObject({ submitted: 2, cancelled: 2, queued: 0 });
  });
});
