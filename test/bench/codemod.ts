// Benchmark: `taskguard check` and `fix` (dry run) on a copy of openai's TypeScript sources,
// against a `tsc --noEmit` of the same files in the same process (the project's own `typescript`,
// as its tsc runs: ts-morph's bundled copy finds no lib files on disk, and without them the check
// is cheaper and wrong); then `fix --write --verify` on the copy with diagnostics counted before
// and after. Prints figures; asserts nothing.
// After a warm-up round (the JIT, the file cache), each round runs the three side by side in a
// rotated order, so none always pays for what the one before left behind; it prints the medians
// (`--runs=N` rounds, default 5) and the ratio of the medians. It uses the built analysis
// (`eslint-plugin-taskguard/analysis`, rules/dist) and CLI (codemods/dist): build first (`npx tsc -b`).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as ts from "typescript";
import { summarize } from "../../codemods/format.js";
import { run, type RunResult } from "../../codemods/runner.js";
import { staleBuildMessage } from "./built.js";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "taskguard-bench-"));
const src = join(work, "src");
cpSync(join(root, "node_modules/openai/src"), src, { recursive: true });
rmSync(join(src, "tsconfig.json"), { force: true });
// The package's own settings (bundler resolution, DOM for fetch), with node types from this repo.
const compilerOptions = {
  target: "ES2022",
  module: "ESNext",
  moduleResolution: "Bundler",
  lib: ["ES2023", "ESNext.Disposable", "DOM", "DOM.Iterable"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
  typeRoots: [join(root, "node_modules/@types")],
  // Where the rewritten files import TaskSet from, as if taskguard were installed.
  paths: { taskguard: [join(root, "runtime/index.ts")] },
};
const tsconfig = join(work, "tsconfig.json");
writeFileSync(tsconfig, JSON.stringify({ compilerOptions, include: ["src"] }, null, 2));

function tscDiagnostics(): { count: number; files: number } {
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, work);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  // Only the corpus's own diagnostics: the runtime the rewrites import is checked by its own tsconfig.
  const own = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || d.file.fileName.startsWith(src));
  return { count: own.length, files: parsed.fileNames.length };
}

const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? "")?.[1] ?? 5);
// Collect garbage before each timed step, so one does not pay for the previous one's garbage.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function timed<T>(action: () => T): { value: T; ms: number } {
  collectGarbage();
  const start = performance.now();
  const value = action();
  return { value, ms: performance.now() - start };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const stale = staleBuildMessage(root);
if (stale) {
  console.error(stale);
  rmSync(work, { recursive: true, force: true });
  process.exit(2);
}

let tsc: ReturnType<typeof tscDiagnostics> | undefined;
let check: RunResult | undefined;
let fix: RunResult | undefined;
const steps = {
  tsc: (): void => {
    tsc = tscDiagnostics();
  },
  check: (): void => {
    check = run("check", { paths: [src], cwd: work, project: tsconfig });
  },
  fix: (): void => {
    fix = run("fix", { paths: [src], cwd: work, project: tsconfig });
  },
};
type Step = keyof typeof steps;
const names = Object.keys(steps) as Step[];
const times: Record<Step, number[]> = { tsc: [], check: [], fix: [] };
for (let round = 0; round <= runs; round++) {
  const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
  for (const name of order) {
    const { ms } = timed(steps[name]);
    if (round > 0) times[name].push(ms);
  }
}
const before = tsc;
const medians = { tsc: median(times.tsc), check: median(times.check), fix: median(times.fix) };
const files = check?.files.length ?? 0;
const sites = check?.files.reduce((sum, file) => sum + file.findings.length, 0) ?? 0;
const dry = summarize(fix?.files ?? []);
const spread = (name: Step): string => `(runs ${times[name].map((ms) => ms.toFixed(0)).join(", ")})`;

// `fix --write --verify` once, as users run it: the built CLI in a fresh process, whose peak RSS is its own.
const reportRss = "data:text/javascript,process.on('exit',()=>process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`))";
const writeStart = performance.now();
const child = spawnSync(
  process.execPath,
  ["--import", reportRss, join(root, "codemods/dist/cli.js"), "fix", src, "--project", tsconfig, "--write", "--verify", "--allow-dirty", "--skip-dependency-check", "--format", "json"],
  { cwd: work, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
);
const write = { value: child.status, ms: performance.now() - writeStart };
const report = JSON.parse(child.stdout) as { summary: ReturnType<typeof summarize>; files: { file: string; status: string; reason?: string }[] };
const written = report.summary;
const failures = report.files.filter((file) => file.status === "failed").map((file) => `  ${file.file}: ${file.reason ?? ""}`);
const after = tscDiagnostics();
const rssMb = Number(/maxRSS (\d+)/.exec(child.stderr)?.[1] ?? 0) / 1024;

const lines = [
  `corpus: node_modules/openai/src copied to ${work} (${files} files, ${tsc?.files ?? 0} in the tsc program); medians over ${runs} rounds after a warm-up round`,
  `tsc --noEmit (in process):  ${medians.tsc.toFixed(0)} ms ${spread("tsc")}, ${tsc?.count ?? 0} diagnostics`,
  `taskguard check:            ${medians.check.toFixed(0)} ms ${spread("check")}, ${(files / (medians.check / 1000)).toFixed(1)} files/s, ${sites} sites found`,
  `taskguard fix (dry run):    ${medians.fix.toFixed(0)} ms ${spread("fix")}, ${(files / (medians.fix / 1000)).toFixed(1)} files/s, ${dry.rewritten} sites rewritable, ${dry.manualSteps} manual steps`,
  `time ratio check/tsc:       ${(medians.check / medians.tsc).toFixed(2)}`,
  `time ratio fix/tsc:         ${(medians.fix / medians.tsc).toFixed(2)} (target <= 1.00)`,
  `fix --write --verify:       ${write.ms.toFixed(0)} ms (the CLI in a fresh process), exit ${write.value ?? "none"}; files changed ${written.changed}, failed ${written.failed}; sites rewritten ${written.rewritten}; manual steps ${written.manualSteps}`,
  `tsc diagnostics before/after --write: ${before?.count ?? 0} / ${after.count} (must not grow)`,
  `peak RSS of fix --write --verify: ${rssMb.toFixed(0)} MB (target < 1024 MB)`,
];
console.log([...lines, ...(failures.length ? ["files --verify refused:", ...failures] : [])].join("\n"));
rmSync(work, { recursive: true, force: true });
