import type { ShutdownReport, TaskInfo } from "../index.js";
import type { RejectionReason } from "./inspect.js";

/** A claimed document. Its file stays at `path` (inside `workDir/claimed/`) while `process` runs. */
export interface LabDocument {
  /** The name it was submitted under; the file at `path` may be named `name~2.ext` if that name was in use. */
  readonly name: string;
  readonly path: string;
}

/**
 * Why a document is in `failed/`: a RejectionReason (bad input, at once), `"failed"` (`process`
 * threw on every one of `maxAttempts` attempts) or `"crashed"` (the process died during its last
 * allowed attempt, e.g. the document kills the process that parses it).
 */
export type FailureReason = RejectionReason | "failed" | "crashed";

export interface LabManagerOptions {
  /** Watched for new documents (top level only; names starting with "." are ignored, so producers can write `.x.tmp` and rename). */
  inboxDir: string;
  /**
   * Holds `claimed/`, `done/` and `failed/`. Must be on the same filesystem as `inboxDir`, so claiming
   * is an atomic rename, and belong to one manager at a time.
   */
  workDir: string;
  /**
   * Processes one document; its value is stored beside it in `done/<file>.result.json`. Honour
   * `signal`: it aborts when `stop()` gives up waiting, and the document is then re-queued on the
   * next start. Throw a DocumentRejectedError for input that can never succeed.
   */
  process: (doc: LabDocument, signal: AbortSignal) => unknown;
  /**
   * Documents processed at once.
   * @default 4
   */
  concurrency?: number;
  /**
   * How often `done/` is swept. Any duration up to `Infinity` (never).
   * @default 60_000
   */
  cleanupIntervalMs?: number;
  /**
   * Age (of the result) after which a `done/` entry is removed.
   * @default 86_400_000 (one day)
   */
  retentionMs?: number;
  /**
   * Attempts per document before it goes to `failed/`, counted durably across restarts: an attempt
   * counts from the moment it starts, so one the process died during (crash, SIGKILL, power loss)
   * counts too; only one `stop()` cancelled does not.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Larger documents go to `failed/` as oversized.
   * @default 16 MiB
   */
  maxBytes?: number;
  /**
   * A new file must keep its size this long before it is picked up (chokidar's `awaitWriteFinish`),
   * so instruments still writing are left alone.
   * @default 1_000
   */
  writeStableMs?: number;
  /** Lifecycle notifications. A throw is printed and otherwise ignored. */
  onEvent?: (event: LabEvent) => void;
  /** Receives failures of the manager's own background work. @default print with console.error */
  onError?: (error: unknown, info: TaskInfo) => void;
}

export type LabEvent =
  | { type: "document:queued"; name: string; recovered: boolean }
  // `name` is the submitted name; `file` the document's own name in workDir (`name`, or `name~2.ext`, …).
  | { type: "document:claimed"; name: string; file: string }
  | { type: "document:done"; name: string; file: string; attempts: number }
  | { type: "document:retrying"; name: string; file: string; attempt: number; error: string }
  | { type: "document:failed"; name: string; file: string; reason: FailureReason; error: string }
  | { type: "document:interrupted"; name: string; file: string }
  /** `name` is the file removed from `done/`. */
  | { type: "cleanup:removed"; name: string }
  | { type: "cleanup:failed" | "watcher:error"; error: unknown };

export type LabManagerState = "created" | "starting" | "running" | "stopping" | "stopped";

export interface LabStatus {
  state: LabManagerState;
  /** Waiting for a free processing slot. */
  queued: number;
  inFlight: number;
  /** Counters for this run. */
  done: number;
  failed: number;
  retried: number;
  /** Documents found claimed by an earlier run at start and queued again. */
  recovered: number;
}

/** What `stop()` resolves with. */
export interface LabStopReport {
  done: number;
  failed: number;
  /** Documents cancelled at the deadline: still claimed, processed again on the next start. */
  interrupted: number;
  /** Documents that were queued but not started: still in the inbox or claimed, picked up on the next start. */
  notStarted: number;
  /** The manager's TaskSet (loops and documents). */
  tasks: ShutdownReport;
}
