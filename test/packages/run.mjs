// npm run test:packages: the three packages as users get them. Packs each workspace, installs the
// tarballs into fresh projects from the registry and shows
//   (a) the runtime alone (package count, bytes) and beside TypeScript 7.x (latest), 6.0 and 5.4,
//       installed without flags, its .d.ts type-checked by each one's own tsc with skipLibCheck: false;
//   (b) the README's eslint.config.ts (defineConfig, typescript-eslint's recommendedTypeChecked,
//       taskguard's recommended-type-checked and the overlap config) type-checking and reporting each
//       floating site once, under ESLint 10 and ESLint 9.39;
//   (c) `npx taskguard-codemod check src` in a project with nothing but the two tarballs.
// Not part of `npm test`: it needs the registry. Exits 1 when any check fails.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("fixtures/consumer/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "taskguard-packages-"));
const keep = process.argv.includes("--keep");
const failures = [];

function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
  return ok;
}

/** Runs a command, echoing it; returns its exit code and output. */
function sh(cwd, command, args, { quiet = false } = {}) {
  console.log(`$ ${[command, ...args].join(" ")}${cwd === repoRoot ? "" : `   (in ${cwd.slice(work.length + 1)})`}`);
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trimEnd();
  if (!quiet && output) console.log(output.replace(/^/gm, "  "));
  return { code: result.status ?? 1, stdout: result.stdout ?? "", output };
}

function project(name, manifest = {}) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module", ...manifest }, null, 2));
  return dir;
}

const npmInstall = (dir, specs) => sh(dir, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs]);

/** Packages under node_modules (scoped and nested included) and their bytes on disk. */
function installed(dir) {
  let packages = 0;
  let bytes = 0;
  const size = (path) => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((total, entry) => total + size(join(path, entry)), 0);
  };
  const walk = (modules) => {
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const path = join(modules, entry);
      if (entry.startsWith("@")) {
        for (const scoped of readdirSync(path)) countPackage(join(path, scoped));
      } else countPackage(path);
    }
  };
  const countPackage = (path) => {
    packages++;
    bytes += size(path);
    try {
      walk(join(path, "node_modules"));
    } catch {
      // no nested node_modules
    }
  };
  walk(join(dir, "node_modules"));
  return { packages, bytes };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const installedVersion = (dir, name) => JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version;

console.log(`Work folder: ${work}\n`);

// Pack: each workspace's prepack builds it; the tarballs are what `npm publish` would upload.
console.log("== pack");
const packed = sh(repoRoot, "npm", ["pack", "--json", "--pack-destination", work, "-w", "runtime", "-w", "rules", "-w", "codemods"], { quiet: true });
if (!check(packed.code === 0, "npm pack -w runtime -w rules -w codemods")) {
  console.log(packed.output);
  process.exit(1);
}
const tarballs = {};
for (const pkg of JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))) {
  tarballs[pkg.name] = join(work, pkg.filename);
  const maps = pkg.files.filter((file) => file.path.endsWith(".map"));
  console.log(`  ${pkg.filename}: ${pkg.files.length} files, ${pkg.size} bytes packed, ${pkg.unpackedSize} unpacked`);
  check(maps.length === 0, `${pkg.name}: no source maps in the tarball`);
}
const runtime = tarballs["taskguard"];
const plugin = tarballs["eslint-plugin-taskguard"];
const cli = tarballs["taskguard-codemod"];

