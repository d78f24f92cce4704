import { watch, type FSWatcher } from "chokidar";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { describeError } from "../describe.js";
import { checkDuration, settlesWithin } from "../duration.js";
import { TaskSet, type Task } from "../index.js";
import { sleep, untilAborted } from "../orchestrator/abortable.js";
import { isTempFile, moveDurably, writeFileDurably } from "./durable-fs.js";
import { DocumentRejectedError, inspectDocument } from "./inspect.js";
import type { FailureReason, LabEvent, LabManagerOptions, LabManagerState, LabStatus, LabStopReport } from "./types.js";
import { chooseFileName, CLAIM_SUFFIX, claimPath, ERROR_SUFFIX, isSidecar, readClaim, RESULT_SUFFIX, writeClaim, type ClaimRecord, type Verdict, type WorkDirs } from "./work-dir.js";

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

interface Queued {
  /** The name in the inbox, or for a recovered document its file name in `claimed/`. */
  readonly file: string;
  /** Set for a document a previous run left in `claimed/` (crashed or stopped): its claim record. */
  readonly recovered?: ClaimRecord;
}

/** A document in `claimed/<file>`, with its record as last written (the current attempt included). */
interface Claimed extends ClaimRecord {
  readonly file: string;
}

/** A previous run died during one of its attempts (stop() uncounts the attempts it cancels). */
const isSuspect = (record: ClaimRecord | undefined): boolean => record !== undefined && record.attempts > record.failures;

