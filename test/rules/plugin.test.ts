import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ESLint, type Linter } from "eslint";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import taskguard, { rules, type ConfigName } from "../../rules/index.js";
import type { TaskguardConfig } from "../../rules/configs.js";
import { indexFile, renderRulesIndex, ruleNames } from "../tools/generate-rules-index.js";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
// The user's project of the README's setup: src/floating.ts marks each floating site.
const consumer = fileURLToPath(new URL("../packages/fixtures/consumer/", import.meta.url));
// What the configs hold at run time; their public type shows only what every ESLint accepts.
const configs = taskguard.configs as Record<ConfigName, TaskguardConfig[]>;

describe("rules/all-rules.ts (generated)", () => {
  it("is in sync with the rule files: run `npm run generate` if this fails", () => {
    expect(readFileSync(indexFile, "utf8")).toBe(renderRulesIndex());
  });

  it("lists every rule file under its own name", () => {
    expect(Object.keys(taskguard.rules).sort()).toEqual(ruleNames());
    for (const [name, rule] of Object.entries(rules)) expect(rule.name).toBe(name);
  });
});

describe("eslint-plugin-taskguard", () => {
  const version = (JSON.parse(readFileSync(new URL("../../rules/package.json", import.meta.url), "utf8")) as { version: string }).version;

  it("meta names the plugin and the package version", () => {
    expect(taskguard.meta).toEqual({ name: "eslint-plugin-taskguard", version });
  });

  it("configs.recommended turns every recommended rule on as an error, syntactically, with the plugin and the parser, for TypeScript and JavaScript files", () => {
    const [config, ...rest] = configs.recommended;
    expect(rest).toEqual([]);
    const recommended = Object.entries(rules).filter(([, rule]) => rule.meta.docs?.recommended);
    expect(config?.rules).toEqual(Object.fromEntries(recommended.map(([name]) => [`taskguard/${name}`, "error"])));
    expect(config?.plugins?.["taskguard"]).toBe(taskguard);
    expect(config?.files).toEqual(expect.arrayContaining(["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"]));
    expect(typeof config?.languageOptions?.parser.parseForESLint).toBe("function");
    expect(config?.languageOptions?.parserOptions).toBeUndefined();
  });

  it("configs['recommended-type-checked'] adds the project service for TypeScript files only", () => {
    const [config, typeInformation] = configs["recommended-type-checked"];
    expect(config?.rules).toEqual(configs.recommended[0]?.rules);
    expect(config?.languageOptions?.parserOptions).toBeUndefined();
    expect(typeInformation?.files).toEqual(["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"]);
    expect(typeInformation?.languageOptions?.parserOptions).toEqual({ projectService: true });
  });

  it("configs['strict-type-checked'] applies each rule's strictOptions (checkHandled for no-floating-task)", () => {
    const [config] = configs["strict-type-checked"];
    expect(config?.rules?.["taskguard/no-floating-task"]).toEqual(["error", { checkHandled: true }]);
    expect(config?.rules?.["taskguard/no-dangling-task"]).toBe("error");
  });

  it("import('eslint-plugin-taskguard') loads neither typescript nor typescript-eslint's parser: both wait for the first file", async () => {
    const script =
      'import { createRequire } from "node:module"; await import("eslint-plugin-taskguard");' +
      "console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));";
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot });
    const loaded = JSON.parse(stdout) as string[];
    const modules = loaded.filter((file) => file.endsWith(".js"));
    expect(modules.filter((file) => /[\\/]node_modules[\\/](typescript|@typescript-eslint[\\/](parser|typescript-estree))[\\/]/.test(file))).toEqual([]);
  });
});

interface Site {
  readonly at: string;
  readonly rule: string;
}

async function lint(config: Linter.Config[], files: string[]): Promise<Site[]> {
  const eslint = new ESLint({ cwd: consumer, overrideConfigFile: true, overrideConfig: config });
  return (await eslint.lintFiles(files)).flatMap((result) =>
    result.messages.map((m) => ({ at: `${result.filePath.slice(consumer.length)}:${m.line}:${m.column}`, rule: m.ruleId ?? `fatal: ${m.message}` })),
  );
}

const sitesAt = (sites: readonly Site[]): Map<string, string[]> => {
  const byPlace = new Map<string, string[]>();
  for (const site of sites) byPlace.set(site.at, [...(byPlace.get(site.at) ?? []), site.rule]);
  return byPlace;
};

describe("configs['disable-typescript-eslint-overlap']", () => {
  const setup = (overlap: boolean): Linter.Config[] => [
    ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]),
    ...taskguard.configs["recommended-type-checked"],
    ...(overlap ? taskguard.configs["disable-typescript-eslint-overlap"] : []),
    { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: consumer } } },
  ];

  it("after typescript-eslint's recommendedTypeChecked, reports each floating site once and keeps no-misused-promises' conditional check", async () => {
    const without = await lint(setup(false), ["src/floating.ts"]);
    const doubled = [...sitesAt(without)].filter(([, ruleIds]) => ruleIds.length > 1);
    // The fixture marks five sites both report; without the overlap config each is reported twice.
    expect(doubled).toHaveLength(5);

    const withOverlap = await lint(setup(true), ["src/floating.ts"]);
    for (const [at, ruleIds] of sitesAt(withOverlap)) expect(ruleIds, at).toHaveLength(1);
    expect(withOverlap.filter((site) => site.rule.startsWith("taskguard/"))).toEqual(without.filter((site) => site.rule.startsWith("taskguard/")));
    expect(withOverlap.filter((site) => site.rule.startsWith("@typescript-eslint/"))).toEqual([
      { at: "src/floating.ts:15:7", rule: "@typescript-eslint/no-misused-promises" },
    ]);
  });
});

describe("JavaScript files", () => {
  const files = ["src/plain.js", "src/plain.mjs", "src/plain.cjs"];

  it("configs.recommended runs the rules on .js, .mjs and .cjs files with typescript-eslint's parser", async () => {
    const sites = await lint([...taskguard.configs.recommended], files);
    expect(sites).toEqual(files.map((file) => ({ at: `${file}:4:3`, rule: "taskguard/no-floating-task" })));
  });

  it("defineConfig({ plugins: { taskguard }, extends: ['taskguard/recommended'] }): the string form names the same config", async () => {
    const sites = await lint(defineConfig({ files: ["**/*.js"], plugins: { taskguard }, extends: ["taskguard/recommended"] }), ["src/plain.js"]);
    expect(sites).toEqual([{ at: "src/plain.js:4:3", rule: "taskguard/no-floating-task" }]);
  });

  it("rules turned on under ESLint's default parser report the same sites instead of failing the run", async () => {
    const allRules = Object.fromEntries(Object.keys(rules).map((name) => [`taskguard/${name}`, "error" as const]));
    const sites = await lint([{ plugins: { taskguard }, rules: allRules }], files);
    expect(sites).toEqual(files.map((file) => ({ at: `${file}:4:3`, rule: "taskguard/no-floating-task" })));
  });
});
