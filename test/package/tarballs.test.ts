// What `npm pack` puts in each tarball (read with --dry-run, without building): only files an
// `exports` entry or the bin reaches, the docs, README and LICENSE; no source maps, no build info.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const folders = { taskguard: "runtime", "eslint-plugin-taskguard": "rules", "taskguard-codemod": "codemods" } as const;

interface Packed {
  name: keyof typeof folders;
  files: { path: string }[];
}
interface Manifest {
  exports: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
}

const packed = async (): Promise<Packed[]> => {
  const workspaces = Object.values(folders).flatMap((folder) => ["-w", folder]);
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", ...workspaces], { cwd: root });
  return JSON.parse(stdout) as Packed[];
};

/** The tarball's files that the entry points reach through relative imports, with their declarations. */
function reachable(folder: string, manifest: Manifest, files: ReadonlySet<string>): Set<string> {
  const entries = [...Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target))), ...Object.values(manifest.bin ?? {})];
  const reached = new Set<string>();
  const visit = (path: string): void => {
    const file = posix.normalize(path);
    if (reached.has(file) || !files.has(file)) return;
    reached.add(file);
    if (!/\.(js|d\.ts)$/.test(file)) return;
    const text = readFileSync(join(root, folder, file), "utf8");
    for (const [, specifier = ""] of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(posix.join(posix.dirname(file), specifier));
    }
    // A module's code and its declarations go together (a type-only module's empty .js included).
    visit(file.endsWith(".d.ts") ? file.replace(/\.d\.ts$/, ".js") : file.replace(/\.js$/, ".d.ts"));
  };
  for (const entry of entries) visit(entry);
  return reached;
}

describe("npm pack", () => {
  it("each tarball holds its README, LICENSE and manifest, and under dist/ only what an export or the bin reaches: no source maps, no build info, no demo", async () => {
    for (const { name, files } of await packed()) {
      const folder = folders[name];
      const paths = new Set(files.map((file) => file.path));
      for (const required of ["README.md", "LICENSE", "package.json"]) expect(paths.has(required), `${name}: ${required}`).toBe(true);
      expect([...paths].filter((path) => /\.map$|\.tsbuildinfo$|^dist\/demo\//.test(path)), name).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")) as Manifest;
      const reached = reachable(folder, manifest, paths);
      expect([...paths].filter((path) => path.startsWith("dist/") && !reached.has(path)), `${name}: files no export reaches`).toEqual([]);
      const maps = [...paths].filter((path) => path.endsWith(".js") && readFileSync(join(root, folder, path), "utf8").includes("//# sourceMappingURL="));
      expect(maps, `${name}: source map comments`).toEqual([]);
    }
  });

  it("eslint-plugin-taskguard ships every rule's doc at the path meta.docs.url names", async () => {
    const plugin = (await packed()).find((pkg) => pkg.name === "eslint-plugin-taskguard");
    const { rules } = await import("../../rules/index.js");
    for (const [name, rule] of Object.entries(rules)) {
      expect(plugin?.files.map((file) => file.path)).toContain(`${name}.md`);
      expect(rule.meta.docs?.url?.endsWith(`/${name}.md`)).toBe(true);
    }
  });
});
