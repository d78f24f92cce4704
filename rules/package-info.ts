// Where taskguard is installed, its version, and where each rule's doc ships. No TypeScript import:
// the CLI reads these too.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the nearest folder holding taskguard's package.json, from source or from dist/. */
function findPackageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "eslint-plugin-taskguard") return dir;
    if (dirname(dir) === dir) throw new Error(`eslint-plugin-taskguard: no package.json named "eslint-plugin-taskguard" above ${fileURLToPath(import.meta.url)}; reinstall the package.`);
  }
}

const packageRoot = findPackageRoot();

export const packageVersion = (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;

/** The rule's documentation as this install ships it: `<name>.md` at the package root. */
export function docsPath(name: string): string {
  return join(packageRoot, `${name}.md`);
}

/**
 * The same file on the registry's CDN, pinned to this version: a link that works in an editor, a
 * terminal or a code-scanning report on any machine, and never describes another version's rule.
 */
export function docsUrl(name: string): string {
  return `https://unpkg.com/eslint-plugin-taskguard@${packageVersion}/${name}.md`;
}
