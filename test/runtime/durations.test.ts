import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskSet, TaskTimeoutError } from "../../runtime/index.js";
import { MultiAgentOrchestrator } from "../../runtime/orchestrator/index.js";
import { SimpleLabRAG, type RagSystem } from "../../runtime/rag/index.js";

const LONG = 2 ** 31; // one more than a Node timer holds: Node would fire it after 1 ms
const DAY = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

const never = (): Promise<never> => new Promise(() => {});

describe("durations longer than one timer", () => {
  it(".spawn() - timeoutMs of 2^31 ms waits that long instead of failing after 1 ms", async () => {
    vi.useFakeTimers();
    const set = new TaskSet({ onError: () => {} });
    const task = set.spawn(never, { timeoutMs: LONG });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(task.status).toBe("running");
    await vi.advanceTimersByTimeAsync(LONG - DAY - 1);
    expect(task.status).toBe("running");
    await vi.advanceTimersByTimeAsync(1);
    expect(task.status).toBe("failed");
    await expect(task.result).rejects.toBeInstanceOf(TaskTimeoutError);
  });

  it(".spawn() - timeoutMs: Infinity is no deadline and no timer", () => {
    vi.useFakeTimers();
    const task = new TaskSet().spawn(never, { timeoutMs: Infinity });
    expect(vi.getTimerCount()).toBe(0);
    expect(task.status).toBe("running");
  });

  it(".shutdown() - timeoutMs of 2^31 ms really waits for the tasks", async () => {
    vi.useFakeTimers();
    const set = new TaskSet();
    set.spawn(never);
    let done = false;
    const shutdown = set.shutdown({ timeoutMs: LONG }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(DAY);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(LONG - DAY);
    expect(done).toBe(true);
    await shutdown;
  });

  it("every duration option rejects a negative or NaN value with a TypeError naming it and the range", () => {
    const range = /must be a number of milliseconds from 0 to Infinity/;
    expect(() => new TaskSet().spawn(() => 1, { timeoutMs: Number.NaN })).toThrow(range);
    expect(() => new TaskSet().drain({ timeoutMs: -1 })).toThrow(range);
    expect(() => new MultiAgentOrchestrator({ backoff: { baseMs: -1 } })).toThrow(/backoff.baseMs must be a number of milliseconds/);
    expect(() => new MultiAgentOrchestrator().submitTask({ type: "t", payload: null, timeoutMs: -5 })).toThrow(/timeoutMs must be a number of milliseconds/);
    expect(() => new SimpleLabRAG({ initTimeoutMs: Number.NaN })).toThrow(/initTimeoutMs must be a number of milliseconds/);
  });

  it("MultiAgentOrchestrator - an execution timeoutMs of 2^31 ms does not time out after 1 ms", async () => {
    vi.useFakeTimers();
    const orchestrator = new MultiAgentOrchestrator();
    orchestrator.registerAgent({ id: "a", capabilities: ["job"], maxConcurrent: 1, execute: never });
    orchestrator.start();
    const id = orchestrator.submitTask({ type: "job", payload: null, timeoutMs: LONG });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(orchestrator.getTask(id)?.status).toBe("running");
    await vi.advanceTimersByTimeAsync(LONG - DAY);
    expect(orchestrator.getTask(id)).toMatchObject({ status: "failed", error: expect.stringContaining("TaskTimeoutError") as string });
    const stopping = orchestrator.stop({ timeoutMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await stopping;
  });

  it("SimpleLabRAG - initTimeoutMs of 2^31 ms does not fail the initialization after 1 ms", async () => {
    vi.useFakeTimers();
    const rag: RagSystem = { initialize: never, addDocument: () => Promise.resolve(), query: () => Promise.resolve([]) };
    const errors: unknown[] = [];
    const wrapper = new SimpleLabRAG({ rag, initTimeoutMs: LONG, onError: (error) => errors.push(error) });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(LONG - DAY);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TaskTimeoutError);
    const closing = wrapper.close({ timeoutMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await closing;
  });
});