// (a) The runtime.
console.log("\n== (a) taskguard (runtime)");
{
  const dir = project("runtime-alone");
  check(npmInstall(dir, [runtime]).code === 0, "npm install <taskguard tarball> into an empty project");
  const { packages, bytes } = installed(dir);
  console.log(`  installed: ${packages} packages, ${bytes} bytes (${mib(bytes)}): ${readdirSync(join(dir, "node_modules")).filter((e) => !e.startsWith(".")).join(", ")}`);
  check(packages <= 4 && bytes <= 1.5 * 1024 * 1024, "the runtime alone is at most 4 packages and 1.5 MiB");
  const script =
    'import { TaskSet } from "taskguard"; const tasks = new TaskSet({ name: "smoke" });' +
    "const handle = tasks.spawn(async () => 41 + 1); console.log(await handle.result); await tasks.shutdown();";
  const ran = sh(dir, process.execPath, ["--input-type=module", "-e", script]);
  check(ran.code === 0 && ran.stdout.trim() === "42", "TaskSet spawns and shuts down with nothing else installed");
  const dist = join(dir, "node_modules", "taskguard", "dist");
  const internal = readdirSync(dist, { recursive: true })
    .filter((file) => String(file).endsWith(".d.ts"))
    .flatMap((file) => [...readFileSync(join(dist, String(file)), "utf8").matchAll(/\[(k[A-Z]\w*)\]/g)].map((m) => `${file}: [${m[1]}]`));
  for (const symbol of internal) console.log(`  ${symbol}`);
  check(internal.length === 0, "no internal symbols ([kSettled] and the like) in the public .d.ts");
}

const typesCheck = `// Every entry point, type-checked with the package's own .d.ts (skipLibCheck: false).
import { TaskSet, TaskSetClosedError, TaskTimeoutError } from "taskguard";
import { findUntrackedPromises, installShutdownHooks, installTaskGuard } from "taskguard/guard";
import { LabAutomationManager } from "taskguard/lab";
import { MultiAgentOrchestrator } from "taskguard/orchestrator";
import { SimpleLabRAG } from "taskguard/rag";

const tasks = new TaskSet({ name: "consumer", maxConcurrency: 2 });
const handle = tasks.spawn(async ({ signal }) => (signal.aborted ? 0 : 1), { name: "one" });
export const result: Promise<number> = handle.result;
export const entries = [TaskSetClosedError, TaskTimeoutError, findUntrackedPromises, installShutdownHooks, installTaskGuard, LabAutomationManager, MultiAgentOrchestrator, SimpleLabRAG];
await tasks.shutdown();
`;
const consumerTsconfig = {
  compilerOptions: { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, noEmit: true, skipLibCheck: false },
  include: ["index.ts"],
};
for (const [label, spec] of [
  ["latest", "typescript@latest"],
  ["6.0", "typescript@~6.0.0"],
  ["5.4", "typescript@~5.4.0"],
]) {
  const dir = project(`runtime-ts-${label}`);
  const install = npmInstall(dir, [spec, "@types/node@^20", runtime]);
  const version = install.code === 0 ? installedVersion(dir, "typescript") : "?";
  check(install.code === 0, `npm install ${spec} (${version}) @types/node taskguard: no flags, no peer conflict`);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(consumerTsconfig, null, 2));
  writeFileSync(join(dir, "index.ts"), typesCheck);
  const compilerVersion = sh(dir, "npx", ["--no-install", "tsc", "--version"], { quiet: true }).stdout.trim();
  const tsc = sh(dir, "npx", ["--no-install", "tsc", "-p", ".", "--extendedDiagnostics"], { quiet: true });
  if (tsc.code !== 0) console.log(tsc.output.replace(/^/gm, "  "));
  const files = /^Files:\s+(\d+)/m.exec(tsc.output)?.[1] ?? "?";
  check(tsc.code === 0, `${compilerVersion} (npx tsc): every taskguard entry type-checks with skipLibCheck: false (${files} files)`);
}

