// Lints real third-party sources with taskguard's type-checked configs and typescript-eslint's
// no-floating-promises + no-misused-promises (void returns only, `ignoreVoid: false`), and prints
// every line one reports and the other does not, for triage:
//   npx tsx test/tools/compare-tse.ts openai|temporal|anthropic|mongodb|<folder>
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import taskguard from "../../rules/index.js";

const repoRoot = resolve(fileURLToPath(import.meta.url), "../../..");
const corpora: Readonly<Record<string, string>> = {
  openai: "node_modules/openai/src",
  temporal: "node_modules/@temporalio/client/src",
  anthropic: "node_modules/@anthropic-ai/sdk/src",
  mongodb: "node_modules/mongodb/src",
};
const name = process.argv[2] ?? "openai";
const dir = resolve(repoRoot, corpora[name] ?? name);

// A throwaway tsconfig beside nothing: absolute paths, @types from the workspace.
const tmp = mkdtempSync(join(tmpdir(), "taskguard-compare-"));
const tsconfig = join(tmp, "tsconfig.json");
writeFileSync(
  tsconfig,
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable", "ESNext.Disposable"],
      module: "ESNext",
      moduleResolution: "Bundler",
      types: ["node"],
      typeRoots: [join(repoRoot, "node_modules/@types")],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: [`${dir}/**/*.ts`],
  }),
);

const files = readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
  .map((entry) => join(entry.parentPath, entry.name));

const languageOptions = { parser: tsParser, parserOptions: { projectService: false, project: [tsconfig], tsconfigRootDir: tmp } };
const variants: Record<string, Linter.Config[]> = {
  typed: [...[taskguard.configs["recommended-type-checked"] as Linter.Config | Linter.Config[]].flat(), { files: ["**/*.ts"], languageOptions }],
  strict: [...[taskguard.configs["strict-type-checked"] as Linter.Config | Linter.Config[]].flat(), { files: ["**/*.ts"], languageOptions }],
  syntactic: [...[taskguard.configs.recommended as Linter.Config | Linter.Config[]].flat(), { files: ["**/*.ts"], languageOptions: { parser: tsParser, parserOptions: { projectService: false, project: false } } }],
  tse: [
    {
      files: ["**/*.ts"],
      languageOptions,
      plugins: { "@typescript-eslint": tseslint.plugin },
      rules: {
        "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: false }],
        "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: true, checksConditionals: false, checksSpreads: false }],
      },
    },
  ],
};

interface Report {
  readonly where: string;
  readonly family: "floating" | "callback" | "dangling" | "other";
  readonly text: string;
}

function family(rule: string): Report["family"] {
  if (rule.endsWith("no-floating-task") || rule.endsWith("no-floating-promises")) return "floating";
  if (rule.endsWith("no-floating-callback") || rule.endsWith("no-misused-promises")) return "callback";
  if (rule.endsWith("no-dangling-task")) return "dangling";
  return "other";
}

async function lint(config: Linter.Config[]): Promise<{ reports: Report[]; fatal: string[] }> {
  // The corpus lives in node_modules, which ESLint ignores by default.
  // A corpus outside the repo is linted from its own folder: ESLint ignores files above its cwd.
  const eslint = new ESLint({ cwd: dir.startsWith(`${repoRoot}/`) ? repoRoot : dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: [{ ignores: ["!**/node_modules/"] }, ...config] });
  const reports: Report[] = [];
  const fatal: string[] = [];
  for (const result of await eslint.lintFiles(files)) {
    for (const message of result.messages) {
      const where = `${relative(dir, result.filePath)}:${message.line}`;
      if (message.ruleId === null) fatal.push(`${where} ${message.message}`);
      else reports.push({ where, family: family(message.ruleId), text: `${message.ruleId.replace(/^.*\//, "")}[${message.messageId ?? ""}] ${message.message}` });
    }
  }
  return { reports, fatal };
}

const results = Object.fromEntries(await Promise.all(Object.entries(variants).map(async ([key, config]) => [key, await lint(config)] as const)));
rmSync(tmp, { recursive: true, force: true });
const keyed = (reports: readonly Report[], families: readonly Report["family"][]) =>
  new Map(reports.filter((r) => families.includes(r.family)).map((r) => [`${r.where} ${r.family === "dangling" ? "floating" : r.family}`, r]));
const tse = keyed(results.tse?.reports ?? [], ["floating", "callback"]);
console.log(`${name}: ${files.length} files`);
for (const report of tse.values()) console.log(`tse ${report.where} ${report.text}`);
for (const variant of ["typed", "strict"]) {
  const ours = keyed(results[variant]?.reports ?? [], ["floating", "callback", "dangling"]);
  console.log(`\n== ${variant}: taskguard ${ours.size}, tse ${tse.size}; fatal: ${(results[variant]?.fatal ?? []).join("; ") || "none"}`);
  for (const [key, report] of ours) if (!tse.has(key)) console.log(`taskguard-only ${report.where} ${report.text}`);
  for (const [key, report] of tse) if (!ours.has(key)) console.log(`tse-only ${report.where} ${report.text}`);
}
// Syntactic mode must stay silent wherever the type-checked run is.
const typed = keyed(results.typed?.reports ?? [], ["floating", "callback", "dangling"]);
const syntactic = keyed(results.syntactic?.reports ?? [], ["floating", "callback", "dangling"]);
console.log(`\n== syntactic: ${syntactic.size} reports, ${[...syntactic.keys()].filter((key) => typed.has(key)).length} of them where typed reports too`);
for (const [key, report] of syntactic) if (!typed.has(key)) console.log(`syntactic-only ${report.where} ${report.text}`);
