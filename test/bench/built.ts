// The benchmarks run what `npx tsc -b` built (rules/dist: the plugin users install and the analysis
// the codemod imports; codemods/dist: the CLI), so a source edited since the last build would be
// measured as its old build: they check that first. Each package's build info is the reference
// (tsc -b writes it on every build that saw a change; an output whose text did not change keeps its old time).
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The sources of the built packages edited after their package's last build, relative to `repoRoot`. */
export function staleSources(repoRoot: string, packages: readonly string[] = ["rules", "codemods"]): string[] {
  return packages.flatMap((name) => {
    const dir = join(repoRoot, name);
    const dist = join(dir, "dist");
    let built = 0;
    try {
      built = statSync(join(dist, "tsconfig.tsbuildinfo")).mtimeMs;
    } catch {
      // Never built: every source is newer.
    }
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !join(entry.parentPath, entry.name).startsWith(dist))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((source) => statSync(source).mtimeMs > built)
      .map((source) => relative(repoRoot, source));
  });
}

/** The message to print when a build is stale, or undefined when every one is current. */
export function staleBuildMessage(repoRoot: string): string | undefined {
  const [first, ...more] = staleSources(repoRoot);
  return first === undefined ? undefined : `${first.split("/")[0] ?? ""}/dist is older than ${first}${more.length > 0 ? ` and ${more.length} more` : ""}: run \`npx tsc -b\` first.`;
}
