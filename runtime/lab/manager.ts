import { watch, type FSWatcher } from "chokidar";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { TaskSet, type Task } from "../index.js";
import { sleep, untilAborted } from "../orchestrator/abortable.js";
import { isTempFile, moveDurably, writeFileDurably } from "./durable-fs.js";
import { DocumentRejectedError, inspectDocument } from "./inspect.js";
import type { LabEvent, LabManagerOptions, LabManagerState, LabStatus, LabStopReport } from "./types.js";

const RESULT_SUFFIX = ".result.json";
const ERROR_SUFFIX = ".error.json";
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

interface Queued {
  readonly name: string;
  /** Already in `claimed/` (left by a crashed or stopped run), so it needs no claim. */
  readonly recovered: boolean;
}

/**
 * Processes every document dropped into an inbox at least once, even across crashes: a document is
 * claimed by an atomic, synced rename into `workDir/claimed/` before `process` sees it, and leaves
 * `claimed/` only by a synced rename into `done/` (beside its result) or `failed/` (beside its
 * error) after `process` settled. Whatever a killed run left claimed is queued again on the next
 * `start()`, so killing the process at any moment loses no document (it may be processed twice).
 *
 * The watcher handlers only enqueue; the processing loop, each document and the cleanup loop are
 * tasks of one TaskSet, so `stop()` can wait for them, cancel them and report on them.
 *
 * @example
 * ```ts
 * const manager = new LabAutomationManager({ inboxDir, workDir, process: (doc, signal) => analyse(doc.path, signal) });
 * await manager.start();
 * // …
 * const report = await manager.stop({ timeoutMs: 5_000 });
 * ```
 */
export class LabAutomationManager {
  readonly #options: Required<Omit<LabManagerOptions, "onEvent" | "onError">> & Pick<LabManagerOptions, "onEvent">;
  readonly #dirs: { inbox: string; claimed: string; done: string; failed: string };
  readonly #tasks: TaskSet;
  #documents: TaskSet | undefined;
  #loops: Task<void>[] = [];
  #watcher: FSWatcher | undefined;
  #state: LabManagerState = "created";
  #starting: Promise<void> | undefined;
  #stopping: Promise<LabStopReport> | undefined;
  readonly #queue: Queued[] = [];
  /** Names queued or in flight, so the watcher's repeated events cannot start one document twice. */
  readonly #active = new Set<string>();
  /** Names that reappeared in the inbox while a document of that name was in flight. */
  readonly #again = new Set<string>();
  #inFlight = 0;
  #wakeLoop: (() => void) | undefined;
  #counts = { done: 0, failed: 0, retried: 0, recovered: 0, interrupted: 0 };

