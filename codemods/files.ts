// Which files a run may read and write: TypeScript sources under the given paths or globs, minus
// --ignore globs and what git ignores, never through a symlink that leads outside them, never
// node_modules or declaration files.
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { escapePath, globSync, isDynamicPattern } from "tinyglobby";
import { UsageError } from "./errors.js";

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface TargetFiles {
  /** Real paths, sorted, each once. */
  readonly files: string[];
  /** Files named on the command line: skipped with a reason, not silently, when ESLint ignores them. */
  readonly explicit: ReadonlySet<string>;
  readonly skipped: SkippedFile[];
  /** Real paths of the given files and folders (a glob's fixed folder): nothing outside them is read or written. */
  readonly roots: string[];
}

const sourceFile = /\.(?:[cm]?ts|tsx)$/;
const declarationFile = /\.d\.(?:[cm]?ts|tsx)$/;
const sources = "**/*.{ts,tsx,mts,cts}";
const defaultIgnores = ["**/node_modules/**", "**/dist/**", "**/coverage/**", "**/*.d.{ts,tsx,mts,cts}"];

export function isTypeScriptSource(path: string): boolean {
  return sourceFile.test(path) && !declarationFile.test(path);
}

/**
 * `paths` are files, folders or globs (quoted, so the shell leaves them alone) relative to `cwd`;
 * `ignore` globs are relative to `cwd` too and apply to all of them.
 */
export function collectFiles(paths: readonly string[], cwd: string, ignore: readonly string[] = []): TargetFiles {
  const roots: string[] = [];
  const explicitFiles: string[] = [];
  const walked: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute) && isDynamicPattern(path)) {
      roots.push(realpathOrThrow(staticBase(absolute), path));
      walked.push(relativePattern(cwd, absolute));
      continue;
    }
    const real = realpathOrThrow(absolute, path);
    roots.push(real);
    if (statSync(real).isDirectory()) walked.push(`${escapePath(relativePattern(cwd, real))}/${sources}`);
    else explicitFiles.push(real);
  }
  const inside = (real: string) => roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  const skipped: SkippedFile[] = [];
  const files = new Set<string>();
  const explicit = new Set<string>();

  const userIgnores = ignore.map((glob) => relativePattern(cwd, resolve(cwd, glob)));
  const named = explicitFiles.length ? globSync(explicitFiles.map((file) => escapePath(relativePattern(cwd, file))), { cwd, absolute: true, dot: true, ignore: userIgnores }) : [];
  for (const file of named) {
    if (isTypeScriptSource(file)) {
      files.add(file);
      explicit.add(file);
    } else skipped.push({ path: file, reason: "not a TypeScript source file" });
  }

  const found = walked.length ? globSync(walked, { cwd, absolute: true, ignore: [...defaultIgnores, ...userIgnores] }) : [];
  const notIgnored = gitUnignored(found);
  for (const path of found) {
    if (!notIgnored.has(path) || !isTypeScriptSource(path)) continue;
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      skipped.push({ path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions` });
      continue;
    }
    if (!inside(real)) skipped.push({ path, reason: "symlink leads outside the given paths; not followed" });
    else files.add(real);
  }
  return { files: [...files].sort(), explicit, skipped, roots };
}

function realpathOrThrow(path: string, given: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`${given}: no such file or directory. Pass existing files, folders or globs.`);
  }
}

/** The folder a glob starts from: its path up to the first segment with a wildcard. */
function staticBase(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const fixed = segments.findIndex((segment) => isDynamicPattern(segment));
  return fixed <= 0 ? dirname(pattern) : segments.slice(0, fixed).join("/") || "/";
}

/** A path as a glob relative to `cwd`, in forward slashes, as tinyglobby takes it. */
function relativePattern(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/") || ".";
}

/**
 * The files git does not ignore (every .gitignore, .git/info/exclude and the global excludes, as
 * git itself reads them). Asked once for all files; where that fails (files in several work trees),
 * once per folder. Outside a git work tree there is nothing to ignore.
 */
function gitUnignored(paths: readonly string[]): Set<string> {
  const kept = new Set(paths);
  if (paths.length === 0) return kept;
  const ask = (folder: string, files: readonly string[]): boolean => {
    try {
      const output = execFileSync("git", ["-C", folder, "check-ignore", "--stdin", "-z"], {
        input: files.join("\0"),
        encoding: "utf8",
        stdio: ["pipe", "pipe", "ignore"],
        maxBuffer: 64 * 1024 * 1024,
      });
      for (const ignored of output.split("\0")) if (ignored) kept.delete(resolve(folder, ignored));
      return true;
    } catch (error) {
      // Exit 1: none of them is ignored. 128: not a work tree (or paths outside it).
      const status = (error as { status?: number }).status;
      if (status === 1) return true;
      if (status === 128 || (error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  };
  if (ask(dirname(paths[0]!), paths)) return kept;
  const byFolder = new Map<string, string[]>();
  for (const path of paths) byFolder.set(dirname(path), [...(byFolder.get(dirname(path)) ?? []), path]);
  for (const [folder, files] of byFolder) ask(folder, files);
  return kept;
}
