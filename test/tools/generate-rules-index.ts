// Writes rules/all-rules.ts from the rule files in rules/: one import and one entry per rule,
// so adding a rule file is all it takes to ship it. `npm run generate`; test/rules/plugin.test.ts
// fails when the file is out of date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const rulesDir = fileURLToPath(new URL("../../rules/", import.meta.url));
export const indexFile = join(rulesDir, "all-rules.ts");

/** Rule files are the ones whose default export is `createRule(…)`. */
export function ruleNames(dir = rulesDir): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && /^export default createRule\b/m.test(readFileSync(join(dir, file), "utf8")))
    .map((file) => file.slice(0, -".ts".length))
    .sort();
}

function identifier(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function renderRulesIndex(names = ruleNames()): string {
  const imports = names.map((name) => `import ${identifier(name)} from "./${name}.js";`);
  const entries = names.map((name) => `  "${name}": ${identifier(name)},`);
  return [
    "// generated — do not edit. `npm run generate` (test/tools/generate-rules-index.ts) writes it from rules/*.ts.",
    ...imports,
    "",
    "export const rules = {",
    ...entries,
    "};",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(indexFile, renderRulesIndex());
  console.log(`wrote ${indexFile}`);
}