  constructor(options: LabManagerOptions) {
    if (typeof options.process !== "function") throw new TypeError("LabAutomationManager: options.process must be a function");
    for (const key of ["inboxDir", "workDir"] as const) {
      if (typeof options[key] !== "string" || options[key] === "") throw new TypeError(`LabAutomationManager: options.${key} must be a directory path`);
    }
    this.#options = {
      inboxDir: resolve(options.inboxDir),
      workDir: resolve(options.workDir),
      process: options.process,
      concurrency: positive(options.concurrency, 4, "concurrency"),
      cleanupIntervalMs: positive(options.cleanupIntervalMs, 60_000, "cleanupIntervalMs"),
      retentionMs: positive(options.retentionMs, 86_400_000, "retentionMs"),
      maxAttempts: positive(options.maxAttempts, 3, "maxAttempts"),
      maxBytes: positive(options.maxBytes, 16 * 1024 * 1024, "maxBytes"),
      writeStableMs: positive(options.writeStableMs, 1_000, "writeStableMs"),
      onEvent: options.onEvent,
    };
    const work = this.#options.workDir;
    this.#dirs = { inbox: this.#options.inboxDir, claimed: join(work, "claimed"), done: join(work, "done"), failed: join(work, "failed") };
    this.#tasks = new TaskSet(options.onError === undefined ? { name: "LabAutomationManager" } : { name: "LabAutomationManager", onError: options.onError });
  }

  /**
   * Creates the directories, queues documents a previous run left claimed, starts the processing
   * and cleanup loops and the inbox watcher, and resolves once the watcher has scanned the files
   * already in the inbox. Idempotent while running; throws after `stop()`.
   */
  start(): Promise<void> {
    if (this.#stopping !== undefined) return Promise.reject(new Error("LabAutomationManager.start(): the manager was stopped; create a new one"));
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /**
   * Closes the watcher, stops both loops, lets documents in flight finish for up to `timeoutMs`,
   * then cancels the rest through their signals (they stay claimed and are processed again on the
   * next start), and resolves with a report. Idempotent: later calls return the same promise.
   */
  stop(options: { timeoutMs?: number } = {}): Promise<LabStopReport> {
    this.#stopping ??= this.#stop(options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    return this.#stopping;
  }

  /** A snapshot of the manager's state and this run's counters. */
  status(): LabStatus {
    const { done, failed, retried, recovered } = this.#counts;
    return { state: this.#state, queued: this.#queue.length, inFlight: this.#inFlight, done, failed, retried, recovered };
  }

  async #start(): Promise<void> {
    this.#state = "starting";
    const dirs = this.#dirs;
    await Promise.all([dirs.inbox, dirs.claimed, dirs.done, dirs.failed].map((dir) => mkdir(dir, { recursive: true })));
    for (const dir of [dirs.done, dirs.failed]) {
      for (const name of await readdir(dir)) if (isTempFile(name)) await rm(join(dir, name), { force: true });
    }
    for (const name of (await readdir(dirs.claimed)).sort()) {
      this.#counts.recovered++;
      this.#enqueue(name, true);
    }
    if (this.#stopping !== undefined) return;
    this.#documents = this.#tasks.child("documents");
    this.#loops = [
      this.#tasks.spawn(({ signal }) => this.#processingLoop(signal), { name: "processing loop" }),
      this.#tasks.spawn(({ signal }) => this.#cleanupLoop(signal), { name: "cleanup loop" }),
    ];
    const watcher = watch(dirs.inbox, {
      ignoreInitial: false,
      depth: 0,
      awaitWriteFinish: { stabilityThreshold: this.#options.writeStableMs, pollInterval: Math.min(100, this.#options.writeStableMs) },
      ignored: (path) => path !== dirs.inbox && basename(path).startsWith("."),
    });
    this.#watcher = watcher;
    // Handlers stay synchronous: they only enqueue; the work runs as tasks of the set. A file that
    // replaces one we just claimed can surface as "change" (the watcher may not have seen it leave).
    const onFile = (path: string): void => this.#enqueue(basename(path), false);
    watcher.on("add", onFile);
    watcher.on("change", onFile);
    watcher.on("error", (error: unknown) => this.#emit({ type: "watcher:error", error }));
    await new Promise<void>((ready) => watcher.once("ready", ready));
    if (this.#state === "starting") this.#state = "running";
  }

  async #stop(timeoutMs: number): Promise<LabStopReport> {
    this.#state = "stopping";
    // A start() in progress finishes first, so nothing it creates escapes the shutdown below.
    if (this.#starting !== undefined) {
      try {
        await this.#starting;
      } catch {
        // start() already rejected to its caller; stopping only has to release what was created.
      }
    }
    await this.#watcher?.close();
    for (const loop of this.#loops) loop.cancel();
    const notStarted = this.#queue.length;
    this.#queue.length = 0;
    if (this.#documents !== undefined && this.#inFlight > 0) {
      try {
        await untilAborted(this.#documents.idle(), AbortSignal.timeout(timeoutMs));
      } catch {
        // The deadline passed: the shutdown below cancels what is still in flight.
      }
    }
    const tasks = await this.#tasks.shutdown({ timeoutMs, cancel: true });
    this.#state = "stopped";
    const { done, failed, interrupted } = this.#counts;
    return { done, failed, interrupted, notStarted, tasks };
  }

  #enqueue(name: string, recovered: boolean): void {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    if (this.#active.has(name)) {
      if (!recovered) this.#again.add(name);
      return;
    }
    this.#active.add(name);
    this.#queue.push({ name, recovered });
    this.#emit({ type: "document:queued", name, recovered });
    this.#wakeLoop?.();
  }

  /** Starts queued documents while slots are free, then sleeps until a document arrives or finishes. */
  async #processingLoop(signal: AbortSignal): Promise<void> {
    const documents = this.#documents;
    if (documents === undefined) return;
    for (;;) {
      while (this.#inFlight < this.#options.concurrency && this.#queue.length > 0) {
        const next = this.#queue.shift()!;
        this.#inFlight++;
        documents.spawn(({ signal: docSignal }) => this.#handle(next, docSignal), { name: `document ${next.name}` });
      }
      await untilAborted(new Promise<void>((wake) => (this.#wakeLoop = wake)), signal);
    }
  }

  async #handle({ name, recovered }: Queued, signal: AbortSignal): Promise<void> {
    const claimed = join(this.#dirs.claimed, name);
    try {
      if (!recovered) {
        try {
          await moveDurably(join(this.#dirs.inbox, name), claimed);
        } catch (error) {
          // Gone since the watcher saw it (a duplicate event after we processed it, or deleted).
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
          throw error;
        }
        this.#emit({ type: "document:claimed", name });
      }
      await this.#processClaimed(name, claimed, signal);
    } finally {
      this.#inFlight--;
      this.#active.delete(name);
      if (this.#again.delete(name)) this.#enqueue(name, false);
      this.#wakeLoop?.();
    }
  }

  async #processClaimed(name: string, claimed: string, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let result: unknown;
      try {
        await inspectDocument(claimed, this.#options.maxBytes);
        result = await untilAborted(Promise.resolve(this.#options.process({ name, path: claimed }, signal)), signal);
      } catch (error) {
        if (signal.aborted) {
          // Left claimed on purpose: the next start() processes it again.
          this.#counts.interrupted++;
          this.#emit({ type: "document:interrupted", name });
          throw error;
        }
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof DocumentRejectedError || attempt >= this.#options.maxAttempts) {
          const reason = error instanceof DocumentRejectedError ? error.reason : "failed";
          await this.#finish(name, claimed, this.#dirs.failed, ERROR_SUFFIX, { name, attempts: attempt, reason, error: message });
          this.#counts.failed++;
          this.#emit({ type: "document:failed", name, reason, error: message });
          return;
        }
        this.#counts.retried++;
        this.#emit({ type: "document:retrying", name, attempt, error: message });
        continue;
      }
      await this.#finish(name, claimed, this.#dirs.done, RESULT_SUFFIX, { name, attempts: attempt, finishedAt: new Date().toISOString(), result });
      this.#counts.done++;
      this.#emit({ type: "document:done", name, attempts: attempt });
      return;
    }
  }

  /**
   * The sidecar is written before the document moves: a crash in between leaves the document
   * claimed, so it is processed again and the sidecar overwritten; never a document without one.
   */
  async #finish(name: string, claimed: string, dir: string, suffix: string, sidecar: object): Promise<void> {
    await writeFileDurably(join(dir, name + suffix), JSON.stringify(sidecar, null, 2));
    await moveDurably(claimed, join(dir, name));
  }

  async #cleanupLoop(signal: AbortSignal): Promise<void> {
    for (;;) {
      await sleep(this.#options.cleanupIntervalMs, signal);
      try {
        await this.#removeExpired();
      } catch (error) {
        // One failed sweep (e.g. a permission problem) is reported; the next sweep tries again.
        this.#emit({ type: "cleanup:failed", error });
      }
    }
  }

  /** Removes `done/` documents whose result is older than `retentionMs`: the document first, then its result. */
  async #removeExpired(): Promise<void> {
    const cutoff = Date.now() - this.#options.retentionMs;
    for (const entry of await readdir(this.#dirs.done)) {
      if (!entry.endsWith(RESULT_SUFFIX) || isTempFile(entry)) continue;
      const sidecar = join(this.#dirs.done, entry);
      const info = await stat(sidecar).catch(ignoreMissing);
      if (info === undefined || info.mtimeMs >= cutoff) continue;
      const name = entry.slice(0, -RESULT_SUFFIX.length);
      await rm(join(this.#dirs.done, name), { force: true });
      await rm(sidecar, { force: true });
      this.#emit({ type: "cleanup:removed", name });
    }
  }

  #emit(event: LabEvent): void {
    const onEvent = this.#options.onEvent;
    if (onEvent === undefined) {
      if (event.type === "watcher:error" || event.type === "cleanup:failed") console.error(`[taskguard] LabAutomationManager ${event.type}:`, event.error);
      return;
    }
    try {
      onEvent(event);
    } catch (error) {
      console.error(`[taskguard] LabAutomationManager onEvent threw while handling "${event.type}":`, error);
    }
  }
}

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) throw new TypeError(`LabAutomationManager: options.${option} must be a number > 0, got ${String(value)}`);
  return value;
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  throw error;
}