// (b) The ESLint plugin beside typescript-eslint.
for (const [label, spec] of [
  ["10", "eslint@^10"],
  ["9.39", "eslint@~9.39.0"],
]) {
  console.log(`\n== (b) eslint-plugin-taskguard under ESLint ${label}`);
  const dir = project(`plugin-eslint-${label}`);
  for (const entry of ["eslint.config.ts", "tsconfig.json", "src"]) cpSync(join(fixture, entry), join(dir, entry), { recursive: true });
  // jiti: how ESLint loads an eslint.config.ts on Node 20.
  const install = npmInstall(dir, [spec, "typescript-eslint@^8", "typescript@~6.0.0", "jiti", "@types/node@^20", plugin]);
  check(install.code === 0, `npm install ${spec} typescript-eslint typescript@6.0 jiti @types/node <plugin tarball>`);
  const versions = ["eslint", "typescript-eslint", "typescript"].map((name) => `${name} ${installedVersion(dir, name)}`).join(", ");
  console.log(`  ${versions}`);
  const tsc = sh(dir, "npx", ["--no-install", "tsc", "-p", "."]);
  check(tsc.code === 0, `eslint.config.ts (defineConfig, extends, Linter.Config[], plugins: { taskguard }, ESLint.Plugin) type-checks, skipLibCheck: false`);
  const eslint = sh(dir, "npx", ["--no-install", "eslint", "src", "--format", "json"], { quiet: true });
  let results = [];
  try {
    results = JSON.parse(eslint.stdout);
  } catch {
    console.log(eslint.output);
  }
  const reports = results.flatMap((result) =>
    result.messages.map((m) => ({ at: `${result.filePath.slice(dir.length + 1)}:${m.line}:${m.column}`, rule: m.ruleId ?? "fatal", message: m.message })),
  );
  for (const report of reports) console.log(`  ${report.at.padEnd(24)} ${report.rule}`);
  const places = new Map();
  for (const report of reports) places.set(report.at, (places.get(report.at) ?? 0) + 1);
  check(reports.length > 0 && !reports.some((r) => r.rule === "fatal"), "eslint src: reports, no fatal error or crash");
  check([...places.values()].every((count) => count === 1), "every site is reported once");
  check(reports.filter((r) => r.at.startsWith("src/floating.ts") && r.rule.startsWith("taskguard/")).length === 6, "taskguard reports the 6 floating sites of src/floating.ts");
  check(reports.filter((r) => r.rule.startsWith("taskguard/") && /^src\/plain\.[cm]?js:/.test(r.at)).length === 3, "and the floating call in plain.js, plain.mjs and plain.cjs");
  check(
    reports.some((r) => r.rule === "@typescript-eslint/no-misused-promises" && /conditional/i.test(r.message)) && !reports.some((r) => r.rule === "@typescript-eslint/no-floating-promises"),
    "no-misused-promises keeps its conditional check; no-floating-promises is off",
  );
}

// (c) The CLI with nothing else installed.
console.log("\n== (c) taskguard-codemod");
{
  const dir = project("cli");
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "src", "worker.ts"),
    "export class Worker {\n  async flush(): Promise<void> {}\n\n  start(): void {\n    this.flush();\n  }\n}\n",
  );
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true }, include: ["src"] }, null, 2));
  // The plugin is not on the registry yet, so it is installed from its tarball beside the CLI's.
  check(npmInstall(dir, [plugin, cli]).code === 0, "npm install <plugin tarball> <CLI tarball> into an empty project");
  const { packages, bytes } = installed(dir);
  console.log(`  installed: ${packages} packages, ${mib(bytes)}`);
  const checked = sh(dir, "npx", ["taskguard-codemod", "check", "src"]);
  check(checked.code === 1 && /no-floating-task/.test(checked.output) && /worker\.ts/.test(checked.output), "npx taskguard-codemod check src: reports src/worker.ts:5 no-floating-task, exit 1");
}

console.log(`\n${failures.length === 0 ? "All package checks passed." : `${failures.length} package check(s) failed:\n${failures.map((f) => `  ${f}`).join("\n")}`}`);
if (!keep) rmSync(work, { recursive: true, force: true });
process.exitCode = failures.length === 0 ? 0 : 1;
