// Writing results: only files under the run's roots, only when git has nothing uncommitted in
// them (unless allowed), each through a synced temp file in the same folder and a rename.
import { execFileSync } from "node:child_process";
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, sep } from "node:path";

/** Files among `paths` with uncommitted changes (or untracked), per `git status --porcelain`; none outside a work tree. */
export function dirtyFiles(paths: readonly string[]): string[] {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) byFolder.set(dirname(path), [...(byFolder.get(dirname(path)) ?? []), path]);
  const dirty: string[] = [];
  for (const [folder, files] of byFolder) {
    let output: string;
    try {
      output = execFileSync("git", ["-C", folder, "status", "--porcelain", "-z", "--untracked-files=all", "--", ...files.map((file) => basename(file))], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      continue; // not a git work tree (or no git): nothing to protect
    }
    const changed = new Set(
      output
        .split("\0")
        .filter((entry) => entry.length > 3)
        .map((entry) => basename(entry.slice(3))),
    );
    dirty.push(...files.filter((file) => changed.has(basename(file))));
  }
  return dirty;
}

/** Replaces the file's content atomically, keeping its mode; refuses paths outside the roots. */
export function writeAtomic(path: string, text: string, roots: readonly string[]): void {
  if (!roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep))) {
    throw new Error(`refusing to write ${path}: it is outside the given paths`);
  }
  replaceFile(path, text);
}

/**
 * Readers (and a restart after a crash) see the old file or the complete new one, never a torn
 * write: a temp file in the same folder is synced, renamed over the file, and the folder synced.
 */
export function replaceFile(path: string, text: string): void {
  const mode = statSync(path).mode;
  const temp = join(dirname(path), `.${basename(path)}.taskguard-${process.pid}.tmp`);
  try {
    const fd = openSync(temp, "w", mode);
    try {
      writeFileSync(fd, text);
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** The rename is durable only once the folder's entries are on disk. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    fsyncSync(fd);
  } catch (error) {
    // Some file systems (and Windows) cannot open or sync a folder; the rename itself is still atomic.
    if (!["EINVAL", "EPERM", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
