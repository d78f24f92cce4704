import { describe, expect, it, vi } from "vitest";
import { installShutdownHooks } from "../../runtime/guard/index.js";
import { formatReportSummary, TaskSet, type ShutdownReport } from "../../runtime/index.js";
import { unprintables } from "./helpers/hostile.js";

describe("values that cannot be printed", () => {
  for (const { name, value } of unprintables()) {
    it(`formatReportSummary() - a task that threw ${name} is summarised, not a throw`, async () => {
      const set = new TaskSet({ name: "svc", onError: () => {} });
      set.spawn(() => Promise.reject(value as Error), { name: "hostile" });
      const report = await set.shutdown();
      expect(formatReportSummary(report)).toMatch(/TaskSet "svc": 0 completed, 1 failed.*\n {2}failed: "hostile" .*: \S/);
    });
  }

  it("installShutdownHooks() - prints the summary and calls onReport when a task threw an unprintable value", async () => {
    const log = vi.fn();
    const set = new TaskSet({ name: "svc", onError: () => {} });
    set.spawn(() => Promise.reject(Object.create(null) as Error));
    const report = await new Promise<ShutdownReport>((resolve) => {
      const dispose = installShutdownHooks(set, { signals: ["SIGUSR2"], exit: false, log, onReport: resolve });
      process.emit("SIGUSR2", "SIGUSR2");
      queueMicrotask(dispose);
    });
    expect(report.failed).toBe(1);
    const printed = log.mock.calls.map(([message]) => String(message)).join("\n");
    expect(printed).toContain('TaskSet "svc": 0 completed, 1 failed');
    expect(printed).not.toContain("shutdown failed");
  });

  it("onError - the console fallback prints an unprintable failure instead of throwing", async () => {
    const print = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const set = new TaskSet({ name: "svc" });
      for (const { value } of unprintables()) set.spawn(() => Promise.reject(value as Error));
      await set.idle();
      expect(set.stats.failed).toBe(3);
      expect(print).toHaveBeenCalledTimes(3); // once per failure: printing never threw
      expect(print.mock.calls.map(([line]) => String(line)).join("\n")).toContain("Symbol(boom)");
    } finally {
      print.mockRestore();
    }
  });
});
