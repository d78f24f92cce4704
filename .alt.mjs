import { ESLint } from "eslint";
import tsParser from "@typescript-eslint/parser";
import tseslint from "typescript-eslint";
import taskguard from "eslint-plugin-taskguard";
const repoRoot = "/work/main";
const variants = {
  syn: { typed: false, cfg: [taskguard.configs.recommended].flat() },
  typed: { typed: true, cfg: [taskguard.configs["recommended-type-checked"]].flat() },
  tse: { typed: true, cfg: [{ plugins: { "@typescript-eslint": tseslint.plugin }, rules: { "@typescript-eslint/no-floating-promises": "error", "@typescript-eslint/no-misused-promises": "error" } }] },
};
async function once(v) {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, stats: true, overrideConfig: [
    { ignores: ["!**/node_modules/"] }, { linterOptions: { reportUnusedDisableDirectives: "off" } }, ...v.cfg,
    { files: ["**/*.ts"], languageOptions: { parser: tsParser, parserOptions: v.typed ? { projectService: false, project: ["test/bench/openai.tsconfig.json"], tsconfigRootDir: repoRoot } : { projectService: false, project: false } } } ] });
  const res = await eslint.lintFiles([process.argv[2] || "node_modules/openai/src/**/*.ts"]);
  let t = 0;
  for (const r of res) for (const p of r.stats?.times.passes ?? []) for (const v of Object.values(p.rules ?? {})) t += v.total;
  return t;
}
const times = { syn: [], typed: [], tse: [] };
const rounds = Number(process.argv[3] ?? 8);
for (let i = 0; i <= rounds; i++) for (const k of Object.keys(variants)) { globalThis.gc?.(); const t = await once(variants[k]); if (i > 0) times[k].push(t); }
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
for (const k of Object.keys(times)) console.log(k, med(times[k]).toFixed(0), times[k].map((x) => x.toFixed(0)).join(" "));
console.log("typed/tse", (med(times.typed) / med(times.tse)).toFixed(2), "syn/typed", (med(times.syn) / med(times.typed)).toFixed(2));
