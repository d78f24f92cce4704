import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findUntrackedPromises, installShutdownHooks, installTaskGuard } from "../../runtime/guard/index.js";
import { TaskSet, type ShutdownReport } from "../../runtime/index.js";

const script = (name: string): string => fileURLToPath(new URL(`./scripts/${name}`, import.meta.url));

function runScript(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script(name), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a script, waits for "ready" on stdout, sends `signal`, and resolves with its exit. */
function signalScript(name: string, args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script(name), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) child.kill(signal);
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("installTaskGuard()", () => {
  it("installTaskGuard() - reports a TaskSet garbage-collected while it held pending tasks", () => {
    const { status, stderr } = runScript("gc-pending.ts");
    expect(status).toBe(0);
    expect(stderr).toContain('TaskSet "forgotten" was garbage-collected while 1 task(s) were pending');
    expect(stderr).toMatch(/"never-settles" \(#\d+, pending for [\d.]+ s, spawned at forget \(.*gc-pending\.ts:\d+:\d+\)\)/);
  });

  it("installTaskGuard() - lists sets that still hold tasks at exit, and drains them when asked", () => {
    const reportOnly = runScript("exit-report.ts");
    expect(reportOnly.stderr).toContain('process is exiting: TaskSet "workers" still holds 1 pending task(s)');
    expect(reportOnly.stderr).toContain('"waits-for-abort"');
    expect(reportOnly.stderr).not.toContain("drained");
    const drained = runScript("exit-report.ts", ["--drain"]);
    expect(drained.status).toBe(0);
    expect(drained.stderr).toContain('drained TaskSet "workers": 0 completed, 0 failed, 1 cancelled, 0 abandoned');
  });

  it("installTaskGuard() - turns on spawn sites for every set, and its disposer turns them off", () => {
    const uninstall = installTaskGuard({ signals: [] });
    try {
      expect(() => installTaskGuard()).toThrow(/already installed/);
      expect(new TaskSet().spawn(() => 1).info().spawnSite).toMatch(/guard\.test\.ts/);
    } finally {
      uninstall();
    }
    expect(new TaskSet().spawn(() => 1).info().spawnSite).toBeUndefined();
  });

  it("TASKGUARD_DEBUG=1 - turns on spawn sites for every set", () => {
    expect(runScript("debug-env.ts", [], { TASKGUARD_DEBUG: "1" }).stdout).toMatch(/debug-env\.ts:\d+:\d+/);
    expect(runScript("debug-env.ts", [], { TASKGUARD_DEBUG: "" }).stdout).toContain("no spawn site");
  });
});

describe("installShutdownHooks()", () => {
  it("installShutdownHooks() - on a signal, shuts the set down and reports (exit: false)", async () => {
    const log = vi.fn();
    const set = new TaskSet({ name: "svc" });
    const task = set.spawn(({ signal }) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())));
    const reported = new Promise<ShutdownReport>((resolve) => {
      const dispose = installShutdownHooks(set, { signals: ["SIGUSR2"], exit: false, log, onReport: resolve });
      process.emit("SIGUSR2", "SIGUSR2");
      process.emit("SIGUSR2", "SIGUSR2"); // a second signal is ignored without exit
      queueMicrotask(dispose);
    });
    const report = await reported;
    expect(task.status).toBe("completed");
    expect(report).toMatchObject({ name: "svc", completed: 1, abandoned: [] });
    expect(log.mock.calls.map(([message]) => String(message)).join("\n")).toContain('TaskSet "svc": 1 completed, 0 failed, 0 cancelled, 0 abandoned');
    expect(process.listenerCount("SIGUSR2")).toBe(0);
  });

  it("installShutdownHooks() - exits 0 after a clean drain and 1 when a task is abandoned", async () => {
    const clean = await signalScript("signal-hooks.ts", [], "SIGTERM");
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain('TaskSet "service": 1 completed, 0 failed, 0 cancelled, 0 abandoned');
    const stubborn = await signalScript("signal-hooks.ts", ["--stubborn"], "SIGTERM");
    expect(stubborn.code).toBe(1);
    expect(stubborn.stderr).toContain('abandoned: "stubborn"');
  });
});

describe("findUntrackedPromises()", () => {
  it("findUntrackedPromises() - reports floating pending work and unhandled rejections with their stacks", async () => {
    const never = new Promise<void>(() => {});
    async function background(): Promise<void> {
      // eslint-disable-next-line @typescript-eslint/await-thenable -- awaiting a non-promise is a case under test
      await null;
      await never;
    }
    async function helper(): Promise<number> {
      // eslint-disable-next-line @typescript-eslint/await-thenable -- awaiting a non-promise is a case under test
      await null;
      return 1;
    }
    const { untracked } = await findUntrackedPromises(async () => {
      await helper();
      await Promise.all([helper(), helper()]);
      // The scope leaves these promises behind on purpose: they are what the guard must find.
      /* eslint-disable taskguard/no-floating-task */
      void background();
      void Promise.reject(new Error("handled")).then(() => 1).catch(() => {});
      void Promise.reject(new Error("lost")).then(() => 1);
      void helper(); // fulfilled: harmless
      /* eslint-enable taskguard/no-floating-task */
    });
    expect(untracked).toHaveLength(2);
    expect(untracked[0]).toMatchObject({ state: "pending" });
    expect(untracked[0]?.stack).toMatch(/^at background \(.*guard\.test\.ts:\d+:\d+\)/);
    expect(untracked[1]).toMatchObject({ state: "rejected" });
    expect(untracked[1]?.stack).toContain("guard.test.ts");
  });

  it("findUntrackedPromises() - ignores work kept in a TaskSet and the scope's own promise", async () => {
    const set = new TaskSet();
    const { untracked } = await findUntrackedPromises(async () => {
      set.spawn(() => new Promise<void>(() => {}), { name: "kept" });
      set.track(new Promise<void>(() => {})); // handed to the set, so it is chained
      // eslint-disable-next-line @typescript-eslint/await-thenable -- awaiting a non-promise is a case under test
      await null;
    });
    expect(untracked).toEqual([]);
    set.cancelAll();
  });

  it("findUntrackedPromises() - under --unhandled-rejections=strict, a rejection the scope leaves unhandled is a finding, not a crash", () => {
    const result = spawnSync(process.execPath, ["--unhandled-rejections=strict", "--import", "tsx", script("untracked-strict.ts")], { encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(["rejected"]);
  });

  it("findUntrackedPromises() - validates its arguments", async () => {
    await expect(findUntrackedPromises(42 as unknown as () => void)).rejects.toThrow(/scope must be a function/);
  });
});
