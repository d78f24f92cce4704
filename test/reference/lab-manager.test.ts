import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DocumentRejectedError, inspectDocument, LabAutomationManager, type LabManagerOptions } from "../../runtime/lab/index.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dirs(): Promise<{ root: string; inboxDir: string; workDir: string }> {
  const root = await mkdtemp(join(tmpdir(), "taskguard-lab-"));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return { root, inboxDir: join(root, "inbox"), workDir: join(root, "work") };
}

function manager(options: LabManagerOptions): LabAutomationManager {
  const created = new LabAutomationManager({ writeStableMs: 50, ...options });
  cleanups.push(() => created.stop({ timeoutMs: 1_000 }));
  return created;
}

const list = async (dir: string): Promise<string[]> => (await readdir(dir)).sort();
const waitUntil = (check: () => Promise<void> | void): Promise<void> => vi.waitFor(check, { timeout: 20_000, interval: 25 });

describe("LabAutomationManager", () => {
  it("processes documents already in the inbox at start and documents dropped in later, reading them while they are claimed", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "early.txt"), "sample S-1: PCR");
    const seen: Record<string, string> = {};
    const lab = manager({
      inboxDir,
      workDir,
      process: async (doc) => {
        seen[doc.name] = await readFile(doc.path, "utf8");
        expect(doc.path).toBe(join(workDir, "claimed", doc.name));
        return { length: seen[doc.name]?.length };
      },
    });
    await lab.start();
    await writeFile(join(inboxDir, "late.txt"), "sample S-2: ELISA");
    // The counter moves last, once the document and its record have left claimed/.
    await waitUntil(() => expect(lab.status().done).toBe(2));
    expect(await list(join(workDir, "done"))).toEqual(["early.txt", "early.txt.result.json", "late.txt", "late.txt.result.json"]);
    expect(seen).toEqual({ "early.txt": "sample S-1: PCR", "late.txt": "sample S-2: ELISA" });
    const result = JSON.parse(await readFile(join(workDir, "done", "late.txt.result.json"), "utf8")) as unknown;
    expect(result).toMatchObject({ name: "late.txt", attempts: 1, result: { length: 17 } });
    expect(await list(inboxDir)).toEqual([]);
    expect(await list(join(workDir, "claimed"))).toEqual([]);
    expect(lab.status()).toMatchObject({ state: "running", done: 2, failed: 0, queued: 0, inFlight: 0 });
  });

  it("waits for a half-written document to stop growing before claiming it (awaitWriteFinish)", async () => {
    const { inboxDir, workDir } = await dirs();
    const seen: string[] = [];
    const lab = manager({ inboxDir, workDir, writeStableMs: 1_500, process: async (doc) => seen.push(await readFile(doc.path, "utf8")) });
    await lab.start();
    await writeFile(join(inboxDir, "run.csv"), "well,value\nA1,0.5\n");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await appendFile(join(inboxDir, "run.csv"), "A2,0.7\n");
    await waitUntil(() => expect(seen).toHaveLength(1));
    expect(seen).toEqual(["well,value\nA1,0.5\nA2,0.7\n"]);
  });

  it("sends empty, oversized and malformed documents to failed/ with a reason and keeps running", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "empty.txt"), "");
    await writeFile(join(inboxDir, "huge.txt"), "x".repeat(2_000));
    await writeFile(join(inboxDir, "binary.dat"), Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    await writeFile(join(inboxDir, "nul.txt"), "abc\0def");
    const lab = manager({ inboxDir, workDir, maxBytes: 1_000, process: () => "ok" });
    await lab.start();
    await writeFile(join(inboxDir, "good.txt"), "fine");
    await waitUntil(async () => expect(await list(join(workDir, "done"))).toEqual(["good.txt", "good.txt.result.json"]));
    await waitUntil(() => expect(lab.status().failed).toBe(4));
    const reasons: Record<string, string> = {};
    for (const name of ["empty.txt", "huge.txt", "binary.dat", "nul.txt"]) {
      const sidecar = JSON.parse(await readFile(join(workDir, "failed", `${name}.error.json`), "utf8")) as { reason: string; error: string };
      reasons[name] = sidecar.reason;
      expect(sidecar.error).toContain(join(workDir, "claimed", name));
    }
    expect(reasons).toEqual({ "empty.txt": "empty", "huge.txt": "oversized", "binary.dat": "malformed", "nul.txt": "malformed" });
    expect(await list(join(workDir, "failed"))).toHaveLength(8);
  });

  it("inspectDocument() rejects an unreadable path as unreadable, naming it", async () => {
    const { root } = await dirs();
    const error = await inspectDocument(root, 1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentRejectedError);
    expect(error).toMatchObject({ reason: "unreadable", message: expect.stringContaining(root) as string });
  });

  it("retries a failing document up to maxAttempts, then moves it to failed/ with the last error", async () => {
    const { inboxDir, workDir } = await dirs();
    let calls = 0;
    const lab = manager({ inboxDir, workDir, maxAttempts: 3, process: () => Promise.reject(new Error(`analyser busy (${++calls})`)) });
    await lab.start();
    await writeFile(join(inboxDir, "s.txt"), "sample");
    await waitUntil(() => expect(lab.status().failed).toBe(1));
    expect(await list(join(workDir, "failed"))).toEqual(["s.txt", "s.txt.error.json"]);
    const sidecar = JSON.parse(await readFile(join(workDir, "failed", "s.txt.error.json"), "utf8")) as unknown;
    expect(sidecar).toMatchObject({ attempts: 3, reason: "failed", error: "analyser busy (3)" });
    expect(lab.status()).toMatchObject({ retried: 2, failed: 1 });
  });

  it("a DocumentRejectedError from process() fails the document at once, without retries", async () => {
    const { inboxDir, workDir } = await dirs();
    let calls = 0;
    const lab = manager({
      inboxDir,
      workDir,
      process: () => {
        calls++;
        throw new DocumentRejectedError("malformed", "missing 'sample' field");
      },
    });
    await lab.start();
    await writeFile(join(inboxDir, "s.txt"), "no fields");
    await waitUntil(() => expect(lab.status().failed).toBe(1));
    expect(calls).toBe(1);
  });

  it("start() re-queues documents a crashed run left claimed, and removes records without a document", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(join(workDir, "claimed"), { recursive: true });
    await writeFile(join(workDir, "claimed", "orphan.txt"), "left behind");
    // A crash between writing a claim record and the claim's rename leaves the record alone.
    await writeFile(join(workDir, "claimed", "never-claimed.txt.claim.json"), JSON.stringify({ name: "never-claimed.txt", attempts: 1, failures: 0 }));
    const lab = manager({ inboxDir, workDir, process: () => "recovered" });
    await lab.start();
    await waitUntil(() => expect(lab.status().done).toBe(1));
    expect(await list(join(workDir, "done"))).toEqual(["orphan.txt", "orphan.txt.result.json"]);
    expect(await list(join(workDir, "claimed"))).toEqual([]);
    expect(lab.status().recovered).toBe(1);
  });

  it("start() resumes a claimed document with its submitted name and the attempts a previous run counted", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(join(workDir, "claimed"), { recursive: true });
    await writeFile(join(workDir, "claimed", "same~2.txt"), "second submission");
    await writeFile(join(workDir, "claimed", "same~2.txt.claim.json"), JSON.stringify({ name: "same.txt", attempts: 1, failures: 0 }));
    const seen: string[] = [];
    const lab = manager({ inboxDir, workDir, maxAttempts: 3, process: (doc) => seen.push(`${doc.name} at ${doc.path}`) });
    await lab.start();
    await waitUntil(() => expect(lab.status().done).toBe(1));
    expect(seen).toEqual([`same.txt at ${join(workDir, "claimed", "same~2.txt")}`]);
    const result = JSON.parse(await readFile(join(workDir, "done", "same~2.txt.result.json"), "utf8")) as unknown;
    expect(result).toMatchObject({ name: "same.txt", file: "same~2.txt", attempts: 2 });
  });

  it("start() fails a document the worker died on in its last allowed attempt as crashed, without processing it again", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(join(workDir, "claimed"), { recursive: true });
    await writeFile(join(workDir, "claimed", "poison.txt"), "kills the parser");
    await writeFile(join(workDir, "claimed", "poison.txt.claim.json"), JSON.stringify({ name: "poison.txt", attempts: 3, failures: 1 }));
    let calls = 0;
    const lab = manager({ inboxDir, workDir, maxAttempts: 3, process: () => calls++ });
    await lab.start();
    await waitUntil(() => expect(lab.status().failed).toBe(1));
    expect(calls).toBe(0);
    const sidecar = JSON.parse(await readFile(join(workDir, "failed", "poison.txt.error.json"), "utf8")) as unknown;
    expect(sidecar).toMatchObject({ name: "poison.txt", attempts: 3, reason: "crashed", error: expect.stringContaining("crashed the worker 2 times in 3 attempts") as string });
    expect(await list(join(workDir, "claimed"))).toEqual([]);
  });

  it("start() runs documents a crash interrupted one at a time, before any other document", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(join(workDir, "claimed"), { recursive: true });
    await mkdir(inboxDir, { recursive: true });
    for (const name of ["a.txt", "b.txt"]) {
      await writeFile(join(workDir, "claimed", name), name);
      await writeFile(join(workDir, "claimed", `${name}.claim.json`), JSON.stringify({ name, attempts: 1, failures: 0 }));
    }
    for (const name of ["c.txt", "d.txt", "e.txt"]) await writeFile(join(inboxDir, name), name);
    let running = 0;
    const log: string[] = [];
    const lab = manager({
      inboxDir,
      workDir,
      concurrency: 4,
      process: async (doc) => {
        log.push(`${doc.name} with ${running++} others`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
      },
    });
    await lab.start();
    await waitUntil(() => expect(lab.status().done).toBe(5));
    expect(log.slice(0, 2)).toEqual(["a.txt with 0 others", "b.txt with 0 others"]);
    // Then the normal concurrency again: the inbox documents overlap.
    expect(log.slice(2).some((entry) => !entry.endsWith("with 0 others"))).toBe(true);
  });

  it("stop() lets in-flight documents finish within timeoutMs", async () => {
    const { inboxDir, workDir } = await dirs();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const lab = manager({
      inboxDir,
      workDir,
      process: async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return "finished";
      },
    });
    await lab.start();
    await writeFile(join(inboxDir, "a.txt"), "a");
    await running;
    const report = await lab.stop({ timeoutMs: 10_000 });
    expect(report).toMatchObject({ done: 1, interrupted: 0 });
    expect(await list(join(workDir, "done"))).toEqual(["a.txt", "a.txt.result.json"]);
  });

  it("stop() mid-flight cancels documents past timeoutMs; they stay claimed and the next start processes them", async () => {
    const { inboxDir, workDir } = await dirs();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    const first = manager({
      inboxDir,
      workDir,
      process: (_doc, signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(signal.reason as Error);
          });
        }),
    });
    await first.start();
    await writeFile(join(inboxDir, "slow.txt"), "slow");
    await running;
    const report = await first.stop({ timeoutMs: 100 });
    expect(aborted).toBe(true);
    expect(report).toMatchObject({ done: 0, failed: 0, interrupted: 1 });
    expect(report.tasks.abandoned).toEqual([]);
    expect(report.tasks.cancelled).toBe(3); // the two loops and the document
    expect(first.status().state).toBe("stopped");
    expect(await list(join(workDir, "claimed"))).toEqual(["slow.txt", "slow.txt.claim.json"]);
    // The cancelled attempt is not counted: it did not crash anything.
    expect(JSON.parse(await readFile(join(workDir, "claimed", "slow.txt.claim.json"), "utf8"))).toEqual({ name: "slow.txt", attempts: 0, failures: 0 });

    const second = manager({ inboxDir, workDir, process: () => "second run" });
    await second.start();
    await waitUntil(() => expect(second.status().done).toBe(1));
    expect(await list(join(workDir, "done"))).toEqual(["slow.txt", "slow.txt.result.json"]);
    expect(JSON.parse(await readFile(join(workDir, "done", "slow.txt.result.json"), "utf8"))).toMatchObject({ attempts: 1, result: "second run" });
  });

  it("stop() is idempotent, closes the watcher and stops both loops", async () => {
    const { inboxDir, workDir } = await dirs();
    const processed: string[] = [];
    const lab = manager({ inboxDir, workDir, cleanupIntervalMs: 10, process: (doc) => processed.push(doc.name) });
    await lab.start();
    const stopping = lab.stop();
    expect(lab.stop()).toBe(stopping);
    const report = await stopping;
    expect(report.tasks).toMatchObject({ cancelled: 2, failed: 0, abandoned: [] });
    await writeFile(join(inboxDir, "after-stop.txt"), "x");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processed).toEqual([]);
    expect(await list(inboxDir)).toEqual(["after-stop.txt"]);
    await expect(lab.start()).rejects.toThrow(/stopped/);
  });

  it("the cleanup loop removes done/ entries whose result is older than retentionMs and keeps newer ones", async () => {
    const { inboxDir, workDir } = await dirs();
    const done = join(workDir, "done");
    await mkdir(done, { recursive: true });
    for (const name of ["old.txt", "new.txt"]) {
      await writeFile(join(done, name), name);
      await writeFile(join(done, `${name}.result.json`), "{}");
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(join(done, "old.txt.result.json"), twoHoursAgo, twoHoursAgo);
    const removed: string[] = [];
    const lab = manager({
      inboxDir,
      workDir,
      cleanupIntervalMs: 20,
      retentionMs: 3_600_000,
      process: () => null,
      onEvent: (event) => event.type === "cleanup:removed" && removed.push(event.name),
    });
    await lab.start();
    await waitUntil(() => expect(removed).toEqual(["old.txt"]));
    expect(await list(done)).toEqual(["new.txt", "new.txt.result.json"]);
  });

  it("keeps both documents and results when a name is submitted again while the first is still claimed", async () => {
    const { inboxDir, workDir } = await dirs();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const lab = manager({
      inboxDir,
      workDir,
      process: async (doc) => {
        const text = await readFile(doc.path, "utf8");
        seen.push(`${doc.name}: ${text}`);
        await gate;
        return text;
      },
    });
    await lab.start();
    await writeFile(join(inboxDir, "same.txt"), "first");
    await waitUntil(() => expect(seen).toEqual(["same.txt: first"]));
    await writeFile(join(inboxDir, "same.txt"), "second");
    // The first one has left the inbox, so the second is claimed at once, beside it.
    await waitUntil(() => expect(seen).toEqual(["same.txt: first", "same.txt: second"]));
    expect(await list(join(workDir, "claimed"))).toEqual(["same.txt", "same.txt.claim.json", "same~2.txt", "same~2.txt.claim.json"]);
    release();
    await waitUntil(() => expect(lab.status().done).toBe(2));
    await expectDone(workDir, { "same.txt": "first", "same~2.txt": "second" }, "same.txt");
  });

  it("keeps both documents and results when a name is submitted again after the first one finished", async () => {
    const { inboxDir, workDir } = await dirs();
    const names: string[] = [];
    const lab = manager({
      inboxDir,
      workDir,
      process: async (doc) => {
        names.push(doc.name);
        return readFile(doc.path, "utf8");
      },
    });
    await lab.start();
    for (const [done, text] of [[1, "first"], [2, "second"], [3, "third"]] as const) {
      await writeFile(join(inboxDir, "run.csv"), text);
      await waitUntil(() => expect(lab.status().done).toBe(done));
    }
    expect(names).toEqual(["run.csv", "run.csv", "run.csv"]);
    await expectDone(workDir, { "run.csv": "first", "run~2.csv": "second", "run~3.csv": "third" }, "run.csv");
  });

  it("never stores a document under a name that ends like a sidecar", async () => {
    const { inboxDir, workDir } = await dirs();
    const lab = manager({ inboxDir, workDir, process: async (doc) => readFile(doc.path, "utf8") });
    await lab.start();
    await writeFile(join(inboxDir, "plate.result.json"), "{}");
    await waitUntil(() => expect(lab.status().done).toBe(1));
    await expectDone(workDir, { "plate.result~2.json": "{}" }, "plate.result.json");
  });
});

