import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TaskSetClosedError, TaskTimeoutError } from "../../runtime/index.js";
import { writeFileDurably } from "../../runtime/lab/durable-fs.js";
import { MiniSearchRag, RagInitializationError, SimpleLabRAG, type RagSystem } from "../../runtime/rag/index.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "taskguard-rag-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A real index whose initialize() waits until the test opens the gate. */
class GatedRag extends MiniSearchRag {
  readonly gate: Promise<void>;
  open!: () => void;
  constructor() {
    super();
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  override async initialize(): Promise<void> {
    await this.gate;
    await super.initialize();
  }
}

/** A system whose initialize() fails; the other calls must never be reached. */
function failingRag(error: Error): RagSystem & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    initialize: () => Promise.reject(error),
    addDocument: () => (calls.push("addDocument"), Promise.resolve()),
    query: () => (calls.push("query"), Promise.resolve([])),
  };
}

const samples: [string, string, Record<string, unknown>][] = [
  ["S-001", "Plasma sample for PCR viral load, submitted by Dr. Okafor", { assay: "PCR", matrix: "plasma" }],
  ["S-002", "Serum sample for ELISA antibody titre", { assay: "ELISA", matrix: "serum" }],
  ["S-003", "Urine sample for HPLC metabolite screen", { assay: "HPLC", matrix: "urine" }],
];

describe("SimpleLabRAG", () => {
  it("query() and addDocument() wait for initialize() to finish", async () => {
    const inner = new GatedRag();
    const rag = new SimpleLabRAG({ rag: inner });
    cleanups.push(() => rag.close());
    let added = false;
    const adding = rag.addDocument("S-001", "plasma PCR").then(() => (added = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(added).toBe(false); // would throw "call initialize() first" if it did not wait
    inner.open();
    await adding;
    await rag.ready;
    expect((await rag.query("plasma")).map((hit) => hit.id)).toEqual(["S-001"]);
  });

  it("ranks the bundled minisearch index by relevance, matches metadata and prefixes, and honours k", async () => {
    const rag = new SimpleLabRAG();
    cleanups.push(() => rag.close());
    for (const [id, text, metadata] of samples) await rag.addDocument(id, text, metadata);
    const hits = await rag.query("ELISA serum");
    expect(hits[0]).toMatchObject({ id: "S-002", metadata: { assay: "ELISA" }, text: samples[1]?.[1] });
    expect((await rag.query("metabol")).map((hit) => hit.id)).toEqual(["S-003"]);
    expect(await rag.query("sample", 2)).toHaveLength(2);
  });

  it("an initialization failure is reported once and rejects every dependent call with that cause", async () => {
    const cause = new Error("vector store unreachable");
    const inner = failingRag(cause);
    const reported: unknown[] = [];
    const rag = new SimpleLabRAG({ rag: inner, onError: (error) => reported.push(error) });
    const results = await Promise.allSettled([rag.addDocument("S-1", "x"), rag.query("x"), rag.query("y"), rag.ready]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(RagInitializationError);
      expect(reason.cause).toBe(cause);
      expect(reason.message).toContain("vector store unreachable");
    }
    await rag.close();
    expect(reported).toEqual([cause]);
    expect(inner.calls).toEqual([]);
  });

  it("a failed initialization nobody asks about causes no unhandled rejection", async () => {
    const reported: unknown[] = [];
    const rag = new SimpleLabRAG({ rag: failingRag(new Error("boom")), onError: (error) => reported.push(error) });
    const report = await rag.close();
    // vitest fails the run on an unhandled rejection, so reaching here without one is the assertion.
    expect(report.failed).toBe(1);
    expect(reported).toHaveLength(1);
  });

  it("an initialize() that never settles fails after initTimeoutMs instead of hanging the calls", async () => {
    const rag = new SimpleLabRAG({
      rag: { initialize: () => new Promise(() => {}), addDocument: () => Promise.resolve(), query: () => Promise.resolve([]) },
      initTimeoutMs: 30,
      onError: () => {},
    });
    const error = await rag.query("anything").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RagInitializationError);
    expect((error as Error).cause).toBeInstanceOf(TaskTimeoutError);
    await rag.close();
  });

  it("persists the index to dir, so a restart answers queries without re-indexing", async () => {
    const dir = await tempDir();
    const first = new SimpleLabRAG({ dir });
    await Promise.all(samples.map(([id, text, metadata]) => first.addDocument(id, text, metadata)));
    await first.close();

    const inner = new MiniSearchRag({ dir });
    const second = new SimpleLabRAG({ rag: inner });
    await second.ready;
    expect(inner.size).toBe(3);
    expect((await second.query("HPLC urine"))[0]?.id).toBe("S-003");
    await second.addDocument("S-002", "Serum sample re-run for ELISA", { assay: "ELISA" });
    expect(inner.size).toBe(3);
    await second.close();
  });

  it("a corrupt persisted index fails initialization with a message naming the file", async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "index.json"), "{ not json");
    const rag = new SimpleLabRAG({ dir, onError: () => {} });
    const error = await rag.ready.catch((e: unknown) => e);
    expect((error as Error).message).toContain(join(dir, "index.json"));
    expect((error as Error).message).toContain("delete it to rebuild");
    await rag.close();
  });

  it("close() waits for calls in flight, is idempotent, and later calls reject with TaskSetClosedError", async () => {
    const inner = new GatedRag();
    const rag = new SimpleLabRAG({ rag: inner });
    const adding = rag.addDocument("S-1", "late document");
    const closing = rag.close();
    expect(rag.close()).toBe(closing);
    inner.open();
    const report = await closing;
    await adding;
    expect(report).toMatchObject({ completed: 3, failed: 0, abandoned: [] }); // initialize, the add, and the wrapped close
    expect(inner.size).toBe(1);
    await expect(rag.query("late")).rejects.toBeInstanceOf(TaskSetClosedError);
  });
});

