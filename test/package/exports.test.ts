// The package as users install it: every `exports` entry resolves under Node through the package's
// own name (self-reference), loads from dist/, ships its .d.ts, and the bin runs.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

interface Manifest {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;

// What each entry must export at run time (a subset: the names the docs and the fixes rely on).
const expectedNames: Record<string, string[]> = {
  ".": ["TaskSet", "TaskSetClosedError", "TaskTimeoutError"],
  "./guard": ["installTaskGuard", "installShutdownHooks", "findUntrackedPromises"],
  "./eslint": ["default"],
  "./orchestrator": ["MultiAgentOrchestrator"],
  "./lab": ["LabAutomationManager"],
  "./rag": ["SimpleLabRAG"],
};

describe("package exports", () => {
  const entries = Object.entries(manifest.exports).filter(([key]) => key !== "./package.json");

  it("package.json - lists every entry the docs promise", () => {
    expect(entries.map(([key]) => key).sort()).toEqual(Object.keys(expectedNames).sort());
  });

  it.each(entries)("import(%s) - loads under Node from dist/ and has its declarations", async (key, target) => {
    if (typeof target === "string") throw new Error(`${key}: expected { types, default } conditions`);
    expect(existsSync(join(root, target.types)), `${target.types} (run npm run build)`).toBe(true);
    const specifier = key === "." ? "taskguard" : `taskguard/${key.slice(2)}`;
    const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const names = JSON.parse(stdout) as string[];
    for (const name of expectedNames[key] ?? []) expect(names).toContain(name);
  });

  it("taskguard/eslint - the plugin has meta, four rules and three flat configs", async () => {
    const script =
      'const { default: p } = await import("taskguard/eslint");' +
      "console.log(JSON.stringify({ meta: p.meta, rules: Object.keys(p.rules), configs: Object.fromEntries(Object.entries(p.configs).map(([k, v]) => [k, Array.isArray(v)])) }));";
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const plugin = JSON.parse(stdout) as { meta: { name: string }; rules: string[]; configs: Record<string, boolean> };
    expect(plugin.meta.name).toBe("taskguard");
    expect(plugin.rules.sort()).toEqual(["no-dangling-task", "no-floating-callback", "no-floating-task", "require-task-shutdown"]);
    expect(plugin.configs).toEqual({ recommended: true, "recommended-type-checked": true, "strict-type-checked": true });
  });

  it("bin taskguard - runs from dist/ and prints its usage", async () => {
    const bin = manifest.bin["taskguard"];
    if (bin === undefined) throw new Error("package.json has no bin.taskguard");
    const { stdout } = await run(process.execPath, [join(root, bin), "--help"], { cwd: root });
    expect(stdout).toMatch(/taskguard check/);
    expect(stdout).toMatch(/taskguard fix/);
  });
});
