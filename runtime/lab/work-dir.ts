import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isTempFile, writeFileDurably } from "./durable-fs.js";
import type { FailureReason } from "./types.js";

/** Beside a document in `done/`: its result. */
export const RESULT_SUFFIX = ".result.json";
/** Beside a document in `failed/`: why it failed. */
export const ERROR_SUFFIX = ".error.json";
/** Beside a document in `claimed/`: its claim record. */
export const CLAIM_SUFFIX = ".claim.json";

export interface WorkDirs {
  readonly inbox: string;
  readonly claimed: string;
  readonly done: string;
  readonly failed: string;
}

/**
 * What a restart must know about a claimed document, kept in `claimed/<file>.claim.json`: the name
 * it was submitted under, the attempts started (counted before each one begins) and how many of
 * those ended in an error. The difference is how many times the worker died during an attempt.
 */
export interface ClaimRecord {
  readonly name: string;
  readonly attempts: number;
  readonly failures: number;
  /** The final failure being recorded: written before the sidecar, so a kill in between keeps its reason. */
  readonly verdict?: Verdict;
}

export interface Verdict {
  readonly reason: FailureReason;
  readonly error: string;
}

/** True for the sidecars the manager keeps beside documents; documents never get such a name (see `chooseFileName()`). */
export function isSidecar(file: string): boolean {
  return file.endsWith(RESULT_SUFFIX) || file.endsWith(ERROR_SUFFIX) || file.endsWith(CLAIM_SUFFIX);
}

export function claimPath(dirs: WorkDirs, file: string): string {
  return join(dirs.claimed, file + CLAIM_SUFFIX);
}

/** Replaces the claim record atomically: a crash leaves the old record or the new one. */
export function writeClaim(dirs: WorkDirs, file: string, record: ClaimRecord): Promise<void> {
  const { name, attempts, failures, verdict } = record;
  return writeFileDurably(claimPath(dirs, file), JSON.stringify(verdict === undefined ? { name, attempts, failures } : { name, attempts, failures, verdict }));
}

/**
 * Reads the claim record of `claimed/<file>`. A document without a readable one (put there by hand,
 * or by a version without records) counts as submitted under its file name, with no attempts yet.
 */
export async function readClaim(dirs: WorkDirs, file: string): Promise<ClaimRecord> {
  const fallback: ClaimRecord = { name: file, attempts: 0, failures: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(claimPath(dirs, file), "utf8"));
  } catch {
    return fallback;
  }
  const { name, attempts, failures, verdict } = (parsed ?? {}) as Partial<Record<keyof ClaimRecord, unknown>>;
  if (typeof name !== "string" || !isCount(attempts) || !isCount(failures) || failures > attempts) return fallback;
  const { reason, error } = (verdict ?? {}) as Partial<Record<keyof Verdict, unknown>>;
  if (typeof reason !== "string" || typeof error !== "string") return { name, attempts, failures };
  return { name, attempts, failures, verdict: { reason: reason as FailureReason, error } };
}

/**
 * Picks the file name a document submitted as `name` is kept under in `claimed/`, `done/` and
 * `failed/`, and adds it to `reserved` (the caller removes it once the claim record is on disk):
 * `name` itself if no document or sidecar there uses it and no other claim has reserved it,
 * otherwise the first free `stem~2.ext`, `stem~3.ext`, …, so a second submission under the same
 * name never replaces the first one's files. A name that ends like a sidecar is never used as is,
 * so no document can be mistaken for another one's sidecar.
 */
export async function chooseFileName(dirs: WorkDirs, name: string, reserved: Set<string>): Promise<string> {
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let n = 1; ; n++) {
    const file = n === 1 ? name : `${stem}~${n}${ext}`;
    if (isSidecar(file) || isTempFile(file) || reserved.has(file)) continue;
    // Reserved before the check, not after: two claims (say of `a.txt` and `a~2.txt`) looking at
    // the disk at once must not both take the same free name.
    reserved.add(file);
    let taken = true;
    try {
      taken = await inUse(dirs, file);
    } finally {
      if (taken) reserved.delete(file);
    }
    if (!taken) return file;
  }
}

async function inUse(dirs: WorkDirs, file: string): Promise<boolean> {
  const paths = [
    join(dirs.claimed, file),
    claimPath(dirs, file),
    join(dirs.done, file),
    join(dirs.done, file + RESULT_SUFFIX),
    join(dirs.failed, file),
    join(dirs.failed, file + ERROR_SUFFIX),
  ];
  const found = await Promise.all(paths.map((path) => lstat(path).then(() => true, (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? false : Promise.reject(error)))));
  return found.includes(true);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
