// Which files a run may read and write: TypeScript sources under the given paths, never through a
// symlink that leads outside them, never node_modules or declaration files.
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface TargetFiles {
  /** Real paths, sorted, each once. */
  readonly files: string[];
  readonly skipped: SkippedFile[];
  /** Real paths of the given files and folders: nothing outside them is read or written. */
  readonly roots: string[];
}

const sourceFile = /\.(?:[cm]?ts|tsx)$/;
const declarationFile = /\.d\.(?:[cm]?ts|tsx)$/;
const ignoredFolders = new Set(["node_modules", "dist", "coverage"]);

export function isTypeScriptSource(path: string): boolean {
  return sourceFile.test(path) && !declarationFile.test(path);
}

export function collectFiles(paths: readonly string[], cwd: string): TargetFiles {
  const roots: string[] = [];
  for (const path of paths) {
    try {
      roots.push(realpathSync(resolve(cwd, path)));
    } catch {
      throw new UsageError(`${path}: no such file or directory. Pass existing files or folders.`);
    }
  }
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  const visited = new Set<string>();
  const inside = (real: string) => roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));

  const visit = (path: string, explicit: boolean): void => {
    let real = path;
    try {
      if (lstatSync(path).isSymbolicLink()) {
        real = realpathSync(path);
        if (!inside(real)) {
          skipped.push({ path, reason: "symlink leads outside the given paths; not followed" });
          return;
        }
      }
      const stats = statSync(real);
      if (stats.isDirectory()) {
        if (visited.has(real)) return;
        visited.add(real);
        for (const entry of readdirSync(real).sort()) {
          if (entry.startsWith(".") || ignoredFolders.has(entry)) continue;
          visit(join(real, entry), false);
        }
      } else if (isTypeScriptSource(real)) {
        files.add(real);
      } else if (explicit) {
        skipped.push({ path, reason: "not a TypeScript source file" });
      }
    } catch (error) {
      skipped.push({ path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions` });
    }
  };
  for (const root of roots) visit(root, true);
  return { files: [...files].sort(), skipped, roots };
}
