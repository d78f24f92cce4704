import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TaskSetClosedError, TaskTimeoutError } from "../../runtime/index.js";
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
    expect(report).toMatchObject({ completed: 2, failed: 0, abandoned: [] });
    expect(inner.size).toBe(1);
    await expect(rag.query("late")).rejects.toBeInstanceOf(TaskSetClosedError);
  });
});
