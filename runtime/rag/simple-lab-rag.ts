import { describeError } from "../describe.js";
import { checkDuration, settlesWithin } from "../duration.js";
import { TaskSet, TaskSetClosedError, type ShutdownReport, type Task } from "../index.js";
import { untilAborted } from "../orchestrator/abortable.js";
import { MiniSearchRag } from "./minisearch-rag.js";
import type { RagHit, RagSystem, SimpleLabRAGOptions } from "./types.js";

/** The cause of every call rejected because `initialize()` failed; `cause` is the original error. */
export class RagInitializationError extends Error {
  constructor(name: string, cause: unknown) {
    super(`${name}: initialize() failed (${describeError(cause, "message")}); create a new instance once the cause is fixed`, { cause });
    this.name = "RagInitializationError";
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Wraps a RAG system so its start-up is never fire-and-forget: the constructor starts
 * `initialize()` as a tracked task, every call waits for it, and a failure is reported once (to
 * `onError`) and rejects each dependent call with a RagInitializationError carrying the cause —
 * no unhandled rejection, no call that hangs. `close()` waits for calls in flight and shuts the
 * wrapper's TaskSet down.
 *
 * @example
 * ```ts
 * const rag = new SimpleLabRAG({ dir: "./index" });
 * await rag.addDocument("S-1", "PCR of plasma sample S-1", { assay: "PCR" });
 * const hits = await rag.query("plasma PCR", 3);
 * await rag.close();
 * ```
 */
export class SimpleLabRAG {
  readonly #name: string;
  readonly #rag: RagSystem;
  readonly #tasks: TaskSet;
  /** Never rejects, so nothing goes unhandled when nobody reads `ready`. */
  readonly #initialized: Promise<Outcome<void>>;
  readonly #init: Task<void>;
  /** Set once `initialize()` resolved, so `close()` knows whether the wrapped system is open. */
  #initOk = false;
  #ready: Promise<void> | undefined;
  #closing: Promise<ShutdownReport> | undefined;

  constructor(options: SimpleLabRAGOptions = {}) {
    this.#name = options.name ?? "SimpleLabRAG";
    this.#rag = options.rag ?? new MiniSearchRag(options.dir === undefined ? {} : { dir: options.dir });
    this.#tasks = new TaskSet(options.onError === undefined ? { name: this.#name } : { name: this.#name, onError: options.onError });
    checkDuration(options.initTimeoutMs, "initTimeoutMs");
    let settle!: (outcome: Outcome<void>) => void;
    this.#initialized = new Promise((resolve) => (settle = resolve));
    this.#init = this.#tasks.spawn(
      async ({ signal }) => {
        try {
          await untilAborted(this.#rag.initialize(), signal);
          this.#initOk = true;
          settle({ ok: true, value: undefined });
        } catch (error) {
          settle({ ok: false, error: new RagInitializationError(this.#name, error) });
          throw error; // the set reports it: the one report of this failure
        }
      },
      { name: "initialize", timeoutMs: options.initTimeoutMs ?? 30_000 },
    );
  }

  /**
   * Resolves once `initialize()` finished, or rejects with the RagInitializationError. Created on
   * first read: reading it makes handling that rejection the reader's job, not reading it is safe.
   */
  get ready(): Promise<void> {
    this.#ready ??= this.#initialized.then((outcome) => {
      if (!outcome.ok) throw outcome.error;
    });
    return this.#ready;
  }

  /** Adds (or replaces) a document once initialized. Rejects with the RagInitializationError, or a TaskSetClosedError after `close()`. */
  addDocument(id: string, text: string, metadata?: Record<string, unknown>): Promise<void> {
    return this.#call(`addDocument ${id}`, () => this.#rag.addDocument(id, text, metadata));
  }

  /** The `k` best hits once initialized. Rejects like `addDocument()`. */
  query(question: string, k = 5): Promise<RagHit[]> {
    return this.#call("query", () => this.#rag.query(question, k));
  }

  /**
   * Waits for calls in flight (and an unfinished initialization) up to `timeoutMs` in all, closes the
   * wrapped system if it finished initializing, and reports; never rejects, never takes longer. An
   * initialization still running at the deadline is cancelled. A wrapped `close()` that throws is a
   * failure in the report (and goes to `onError`). Calls made after `close()` reject with
   * TaskSetClosedError. Idempotent.
   */
  close(options: { timeoutMs?: number } = {}): Promise<ShutdownReport> {
    if (this.#closing === undefined) {
      checkDuration(options.timeoutMs, "close(): timeoutMs");
      this.#closing = this.#close(options.timeoutMs ?? 10_000);
    }
    return this.#closing;
  }

  async #close(timeoutMs: number): Promise<ShutdownReport> {
    const started = Date.now();
    await settlesWithin(this.#tasks.idle(), timeoutMs);
    this.#init.cancel(new RagInitializationError(this.#name, new Error(`close() gave up waiting after ${timeoutMs} ms`)));
    const rag = this.#rag;
    if (this.#initOk && rag.close !== undefined) this.#tasks.spawn(() => rag.close?.(), { name: "close" });
    return this.#tasks.shutdown({ timeoutMs: Math.max(0, timeoutMs - (Date.now() - started)), cancel: false });
  }

  /**
   * Runs a call as a task of the set, so `close()` waits for it. The task never fails: the outcome
   * goes to the caller alone, so a rejected call is not reported a second time by the set.
   */
  async #call<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw new TaskSetClosedError(this.#name, name);
    const task = this.#tasks.spawn(async (): Promise<Outcome<T>> => {
      const initialized = await this.#initialized;
      if (!initialized.ok) return initialized;
      try {
        return { ok: true, value: await fn() };
      } catch (error) {
        return { ok: false, error };
      }
    }, { name });
    const outcome = await task.result;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
