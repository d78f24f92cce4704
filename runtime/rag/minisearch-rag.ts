import MiniSearch, { type Options } from "minisearch";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileDurably } from "../lab/durable-fs.js";
import type { RagHit, RagSystem } from "./types.js";

interface StoredDocument {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

const INDEX_FILE = "index.json";

// Metadata values are indexed too, so a query for "PCR" finds documents tagged with that assay.
const indexOptions: Options<StoredDocument> = {
  fields: ["text", "tags"],
  storeFields: ["text", "metadata"],
  extractField: (document, field) => {
    if (field === "tags") return Object.values(document.metadata ?? {}).map(String).join(" ");
    return (document as unknown as Record<string, unknown>)[field];
  },
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { text: 2 } },
  // Discarded entries are vacuumed before each save instead of by minisearch's own background timer.
  autoVacuum: false,
};

/**
 * A full-text retrieval index (minisearch: BM25+ ranking, prefix and fuzzy matching) that persists
 * itself to `dir/index.json`: when `addDocument()` resolves, the document is on disk, and the next
 * `initialize()` loads the index instead of re-indexing. Concurrent adds share one write.
 */
export class MiniSearchRag implements RagSystem {
  readonly #dir: string | undefined;
  #index: MiniSearch<StoredDocument> | undefined;
  #version = 0;
  #written = 0;
  #writing: Promise<void> | undefined;

  constructor(options: { dir?: string } = {}) {
    this.#dir = options.dir;
  }

  /** Documents in the index. */
  get size(): number {
    return this.#index?.documentCount ?? 0;
  }

  /** Loads the persisted index, or starts an empty one. Rejects, naming the file, if it is corrupt. */
  async initialize(): Promise<void> {
    if (this.#dir === undefined) {
      this.#index = new MiniSearch(indexOptions);
      return;
    }
    await mkdir(this.#dir, { recursive: true });
    const file = join(this.#dir, INDEX_FILE);
    let json: string;
    try {
      json = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.#index = new MiniSearch(indexOptions);
      return;
    }
    try {
      this.#index = await MiniSearch.loadJSONAsync(json, indexOptions);
    } catch (error) {
      throw new Error(`${file} is not a valid index (${error instanceof Error ? error.message : String(error)}); delete it to rebuild the index`, { cause: error });
    }
  }

  /** Adds or replaces the document with this id; resolves once it is persisted. */
  async addDocument(id: string, text: string, metadata?: Record<string, unknown>): Promise<void> {
    const index = this.#ready("addDocument");
    const document: StoredDocument = metadata === undefined ? { id, text } : { id, text, metadata };
    if (index.has(id)) index.replace(document);
    else index.add(document);
    await this.#persist();
  }

  /** The `k` best matches, best first. */
  query(question: string, k = 5): Promise<RagHit[]> {
    const index = this.#ready("query");
    const hits = index.search(question).slice(0, k).map((result): RagHit => {
      const hit: RagHit = { id: String(result.id), score: result.score, text: String(result["text"]) };
      const metadata = result["metadata"] as Record<string, unknown> | undefined;
      if (metadata !== undefined) hit.metadata = metadata;
      return hit;
    });
    return Promise.resolve(hits);
  }

  /** Resolves once every change is on disk. */
  async close(): Promise<void> {
    if (this.#version > this.#written) await this.#persist();
  }

  #ready(call: string): MiniSearch<StoredDocument> {
    if (this.#index === undefined) throw new Error(`MiniSearchRag.${call}(): call initialize() first and wait for it`);
    return this.#index;
  }

  /** Resolves when a write that started after this call finished; one write serves every change made before it. */
  async #persist(): Promise<void> {
    const dir = this.#dir;
    if (dir === undefined) return;
    const wanted = ++this.#version;
    while (this.#written < wanted) {
      if (this.#writing !== undefined) {
        await this.#writing;
        continue;
      }
      this.#writing = this.#write(dir, this.#version).finally(() => (this.#writing = undefined));
      await this.#writing;
    }
  }

  async #write(dir: string, version: number): Promise<void> {
    const index = this.#ready("addDocument");
    if (index.dirtCount > 0) await index.vacuum();
    await writeFileDurably(join(dir, INDEX_FILE), JSON.stringify(index));
    this.#written = Math.max(this.#written, version);
  }
}
