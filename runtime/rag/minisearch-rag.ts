import MiniSearch, { type Options } from "minisearch";
import { link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeError } from "../describe.js";
import { tempPath, writeFileDurably } from "../lab/durable-fs.js";
import type { RagHit, RagSystem } from "./types.js";

interface StoredDocument {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

const INDEX_FILE = "index.json";
/** Holds the pid of the one instance that owns `dir`. */
const LOCK_FILE = "index.json.lock";
/** Temporary files of index writes (see `tempPath()`); only the lock holder writes, so at start-up any is stale. */
const isIndexTemp = (name: string): boolean => name.startsWith(`.${INDEX_FILE}.`) && name.endsWith(".tmp");

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
 *
 * One instance owns a directory at a time: `initialize()` takes a lock file (`index.json.lock`,
 * holding its pid) and rejects at once, naming the holder, while another live instance has it; a
 * lock left by a killed process is taken over, and the temporary files of its interrupted writes
 * are removed. `close()` releases it.
 */
export class MiniSearchRag implements RagSystem {
  readonly #dir: string | undefined;
  #index: MiniSearch<StoredDocument> | undefined;
  #version = 0;
  #written = 0;
  #writing: Promise<void> | undefined;
  #lock: string | undefined;

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
    await this.#takeLock(this.#dir);
    for (const name of await readdir(this.#dir)) if (isIndexTemp(name)) await rm(join(this.#dir, name), { force: true });
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
      throw new Error(`${file} is not a valid index (${describeError(error, "message")}); delete it to rebuild the index`, { cause: error });
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

  /** Resolves once every change is on disk, and releases the directory. */
  async close(): Promise<void> {
    try {
      if (this.#version > this.#written) await this.#persist();
    } finally {
      if (this.#lock !== undefined) await rm(this.#lock, { force: true });
      this.#lock = undefined;
    }
  }

  /** Creates the lock atomically with its content (hard link of a written file), or finds out who holds it. */
  async #takeLock(dir: string): Promise<void> {
    const lock = join(dir, LOCK_FILE);
    const temp = tempPath(lock);
    await writeFile(temp, String(process.pid));
    try {
      for (;;) {
        try {
          await link(temp, lock);
          this.#lock = lock;
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        const holder = Number(await readFile(lock, "utf8").catch(() => ""));
        if (isAlive(holder)) {
          throw new Error(`${dir} is in use by another MiniSearchRag (process ${holder} holds ${lock}); give each instance a directory of its own, or close the other one first`);
        }
        await rm(lock, { force: true }); // its process is gone: the lock is stale
      }
    } finally {
      await rm(temp, { force: true });
    }
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

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
