import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TaskSet, type Task, type TaskContext } from "../../runtime/index.js";

type Step =
  | { op: "spawn"; kind: "value" | "throw" | "resolve" | "reject" | "untilAborted" | "manual"; timeoutMs?: number }
  | { op: "track"; reject: boolean }
  | { op: "cancel"; index: number }
  | { op: "settle"; index: number; ok: boolean }
  | { op: "cancelAll" }
  | { op: "tick" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("spawn" as const),
    kind: fc.constantFrom("value" as const, "throw" as const, "resolve" as const, "reject" as const, "untilAborted" as const, "manual" as const),
  }),
  fc.record({ op: fc.constant("track" as const), reject: fc.boolean() }),
  fc.record({ op: fc.constant("cancel" as const), index: fc.nat() }),
  fc.record({ op: fc.constant("settle" as const), index: fc.nat(), ok: fc.boolean() }),
  fc.record({ op: fc.constant("cancelAll" as const) }),
  fc.record({ op: fc.constant("tick" as const) }),
);

function untilAborted({ signal }: TaskContext): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
}

describe("TaskSet properties", () => {
  it("random interleavings - stats balance, every failure is reported once, nothing is unhandled, size is 0 after shutdown", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), fc.boolean(), async (steps, maxConcurrency, failFast) => {
          let reported = 0;
          const set = new TaskSet({ name: "prop", maxConcurrency, failFast, onError: () => reported++ });
          const tasks: Task<unknown>[] = [];
          // "manual" tasks settle when a step says so, but also honour their signal so shutdown can finish.
          const settlers: ((ok: boolean) => void)[] = [];
          const balanced = (): void => {
            const s = set.stats;
            expect(s.spawned).toBe(s.completed + s.failed + s.cancelled + set.size);
            expect(set.size).toBe(s.running + s.queued);
            expect(reported).toBe(s.failed);
          };
          for (const s of steps) {
            switch (s.op) {
              case "spawn":
                tasks.push(
                  set.spawn((ctx) => {
                    switch (s.kind) {
                      case "value":
                        return 1;
                      case "throw":
                        throw new Error("sync");
                      case "resolve":
                        return Promise.resolve(2);
                      case "reject":
                        return Promise.reject(new Error("async"));
                      case "untilAborted":
                        return untilAborted(ctx);
                      case "manual":
                        return new Promise((resolve, reject) => {
                          settlers.push((ok) => (ok ? resolve(3) : reject(new Error("manual"))));
                          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error), { once: true });
                        });
                    }
                  }),
                );
                break;
              case "track":
                tasks.push(set.track(s.reject ? Promise.reject(new Error("tracked")) : Promise.resolve(4)));
                break;
              case "cancel":
                if (tasks.length > 0) tasks[s.index % tasks.length]?.cancel();
                break;
              case "settle":
                if (settlers.length > 0) settlers[s.index % settlers.length]?.(s.ok);
                break;
              case "cancelAll":
                set.cancelAll();
                break;
              case "tick":
                await new Promise((resolve) => setImmediate(resolve));
                break;
            }
            balanced();
          }
          const report = await set.shutdown({ timeoutMs: 1_000 });
          balanced();
          expect(set.size).toBe(0);
          expect(report.abandoned).toEqual([]);
          expect(report.failed).toBe(reported);
          expect(report.errors).toHaveLength(reported);
          expect(report.completed + report.failed + report.cancelled).toBe(tasks.length);
        }),
        { numRuns: 300 },
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  }, 60_000);
});
