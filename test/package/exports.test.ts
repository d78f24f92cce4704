// The three packages as users install them: every `exports` entry resolves under Node through the
// package's name, loads from its dist/, ships its .d.ts, the bin runs, and the manifests say what
// the packaging promises (one version, no lint or compiler dependency in the runtime).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  engines?: Record<string, string>;
  files?: string[];
  sideEffects?: boolean;
  exports: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const read = (folder: string) => JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")) as Manifest;
const packages = { runtime: read("runtime"), rules: read("rules"), codemods: read("codemods") };

// What each entry must export at run time (a subset: the names the docs and the fixes rely on).
const expectedNames: Record<string, string[]> = {
  taskguard: ["TaskSet", "TaskSetClosedError", "TaskTimeoutError"],
  "taskguard/guard": ["installTaskGuard", "installShutdownHooks", "findUntrackedPromises"],
  "taskguard/orchestrator": ["MultiAgentOrchestrator"],
  "taskguard/lab": ["LabAutomationManager"],
  "taskguard/rag": ["SimpleLabRAG"],
  "eslint-plugin-taskguard": ["default"],
  "eslint-plugin-taskguard/analysis": ["analyzeSourceFile", "planFileEdits", "applyEdits"],
};

const entries = Object.entries(packages).flatMap(([folder, manifest]) =>
  Object.entries(manifest.exports)
    .filter(([key]) => key !== "./package.json")
    .map(([key, target]) => [key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`, folder, target] as const),
);

describe("package manifests", () => {
  it.each(Object.entries(packages))("%s/package.json - describes the package and publishes only what it builds", (_folder, manifest) => {
    expect(manifest.version).toBe(read(".").version);
    for (const field of ["description", "keywords", "license", "engines", "files"] as const) expect(manifest[field], field).toBeDefined();
    expect(manifest.sideEffects).toBe(false);
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (key === "./package.json") continue;
      expect(typeof target === "object" && Object.keys(target)[0], `${manifest.name} ${key}: types first`).toBe("types");
    }
  });

  it("taskguard - depends on no linter, compiler or codemod package", () => {
    const { dependencies = {}, peerDependencies = {} } = packages.runtime;
    for (const name of [...Object.keys(dependencies), ...Object.keys(peerDependencies)]) {
      expect(name).not.toMatch(/^(typescript|eslint|ts-morph|@typescript-eslint\/.*|typescript-eslint)$/);
    }
  });

  it("taskguard-codemod - takes the analysis from the plugin at the same version", () => {
    expect(packages.codemods.dependencies?.["eslint-plugin-taskguard"]).toBe(packages.rules.version);
  });

  it("versions - the three packages, the root, the lock file and the CHANGELOG's latest entry move in step", () => {
    const version = read(".").version;
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    for (const folder of Object.keys(packages)) expect(lock.packages[folder]?.version, `package-lock.json packages["${folder}"]`).toBe(version);
    const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
    expect(/^## (\S+)/m.exec(changelog)?.[1], "CHANGELOG.md's first entry").toBe(version);
  });

  it("lists every entry the docs promise", () => {
    expect(entries.map(([specifier]) => specifier).sort()).toEqual(Object.keys(expectedNames).sort());
  });
});

describe("package exports", () => {
  it.each(entries)("import(%s) - loads under Node from dist/ and has its declarations", async (specifier, folder, target) => {
    if (typeof target === "string") throw new Error(`${specifier}: expected { types, default } conditions`);
    const types = target["types"] ?? "";
    expect(existsSync(join(root, folder, types)), `${folder}/${types} (run npm run build)`).toBe(true);
    const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const names = JSON.parse(stdout) as string[];
    for (const name of expectedNames[specifier] ?? []) expect(names).toContain(name);
  });

  it("eslint-plugin-taskguard - the plugin has meta, four rules and its flat configs", async () => {
    const script =
      'const { default: p } = await import("eslint-plugin-taskguard");' +
      "console.log(JSON.stringify({ meta: p.meta, rules: Object.keys(p.rules), configs: Object.fromEntries(Object.entries(p.configs).map(([k, v]) => [k, Array.isArray(v)])) }));";
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    const plugin = JSON.parse(stdout) as { meta: { name: string }; rules: string[]; configs: Record<string, boolean> };
    expect(plugin.meta.name).toBe("eslint-plugin-taskguard");
    expect(plugin.rules.sort()).toEqual(["no-dangling-task", "no-floating-callback", "no-floating-task", "require-task-shutdown"]);
    for (const name of ["recommended", "recommended-type-checked", "strict-type-checked", "disable-typescript-eslint-overlap"]) expect(plugin.configs[name], name).toBe(true);
  });

  it("bin taskguard - runs from the CLI package's dist/ and prints its usage", async () => {
    const bin = packages.codemods.bin?.["taskguard"];
    if (bin === undefined) throw new Error("codemods/package.json has no bin.taskguard");
    const { stdout } = await run(process.execPath, [join(root, "codemods", bin), "--help"], { cwd: root });
    expect(stdout).toMatch(/taskguard check/);
    expect(stdout).toMatch(/taskguard fix/);
  });
});
