// Benchmark: `taskguard check` and `fix` (dry run) on a copy of openai's TypeScript sources,
// against a `tsc --noEmit` of the same files in the same process; then `fix --write --verify`
// on the copy with diagnostics counted before and after. Prints figures; asserts nothing.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ts } from "ts-morph";
import { main } from "../../codemods/cli.js";
import { summarize } from "../../codemods/format.js";
import { run } from "../../codemods/runner.js";

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

function timed<T>(action: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = action();
  return { value, ms: performance.now() - start };
}

const tsc = timed(tscDiagnostics);
const check = timed(() => run("check", { paths: [src], cwd: work, project: tsconfig }));
const fix = timed(() => run("fix", { paths: [src], cwd: work, project: tsconfig }));
const files = check.value.files.length;
const sites = check.value.files.reduce((sum, file) => sum + file.findings.length, 0);
const dry = summarize(fix.value.files);

let output = "";
const writeStart = performance.now();
const writeCode = await main(["fix", src, "--project", tsconfig, "--write", "--verify", "--allow-dirty", "--skip-dependency-check", "--format", "json"], {
  cwd: work,
  out: (text) => (output += text),
  err: (text) => process.stderr.write(text),
  progress: false,
});
const write = { value: writeCode, ms: performance.now() - writeStart };
const report = JSON.parse(output) as { summary: ReturnType<typeof summarize>; files: { file: string; status: string; reason?: string }[] };
const written = report.summary;
const failures = report.files.filter((file) => file.status === "failed").map((file) => `  ${file.file}: ${file.reason ?? ""}`);
const after = tscDiagnostics();
const rssMb = process.resourceUsage().maxRSS / 1024;

const lines = [
  `corpus: node_modules/openai/src copied to ${work} (${files} files, ${tsc.value.files} in the tsc program)`,
  `tsc --noEmit (in process):  ${tsc.ms.toFixed(0)} ms, ${tsc.value.count} diagnostics`,
  `taskguard check:            ${check.ms.toFixed(0)} ms, ${(files / (check.ms / 1000)).toFixed(1)} files/s, ${sites} sites found`,
  `taskguard fix (dry run):    ${fix.ms.toFixed(0)} ms, ${(files / (fix.ms / 1000)).toFixed(1)} files/s, ${dry.rewritten} sites rewritable, ${dry.manualSteps} manual steps`,
  `time ratio fix/tsc:         ${(fix.ms / tsc.ms).toFixed(2)} (target <= 1.5)`,
  `fix --write --verify:       ${write.ms.toFixed(0)} ms, exit ${write.value}; files changed ${written.changed}, failed ${written.failed}; sites rewritten ${written.rewritten}; manual steps ${written.manualSteps}`,
  `tsc diagnostics before/after --write: ${tsc.value.count} / ${after.count} (must not grow)`,
  `peak RSS:                   ${rssMb.toFixed(0)} MB (target < 1024 MB)`,
];
console.log([...lines, ...(failures.length ? ["files --verify refused:", ...failures] : [])].join("\n"));
rmSync(work, { recursive: true, force: true });
