// The rewrites import `taskguard`: before writing, each changed file's nearest package.json must
// depend on it, or the fixed code fails with TS2307 / ERR_MODULE_NOT_FOUND. Finds the packages
// that do not, the command that adds it (for the package manager the lock file names), and adds it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { packageVersion } from "eslint-plugin-taskguard/analysis";
import { globSync } from "tinyglobby";
import { replaceFile } from "./write.js";

export const runtimePackage = "taskguard";
/** The runtime is released in step with the CLI, so the range is the CLI's own version. */
export const runtimeRange = `^${packageVersion}`;

export interface MissingDependency {
  /** The package.json that should list taskguard; `undefined` when no package.json is above the files. */
  readonly manifest: string | undefined;
  /** Why it does not count: absent, or only in devDependencies. */
  readonly problem: string;
  /** The command that adds it, run from `where`. */
  readonly command: string;
  readonly where: string;
  readonly files: readonly string[];
}

interface Manifest {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const importsRuntimePattern = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*|\\brequire\\(\\s*)["']${runtimePackage}(?:/[^"']*)?["']`);

/** Whether the text imports the runtime (its rewrites add `import { TaskSet } from "taskguard"`). */
export function importsRuntime(text: string): boolean {
  return importsRuntimePattern.test(text);
}

/** The nearest package.json at or above the file's folder. */
export function nearestManifest(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "package.json");
    if (dirname(dir) === dir) return undefined;
  }
}

/** The packages among the files' nearest package.json files that do not depend on taskguard, each once. */
export function missingDependencies(files: readonly string[], cwd: string): MissingDependency[] {
  const byManifest = new Map<string | undefined, string[]>();
  for (const file of files) {
    const manifest = nearestManifest(file);
    byManifest.set(manifest, [...(byManifest.get(manifest) ?? []), file]);
  }
  const missing: MissingDependency[] = [];
  for (const [manifest, owned] of byManifest) {
    if (!manifest) {
      missing.push({ manifest, problem: "no package.json above these files", command: `npm init -y && npm i ${runtimePackage}@${runtimeRange}`, where: cwd, files: owned });
      continue;
    }
    const json = readManifest(manifest);
    if (json.name === runtimePackage || hasRuntimeWorkspace(manifest, json)) continue;
    if ([json.dependencies, json.peerDependencies, json.optionalDependencies].some((deps) => deps?.[runtimePackage] !== undefined)) continue;
    const problem = json.devDependencies?.[runtimePackage] ? `lists ${runtimePackage} only in devDependencies, which production installs leave out` : `does not depend on ${runtimePackage}`;
    missing.push({ manifest, problem, ...installCommand(manifest), files: owned });
  }
  return missing;
}

/** `npm i taskguard@^x`, or the pnpm/yarn/bun form, for the package whose manifest is given. */
export function installCommand(manifest: string): { command: string; where: string } {
  const packageDir = dirname(manifest);
  const spec = `${runtimePackage}@${runtimeRange}`;
  const locks: [string, string][] = [
    ["pnpm-lock.yaml", "pnpm"],
    ["yarn.lock", "yarn"],
    ["bun.lock", "bun"],
    ["bun.lockb", "bun"],
    ["package-lock.json", "npm"],
    ["npm-shrinkwrap.json", "npm"],
  ];
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const manager = locks.find(([lock]) => existsSync(join(dir, lock)))?.[1];
    if (manager) {
      // A lock above the package: a workspace of a monorepo, added to from the root.
      const rel = relative(dir, packageDir).split(sep).join("/");
      const name = readManifest(manifest).name ?? rel;
      if (!rel) return { command: `${manager === "npm" ? "npm i" : `${manager} add`} ${spec}`, where: dir };
      const command =
        manager === "npm" ? `npm i ${spec} -w ${rel}` : manager === "pnpm" ? `pnpm add ${spec} --filter ${name}` : manager === "yarn" ? `yarn workspace ${name} add ${spec}` : `cd ${rel} && bun add ${spec}`;
      return { command, where: dir };
    }
    if (dirname(dir) === dir) return { command: `npm i ${spec}`, where: packageDir };
  }
}

/** Adds taskguard to the manifest's `dependencies` (sorted, as npm keeps them), keeping its indentation. */
export function addDependency(manifest: string): void {
  const text = readFileSync(manifest, "utf8");
  const json = JSON.parse(text) as Manifest;
  const dependencies = { ...json.dependencies, [runtimePackage]: runtimeRange };
  json.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  replaceFile(manifest, `${JSON.stringify(json, null, indent).replace(/\n/g, newline)}${text.endsWith("\n") ? newline : ""}`);
}

/** A workspace root whose workspaces include the runtime itself (as taskguard's own repo does) resolves it. */
function hasRuntimeWorkspace(manifest: string, json: Manifest): boolean {
  const patterns = Array.isArray(json.workspaces) ? json.workspaces : (json.workspaces?.packages ?? []);
  if (patterns.length === 0) return false;
  const manifests = globSync(patterns.map((pattern) => `${pattern.replace(/\/$/, "")}/package.json`), { cwd: dirname(manifest), absolute: true, ignore: ["**/node_modules/**"] });
  return manifests.some((path) => readManifest(path).name === runtimePackage);
}

function readManifest(manifest: string): Manifest {
  try {
    return JSON.parse(readFileSync(manifest, "utf8")) as Manifest;
  } catch {
    return {};
  }
}
