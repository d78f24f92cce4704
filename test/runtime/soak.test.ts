import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("soak", () => {
  it(".spawn() - a million tasks with random failures and cancellations lose no error and retain no memory", () => {
    const script = fileURLToPath(new URL("./scripts/soak.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script, "1000000"], { encoding: "utf8", timeout: 120_000 });
    expect(result.stderr).toBe("");
    const out = JSON.parse(result.stdout) as {
      stats: { spawned: number; running: number; queued: number; completed: number; failed: number; cancelled: number };
      onErrorCalls: number;
      unhandled: number;
      reportErrors: number;
      errorsOmitted: number;
      heapGrowth: number;
    };
    const { stats } = out;
    expect(stats.spawned).toBe(1_000_000);
    expect(stats.completed + stats.failed + stats.cancelled).toBe(1_000_000);
    expect(stats.failed).toBeGreaterThan(100_000);
    expect(stats.cancelled).toBeGreaterThan(50_000);
    expect(out.onErrorCalls).toBe(stats.failed);
    expect(out.reportErrors + out.errorsOmitted).toBe(stats.failed);
    expect(out.unhandled).toBe(0);
    // 1M retained tasks would be > 100 MB; allow a few MB of JIT code and caches.
    expect(out.heapGrowth).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});