/**
 * Processes every document dropped into an inbox at least once, even across crashes: a document is
 * claimed by an atomic, synced rename into `workDir/claimed/` before `process` sees it, and leaves
 * `claimed/` only by a synced rename into `done/` (beside its result) or `failed/` (beside its
 * error) after `process` settled. Whatever a killed run left claimed is queued again on the next
 * `start()`, so killing the process at any moment loses no document (it may be processed twice).
 *
 * Each claimed document keeps a durable record of its submitted name and of the attempts started,
 * counted before each attempt begins, so `maxAttempts` holds across restarts: a document that kills
 * the process itself goes to `failed/` after `maxAttempts` crashes instead of being retried forever,
 * and documents a crash interrupted are retried one at a time, so an innocent one is not blamed.
 * Every submission gets a file name of its own in `workDir` (`name~2.ext` for a second one), so a
 * name submitted twice keeps both results; `doc.name` is always the submitted name.
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
  readonly #dirs: WorkDirs;
  readonly #tasks: TaskSet;
  #documents: TaskSet | undefined;
  #loops: Task<void>[] = [];
  #watcher: FSWatcher | undefined;
  /** The inode of the inbox being watched: a different one (or none) means it was deleted under us. */
  #inboxIno: number | undefined;
  #checkingInbox = false;
  #state: LabManagerState = "created";
  #starting: Promise<void> | undefined;
  #stopping: Promise<LabStopReport> | undefined;
  readonly #queue: Queued[] = [];
  /** Inbox names queued or being claimed, so the watcher's repeated events cannot claim one file twice. */
  readonly #active = new Set<string>();
  /** Inbox names that reappeared while a file of that name was queued or being claimed. */
  readonly #again = new Set<string>();
  /** File names chosen by claims whose record is not on disk yet. */
  readonly #reserved = new Set<string>();
  /** Queued or in-flight documents that were in flight when a previous run died. */
  #suspects = 0;
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
      cleanupIntervalMs: duration(options.cleanupIntervalMs, 60_000, "cleanupIntervalMs"),
      retentionMs: duration(options.retentionMs, 86_400_000, "retentionMs"),
      maxAttempts: positive(options.maxAttempts, 3, "maxAttempts"),
      maxBytes: positive(options.maxBytes, 16 * 1024 * 1024, "maxBytes"),
      writeStableMs: duration(options.writeStableMs, 1_000, "writeStableMs"),
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
    if (this.#stopping === undefined) {
      checkDuration(options.timeoutMs, "LabAutomationManager.stop(): timeoutMs");
      this.#stopping = this.#stop(options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    }
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
    const entries = (await readdir(dirs.claimed)).sort();
    const files = entries.filter((entry) => !isSidecar(entry) && !isTempFile(entry));
    const claimed = new Set(files);
    for (const entry of entries) {
      // A torn write, or the record of a claim whose rename never happened or whose document has
      // already moved on: nothing refers to it.
      const orphan = entry.endsWith(CLAIM_SUFFIX) && !claimed.has(entry.slice(0, -CLAIM_SUFFIX.length));
      if (isTempFile(entry) || orphan) await rm(join(dirs.claimed, entry), { force: true });
    }
    const recovered = await Promise.all(files.map(async (file) => ({ file, recovered: await readClaim(dirs, file) })));
    // Suspects first (a stable sort keeps name order), so the loop runs them alone before the rest.
    recovered.sort((a, b) => Number(isSuspect(b.recovered)) - Number(isSuspect(a.recovered)));
    for (const item of recovered) {
      this.#counts.recovered++;
      this.#enqueue(item);
    }
    if (this.#stopping !== undefined) return;
    this.#documents = this.#tasks.child("documents");
    this.#loops = [
      this.#tasks.spawn(({ signal }) => this.#processingLoop(signal), { name: "processing loop" }),
      this.#tasks.spawn(({ signal }) => this.#cleanupLoop(signal), { name: "cleanup loop" }),
    ];
    await this.#watch();
    if (this.#state === "starting") this.#state = "running";
  }

  /** Watches the inbox (files already there are queued too) and resolves once the watcher is ready. */
  async #watch(): Promise<void> {
    const inbox = this.#dirs.inbox;
    this.#inboxIno = (await stat(inbox)).ino;
    const watcher = watch(inbox, {
      ignoreInitial: false,
      depth: 0,
      awaitWriteFinish: { stabilityThreshold: this.#options.writeStableMs, pollInterval: Math.max(1, Math.min(100, this.#options.writeStableMs)) },
      ignored: (path) => path !== inbox && basename(path).startsWith("."),
    });
    this.#watcher = watcher;
    // Handlers stay synchronous: they only enqueue; the work runs as tasks of the set. A file that
    // replaces one we just claimed can surface as "change" (the watcher may not have seen it leave).
    const onFile = (path: string): void => this.#enqueue({ file: basename(path) });
    watcher.on("add", onFile);
    watcher.on("change", onFile);
    watcher.on("error", (error: unknown) => {
      this.#emit({ type: "watcher:error", error });
      this.#checkInbox();
    });
    // chokidar reports nothing when the watched directory itself goes (only a raw "rename" of it),
    // and would then watch a deleted directory for ever: check the inbox on every such event.
    watcher.on("raw", (_event: string, path: string) => {
      if (path === basename(inbox) || path === inbox) this.#checkInbox();
    });
    await new Promise<void>((ready) => watcher.once("ready", ready));
    if (this.#state === "stopping" || this.#state === "stopped") await watcher.close();
  }

  /** If the inbox was deleted (and maybe re-created), says so with a watcher:error and watches the new one. */
  #checkInbox(): void {
    if (this.#checkingInbox || this.#tasks.closed) return;
    this.#checkingInbox = true;
    this.#tasks.spawn(
      async () => {
        try {
          const inbox = this.#dirs.inbox;
          const info = await stat(inbox).catch(ignoreMissing);
          if (info !== undefined && info.ino === this.#inboxIno) return;
          this.#emit({
            type: "watcher:error",
            error: new Error(`The inbox ${inbox} was ${info === undefined ? "deleted" : "deleted and re-created"} while the manager was running; watching the new directory`),
          });
          await this.#watcher?.close();
          if (this.#state !== "running" && this.#state !== "starting") return;
          await mkdir(inbox, { recursive: true });
          await this.#watch();
        } finally {
          this.#checkingInbox = false;
        }
      },
      { name: "inbox check" },
    );
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
    // At the deadline the shutdown below cancels what is still in flight.
    if (this.#documents !== undefined && this.#inFlight > 0) await settlesWithin(this.#documents.idle(), timeoutMs);
    const tasks = await this.#tasks.shutdown({ timeoutMs, cancel: true });
    this.#state = "stopped";
    const { done, failed, interrupted } = this.#counts;
    return { done, failed, interrupted, notStarted, tasks };
  }

  #enqueue(item: Queued): void {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    if (item.recovered === undefined) {
      if (this.#active.has(item.file)) {
        this.#again.add(item.file);
        return;
      }
      this.#active.add(item.file);
    } else if (isSuspect(item.recovered)) {
      this.#suspects++;
    }
    this.#queue.push(item);
    this.#emit({ type: "document:queued", name: item.recovered?.name ?? item.file, recovered: item.recovered !== undefined });
    this.#wakeLoop?.();
  }

  /** Starts queued documents while slots are free, then sleeps until a document arrives or finishes. */
  async #processingLoop(signal: AbortSignal): Promise<void> {
    const documents = this.#documents;
    if (documents === undefined) return;
    for (;;) {
      // While suspects remain, one document at a time: if one kills the process again, no other
      // document has an attempt running, so no innocent one is counted towards maxAttempts with it.
      while (this.#inFlight < (this.#suspects > 0 ? 1 : this.#options.concurrency) && this.#queue.length > 0) {
        const next = this.#queue.shift()!;
        this.#inFlight++;
        documents.spawn(({ signal: docSignal }) => this.#handle(next, docSignal), { name: `document ${next.file}` });
      }
      await untilAborted(new Promise<void>((wake) => (this.#wakeLoop = wake)), signal);
    }
  }

  async #handle(item: Queued, signal: AbortSignal): Promise<void> {
    try {
      const claimed = item.recovered === undefined ? await this.#claim(item.file) : await this.#resume(item.file, item.recovered);
      if (claimed !== undefined) await this.#process(claimed, signal);
    } finally {
      this.#inFlight--;
      if (isSuspect(item.recovered)) this.#suspects--;
      this.#wakeLoop?.();
    }
  }

  /**
   * Moves `inbox/<name>` to `claimed/<file>` under a file name of its own, with its first attempt
   * already counted in its record. Resolves with undefined if the file has gone from the inbox.
   */
  async #claim(name: string): Promise<Claimed | undefined> {
    const dirs = this.#dirs;
    const source = join(dirs.inbox, name);
    let file: string | undefined;
    try {
      // Gone since the watcher saw it (a repeated event after we claimed it, or deleted).
      if ((await stat(source).catch(ignoreMissing)) === undefined) return undefined;
      file = await chooseFileName(dirs, name, this.#reserved);
      const claimed: Claimed = { file, name, attempts: 1, failures: 0 };
      // The record goes first: a crash before the rename leaves a record without a document, which
      // start() removes, never a claimed document whose submitted name or attempt is unknown.
      await writeClaim(dirs, file, claimed);
      try {
        await moveDurably(source, join(dirs.claimed, file));
      } catch (error) {
        await rm(claimPath(dirs, file), { force: true });
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
      this.#emit({ type: "document:claimed", name, file });
      return claimed;
    } finally {
      // From here the files on disk keep the name taken, and the inbox name is free for a new file.
      if (file !== undefined) this.#reserved.delete(file);
      this.#active.delete(name);
      if (this.#again.delete(name)) this.#enqueue({ file: name });
    }
  }

  /**
   * Counts the next attempt of a document a previous run left claimed and resolves with it, or
   * resolves with undefined once it has its one verdict: a verdict the dead run already wrote wins
   * (a result in `done/`, else the failure recorded in the claim record, with its reason), and
   * otherwise a run that died during the last allowed attempt means "crashed".
   */
  async #resume(file: string, record: ClaimRecord): Promise<Claimed | undefined> {
    const { name, attempts, failures } = record;
    if ((await stat(join(this.#dirs.done, file + RESULT_SUFFIX)).catch(ignoreMissing)) !== undefined) {
      // Killed after its result was written, before the document moved: it succeeded.
      await this.#settleFiles(file, this.#dirs.done);
      this.#counts.done++;
      this.#emit({ type: "document:done", name, file, attempts });
      return undefined;
    }
    if (record.verdict !== undefined) {
      await this.#fail({ file, ...record }, record.verdict.reason, record.verdict.error);
      return undefined;
    }
    if (attempts >= this.#options.maxAttempts) {
      const crashes = attempts - failures;
      const error =
        `${name} crashed the worker ${plural(crashes, "time")} in ${plural(attempts, "attempt")} (maxAttempts: ${this.#options.maxAttempts}); ` +
        "it is not retried, since it may kill every run that opens it: inspect it before resubmitting";
      await this.#fail({ file, ...record }, "crashed", error);
      return undefined;
    }
    const next: Claimed = { file, name, attempts: attempts + 1, failures };
    await writeClaim(this.#dirs, file, next);
    return next;
  }

  /** Runs the counted attempt of `claimed`, and retries (counting each first) up to maxAttempts. */
  async #process(claimed: Claimed, signal: AbortSignal): Promise<void> {
    const { file, name } = claimed;
    const path = join(this.#dirs.claimed, file);
    for (let current = claimed; ; ) {
      let sidecar: string;
      let work: Promise<unknown> | undefined;
      try {
        await inspectDocument(path, this.#options.maxBytes);
        work = Promise.resolve(this.#options.process({ name, path }, signal));
        const result = await untilAborted(work, signal);
        // Inside the try: a result JSON cannot hold (a BigInt, a cycle) is this attempt's failure.
        sidecar = JSON.stringify({ name, file, attempts: current.attempts, finishedAt: new Date().toISOString(), result }, null, 2);
      } catch (error) {
        if (signal.aborted) {
          // Left claimed on purpose: the next start() processes it again. stop() cancelled this
          // attempt, it did not crash, so it is uncounted; should that write fail, it stays counted.
          await writeClaim(this.#dirs, file, { name, attempts: current.attempts - 1, failures: current.failures }).catch(() => undefined);
          this.#counts.interrupted++;
          this.#emit({ type: "document:interrupted", name, file });
          // A process() that ignores its signal still runs: this task stays running until it
          // settles, so stop() lists it as abandoned instead of reporting it gone.
          await work?.then(ignore, ignore);
          throw error;
        }
        const message = describeError(error, "message");
        if (error instanceof DocumentRejectedError || current.attempts >= this.#options.maxAttempts) {
          await this.#fail(current, error instanceof DocumentRejectedError ? error.reason : "failed", message);
          return;
        }
        this.#counts.retried++;
        this.#emit({ type: "document:retrying", name, file, attempt: current.attempts, error: message });
        current = { file, name, attempts: current.attempts + 1, failures: current.failures + 1 };
        await writeClaim(this.#dirs, file, current);
        continue;
      }
      await this.#finish(current, this.#dirs.done, RESULT_SUFFIX, sidecar);
      this.#counts.done++;
      this.#emit({ type: "document:done", name, file, attempts: current.attempts });
      return;
    }
  }

  async #fail(claimed: Claimed, reason: FailureReason, error: string): Promise<void> {
    const { file, name, attempts, failures } = claimed;
    // The verdict goes into the claim record first, so a run killed while recording it resumes with
    // this reason instead of judging the document again ("crashed").
    const verdict: Verdict = { reason, error };
    if (claimed.verdict === undefined) await writeClaim(this.#dirs, file, { name, attempts, failures, verdict });
    await this.#finish(claimed, this.#dirs.failed, ERROR_SUFFIX, JSON.stringify({ name, file, attempts, reason, error }, null, 2));
    this.#counts.failed++;
    this.#emit({ type: "document:failed", name, file, reason, error });
  }

  /**
   * The sidecar is written before the document moves: a crash in between leaves the document
   * claimed, so it is processed again and the sidecar overwritten; never a document without one.
   */
  async #finish({ file }: Claimed, dir: string, suffix: string, sidecar: string): Promise<void> {
    await writeFileDurably(join(dir, file + suffix), sidecar);
    await this.#settleFiles(file, dir);
  }

  /** Moves a document whose sidecar is written from `claimed/` to `dir`, and drops its claim record. */
  async #settleFiles(file: string, dir: string): Promise<void> {
    await moveDurably(join(this.#dirs.claimed, file), join(dir, file));
    // No sync needed: a record a crash brings back without its document is removed by start().
    await rm(claimPath(this.#dirs, file), { force: true });
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
      if (event.type === "watcher:error" || event.type === "cleanup:failed") console.error(`[taskguard] LabAutomationManager ${event.type}: ${describeError(event.error, "stack")}`);
      return;
    }
    try {
      onEvent(event);
    } catch (error) {
      console.error(`[taskguard] LabAutomationManager onEvent threw while handling "${event.type}": ${describeError(error, "stack")}`);
    }
  }
}

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) throw new TypeError(`LabAutomationManager: options.${option} must be a number > 0, got ${String(value)}`);
  return value;
}

/** A duration option (see `checkDuration()`): any number of milliseconds up to Infinity. */
function duration(value: number | undefined, fallback: number, option: string): number {
  checkDuration(value, `LabAutomationManager: options.${option}`);
  return value ?? fallback;
}

function ignore(): void {
  // Only the settling of abandoned work matters; its outcome was already decided.
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  throw error;
}
