import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import taskguard from "../../rules/index.js";
import { indexFile, renderRulesIndex, ruleNames } from "../tools/generate-rules-index.js";

describe("rules/all-rules.ts (generated)", () => {
  it("is in sync with the rule files: run `npm run generate` if this fails", () => {
    expect(readFileSync(indexFile, "utf8")).toBe(renderRulesIndex());
  });

  it("lists every rule file under its own name", () => {
    expect(Object.keys(taskguard.rules).sort()).toEqual(ruleNames());
    for (const [name, rule] of Object.entries(taskguard.rules)) expect(rule.name).toBe(name);
  });
});

describe("eslint-plugin-taskguard", () => {
  const version = (JSON.parse(readFileSync(new URL("../../rules/package.json", import.meta.url), "utf8")) as { version: string }).version;

  it("meta names the plugin and the package version", () => {
    expect(taskguard.meta).toEqual({ name: "eslint-plugin-taskguard", version });
  });

  it("configs.recommended turns every recommended rule on as an error, syntactically, with the plugin and the parser", () => {
    const [config] = taskguard.configs.recommended;
    const recommended = Object.entries(taskguard.rules).filter(([, rule]) => rule.meta.docs?.recommended);
    expect(config?.rules).toEqual(Object.fromEntries(recommended.map(([name]) => [`taskguard/${name}`, "error"])));
    expect(config?.plugins?.taskguard).toBe(taskguard);
    expect(config?.languageOptions?.parser).toBeDefined();
    expect(config?.languageOptions?.parserOptions).toBeUndefined();
  });

  it("configs['recommended-type-checked'] adds the project service", () => {
    const [config] = taskguard.configs["recommended-type-checked"];
    expect(config?.languageOptions?.parserOptions).toEqual({ projectService: true });
    expect(config?.rules).toEqual(taskguard.configs.recommended[0]?.rules);
  });

  it("configs['strict-type-checked'] applies each rule's strictOptions (checkHandled for no-floating-task)", () => {
    const [config] = taskguard.configs["strict-type-checked"];
    expect(config?.rules?.["taskguard/no-floating-task"]).toEqual(["error", { checkHandled: true }]);
    expect(config?.rules?.["taskguard/no-dangling-task"]).toBe("error");
  });
});
