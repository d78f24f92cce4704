import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Flushes a directory's entries to disk. A rename is atomic for other processes at once, but only
 * survives a power loss or kernel crash once the directories on both sides are synced.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames `from` to `to` atomically and durably (both parent directories synced). */
export async function moveDurably(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EXDEV") {
      throw new Error(`Cannot move ${from} to ${to}: they are on different filesystems, so the move cannot be atomic. Put inboxDir and workDir on the same filesystem.`, { cause: error });
    }
    throw error;
  }
  await fsyncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await fsyncDir(dirname(from));
}

/** The prefix and suffix of the temporary files `writeFileDurably()` leaves behind if it is killed. */
export const TEMP_PREFIX = ".";
export const TEMP_SUFFIX = ".tmp";

let writes = 0;

/**
 * `.<name>.<pid>.<n>.<random>.tmp`: unique per write, so two writers of one file (two instances in
 * one process, or two processes) never write into, or rename away, each other's temporary file.
 */
export function tempPath(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${process.pid}.${++writes}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
}

/**
 * Writes `data` to `path` so that readers (and a restart after a crash) see either the old file or
 * the complete new one, never a torn write: a synced temporary file is renamed over the target.
 */
export async function writeFileDurably(path: string, data: string): Promise<void> {
  const temp = tempPath(path);
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
}

export function isTempFile(name: string): boolean {
  return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
}
