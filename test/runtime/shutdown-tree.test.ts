import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskSet } from "../../runtime/index.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("one deadline for the tree", () => {
  it(".shutdown() - a parent's timeoutMs bounds a child that already started a longer shutdown of its own", async () => {
    vi.useFakeTimers();
    const parent = new TaskSet({ name: "parent" });
    const child = parent.child("child");
    child.spawn(() => new Promise(() => {}), { name: "stubborn" });
    let childDone = false;
    const childShutdown = child.shutdown({ timeoutMs: 1_200 }).then(() => (childDone = true));
    let parentReport: Awaited<ReturnType<TaskSet["shutdown"]>> | undefined;
    const parentShutdown = parent.shutdown({ timeoutMs: 50 }).then((report) => (parentReport = report));
    await vi.advanceTimersByTimeAsync(50);
    expect(parentReport).toBeDefined();
    expect(childDone).toBe(false);
    expect(parentReport?.abandoned).toMatchObject([{ name: "stubborn", status: "running" }]);
    await vi.advanceTimersByTimeAsync(1_150);
    expect(childDone).toBe(true);
    await Promise.all([childShutdown, parentShutdown]);
  });

  it(".shutdown() - a parent's report still counts children that settled before its deadline", async () => {
    const parent = new TaskSet({ name: "parent", onError: () => {} });
    const child = parent.child("child");
    const grandchild = child.child("grandchild");
    parent.spawn(() => 1);
    child.spawn(() => Promise.reject(new Error("child failed")));
    grandchild.spawn(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error))));
    const report = await parent.shutdown({ timeoutMs: 1_000 });
    expect(report).toMatchObject({ completed: 1, failed: 1, cancelled: 1, abandoned: [] });
    expect(child.closed && grandchild.closed).toBe(true);
  });
});