/** Each file in done/ has the given content, and a result naming the submitted name, its file, and the content as returned. */
async function expectDone(workDir: string, files: Record<string, string>, name: string): Promise<void> {
  const done = join(workDir, "done");
  expect(await list(done)).toEqual(Object.keys(files).flatMap((file) => [file, `${file}.result.json`]).sort());
  for (const [file, text] of Object.entries(files)) {
    expect(await readFile(join(done, file), "utf8")).toBe(text);
    expect(JSON.parse(await readFile(join(done, `${file}.result.json`), "utf8"))).toMatchObject({ name, file, result: text });
  }
  expect(await list(join(workDir, "claimed"))).toEqual([]);
}

describe("LabAutomationManager - hostile conditions", () => {
  it("the inbox deleted and re-created while running: emits watcher:error and processes files in the new inbox", async () => {
    const { inboxDir, workDir } = await dirs();
    const processed: string[] = [];
    const errors: unknown[] = [];
    const lab = manager({
      inboxDir,
      workDir,
      process: (doc) => processed.push(doc.name),
      onEvent: (event) => event.type === "watcher:error" && errors.push(event.error),
    });
    await lab.start();
    await rm(inboxDir, { recursive: true });
    await waitUntil(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain(inboxDir);
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "after.txt"), "sample");
    await waitUntil(() => expect(processed).toEqual(["after.txt"]));
    expect(lab.status().state).toBe("running");
  });

  it("stop() lists a process() that ignores its signal as abandoned while it still runs", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "deaf.txt"), "sample");
    let started = false;
    let finish!: () => void;
    const lab = manager({
      inboxDir,
      workDir,
      process: () => {
        started = true;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    await lab.start();
    await waitUntil(() => expect(started).toBe(true));
    const report = await lab.stop({ timeoutMs: 50 });
    expect(report.tasks.abandoned.map((task) => task.name)).toEqual(["document deaf.txt"]);
    finish();
  });

  it("a process() that throws an unprintable value fails the document instead of leaving it claimed", async () => {
    const { inboxDir, workDir } = await dirs();
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "odd.txt"), "sample");
    const lab = manager({
      inboxDir,
      workDir,
      maxAttempts: 1,
      process: () => {
        throw Object.create(null);
      },
    });
    await lab.start();
    await waitUntil(async () => expect(await list(join(workDir, "failed"))).toEqual(["odd.txt", "odd.txt.error.json"]));
    // The claim record goes just after the document moves (manager.ts #settleFiles): wait for it too.
    await waitUntil(async () => expect(await list(join(workDir, "claimed"))).toEqual([]));
  });

  it("cleanupIntervalMs: Infinity never sweeps, instead of sweeping every millisecond", async () => {
    const { inboxDir, workDir } = await dirs();
    const done = join(workDir, "done");
    await mkdir(done, { recursive: true });
    await writeFile(join(done, "old.txt"), "x");
    await writeFile(join(done, "old.txt.result.json"), "{}");
    const past = new Date(Date.now() - 3_600_000);
    await utimes(join(done, "old.txt.result.json"), past, past);
    const removed: string[] = [];
    const lab = manager({ inboxDir, workDir, cleanupIntervalMs: Infinity, retentionMs: 1, process: () => null, onEvent: (event) => event.type === "cleanup:removed" && removed.push(event.name) });
    await lab.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(removed).toEqual([]);
    expect(await list(done)).toEqual(["old.txt", "old.txt.result.json"]);
  });
});
