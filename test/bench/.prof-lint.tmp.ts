// temporary profiling harness (not committed): lint corpus N times with one variant
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import taskguard from "../../rules/index.js";
const repoRoot = resolve(import.meta.dirname, "../..");
const corpusDir = join(repoRoot, "node_modules/openai/src");
const files = readdirSync(corpusDir, { withFileTypes: true, recursive: true }).filter(e => e.isFile() && e.name.endsWith(".ts")).map(e => join(e.parentPath, e.name)).sort();
import tseslint from "typescript-eslint";
const typed = process.argv[2] !== "syntactic";
const pairMode = process.argv[2] === "pair";
const runs = Number(process.argv[3] ?? 5);
const cfg = pairMode ? [{ plugins: { "@typescript-eslint": tseslint.plugin }, rules: { "@typescript-eslint/no-floating-promises": "error", "@typescript-eslint/no-misused-promises": "error" } } as Linter.Config] : [taskguard.configs[typed ? "recommended-type-checked" : "recommended"] as Linter.Config | Linter.Config[]].flat();
async function once() {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, stats: true, overrideConfig: [
    { ignores: ["!**/node_modules/"] }, { linterOptions: { reportUnusedDisableDirectives: "off" } }, ...cfg,
    { files: ["**/*.ts"], languageOptions: { parser: tsParser, parserOptions: typed ? { projectService: false, project: [join(repoRoot, "test/bench/openai.tsconfig.json")], tsconfigRootDir: repoRoot } : { projectService: false, project: false } } } ] });
  const results = await eslint.lintFiles(files);
  const rule = new Map<string, number>(); let n = 0;
  for (const r of results) { n += r.messages.length; for (const p of r.stats?.times.passes ?? []) for (const [k, t] of Object.entries(p.rules ?? {})) { rule.set(k, (rule.get(k) ?? 0) + t.total); const key = r.filePath + "|" + k; perFile.set(key, Math.min(perFile.get(key) ?? Infinity, t.total)); } }
  return { n, rule };
}
const perFile = new Map<string, number>();
await once();
perFile.clear();
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
const session = new Session(); session.connect();
if (process.env.PROF) { await session.post("Profiler.enable"); await session.post("Profiler.setSamplingInterval", { interval: 100 }); await session.post("Profiler.start"); }
for (let i = 0; i < runs; i++) { const { n, rule } = await once(); console.log(n, [...rule].map(([k, v]) => `${k.replace("taskguard/", "")}=${v.toFixed(0)}`).join(" "), "sum", [...rule.values()].reduce((a, b) => a + b, 0).toFixed(0)); }
if (process.env.PROF) { const { profile } = await session.post("Profiler.stop"); writeFileSync(process.env.PROF, JSON.stringify(profile)); }
const mins = new Map<string, number>(); for (const [k, v] of perFile) { const r = k.split("|")[1]!; mins.set(r, (mins.get(r) ?? 0) + v); }
console.log("min-sum", [...mins].map(([k, v]) => `${k.replace("taskguard/", "")}=${v.toFixed(1)}`).join(" "), "total", [...mins.values()].reduce((a, b) => a + b, 0).toFixed(1));
