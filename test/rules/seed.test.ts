import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import taskguard from "../../rules/index.js";

interface Expected {
  findings: { file: string; line: number; rule: string }[];
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const seedDir = fileURLToPath(new URL("../../fixtures/seed/", import.meta.url));
const expected = JSON.parse(readFileSync(`${seedDir}expected.json`, "utf8")) as Expected;
const expectedKeys = expected.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();

async function lintSeed(config: "recommended" | "recommended-type-checked"): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    // typescript-eslint's flat-config types and ESLint's describe the same objects.
    overrideConfig: [
      ...(taskguard.configs[config] as Linter.Config[]),
      ...(config === "recommended-type-checked"
        ? [{ languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } } }]
        : []),
    ],
  });
  const results = await eslint.lintFiles(["fixtures/seed/*.ts"]);
  return results
    .flatMap((result) =>
      result.messages.map((m) => {
        expect(m.fatal, `${result.filePath}:${m.line} ${m.message}`).toBeFalsy();
        return `${result.filePath.slice(seedDir.length)}:${m.line} ${(m.ruleId ?? "").replace("taskguard/", "")}`;
      }),
    )
    .sort();
}

describe("seed modules", () => {
  it("configs.recommended (syntactic) reports exactly the sites in expected.json", async () => {
    expect(await lintSeed("recommended")).toEqual(expectedKeys);
  });

  it("configs['recommended-type-checked'] reports exactly the sites in expected.json", async () => {
    expect(await lintSeed("recommended-type-checked")).toEqual(expectedKeys);
  });
});