describe("SimpleLabRAG and MiniSearchRag - hostile conditions", () => {
  it("close({ timeoutMs }) during an initialize() that hangs returns at its own timeout, not initTimeoutMs", async () => {
    vi.useFakeTimers();
    try {
      const rag: RagSystem = { initialize: () => new Promise(() => {}), addDocument: () => Promise.resolve(), query: () => Promise.resolve([]) };
      const wrapper = new SimpleLabRAG({ rag, initTimeoutMs: 3_000, onError: () => {} });
      let closed = false;
      const closing = wrapper.close({ timeoutMs: 100 }).then(() => (closed = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(closed).toBe(true);
      await closing;
    } finally {
      vi.useRealTimers();
    }
  });

  it("initialize() removes the temporary files of index writes a killed process left behind", async () => {
    const dir = await tempDir();
    for (const pid of [91_001, 91_002]) await writeFile(join(dir, `.index.json.${pid}.tmp`), "{ a full copy of the index");
    await writeFile(join(dir, `.index.json.91003.7.abcd.tmp`), "another");
    const rag = new MiniSearchRag({ dir });
    await rag.initialize();
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    await rag.close();
  });

  it("two instances on one directory: the second fails fast with a clear error, and writes never collide", async () => {
    const dir = await tempDir();
    const first = new MiniSearchRag({ dir });
    await first.initialize();
    const second = new MiniSearchRag({ dir });
    await expect(second.initialize()).rejects.toThrow(/in use by another MiniSearchRag \(process \d+ holds .*index\.json\.lock\)/);
    await Promise.all(Array.from({ length: 20 }, (_, i) => first.addDocument(`S-${i}`, `sample ${i}`)));
    await first.close();
    const third = new MiniSearchRag({ dir }); // the lock is released by close()
    await third.initialize();
    expect(third.size).toBe(20);
    await third.close();
  });

  it("writeFileDurably() - concurrent writes of one file use temporary files of their own (no ENOENT)", async () => {
    const dir = await tempDir();
    const path = join(dir, "index.json");
    await expect(Promise.all(Array.from({ length: 20 }, (_, i) => writeFileDurably(path, String(i))))).resolves.toHaveLength(20);
    expect(await readdir(dir)).toEqual(["index.json"]);
  });

  it("a lock left by a process that no longer exists is taken over", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "index.json.lock"), "2147483646");
    const rag = new MiniSearchRag({ dir });
    await rag.initialize();
    await rag.close();
  });

  it("close() completes and reports the error when the wrapped system's close() throws", async () => {
    const failure = new Error("flush failed");
    const rag: RagSystem = {
      initialize: () => Promise.resolve(),
      addDocument: () => Promise.resolve(),
      query: () => Promise.resolve([]),
      close: () => Promise.reject(failure),
    };
    const errors: unknown[] = [];
    const wrapper = new SimpleLabRAG({ rag, onError: (error) => errors.push(error) });
    await wrapper.ready;
    const report = await wrapper.close();
    expect(report.failed).toBe(1);
    expect(report.errors.map((e) => e.error)).toEqual([failure]);
    expect(errors).toEqual([failure]);
  });

  it("an initialize() that rejects with an unprintable value still settles query() and close()", async () => {
    const rag: RagSystem = {
      initialize: () => Promise.reject(Object.create(null) as Error),
      addDocument: () => Promise.resolve(),
      query: () => Promise.resolve([]),
    };
    const wrapper = new SimpleLabRAG({ rag, onError: () => {} });
    await expect(wrapper.query("x")).rejects.toBeInstanceOf(RagInitializationError);
    await expect(wrapper.close({ timeoutMs: 1_000 })).resolves.toMatchObject({ failed: 1 });
  });
});
