import type { TaskInfo } from "../index.js";

/** One retrieved document. */
export interface RagHit {
  id: string;
  /** Relevance, higher is better; only comparable within one query. */
  score: number;
  text: string;
  metadata?: Record<string, unknown>;
}

/** The retrieval system `SimpleLabRAG` wraps. `close()` is optional: flush and release resources. */
export interface RagSystem {
  initialize(): Promise<void>;
  addDocument(id: string, text: string, metadata?: Record<string, unknown>): Promise<void>;
  query(question: string, k?: number): Promise<RagHit[]>;
  close?(): Promise<void>;
}

export interface SimpleLabRAGOptions {
  /**
   * The system to wrap.
   * @default a MiniSearchRag persisted to `dir` (in memory without `dir`)
   */
  rag?: RagSystem;
  /** Where the default index is persisted. Ignored when `rag` is given. */
  dir?: string;
  /**
   * Names the wrapper's TaskSet in reports.
   * @default "SimpleLabRAG"
   */
  name?: string;
  /**
   * `initialize()` fails with a TaskTimeoutError if it has not finished by then, so calls cannot hang.
   * Any duration up to `Infinity`.
   * @default 30_000
   */
  initTimeoutMs?: number;
  /** Receives the initialization failure, once. @default print with console.error */
  onError?: (error: unknown, info: TaskInfo) => void;
}
