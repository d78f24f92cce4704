// Lint benchmark (npm run bench:lint): taskguard's rules against the pair of typescript-eslint
// rules they aim to cover, on a real third-party corpus (openai 5.23.2's TypeScript sources).
// Prints wall, CPU, parse and per-rule time (medians over alternating runs; `--runs=N`, default 5),
// finding counts, the syntactic overhead over a parse-only and a no-op-rule control, and the
// superset check: every no-floating-promises site and every no-misused-promises void-return site
// must also carry a taskguard finding on the same line. Then each of three variants lints once per
// fresh process (`eslint .` in CI), where program creation and type checking are paid in full.
// A report, not a test: exits 1 only when a rule crashed or a file could not be parsed. First it
// prints what importing the plugin costs beside importing typescript-eslint: paid on every ESLint
// start, cache hits included.
// It runs the built plugin (rules/dist, what users install), so build first (`npx tsc -b`): it
// refuses a dist older than the sources.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter, type Rule } from "eslint";
import tseslint from "typescript-eslint";
import taskguard from "eslint-plugin-taskguard";
import { staleBuildMessage } from "./built.js";

const repoRoot = resolve(fileURLToPath(import.meta.url), "../../..");
const corpusDir = join(repoRoot, "node_modules/openai/src");
const corpusTsconfig = join(repoRoot, "test/bench/openai.tsconfig.json");
const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? "")?.[1] ?? 5);
/** `--once=<variant>`: lint the corpus once in this process and print the measurement (the cold runs). */
const once = /^--once=(.+)$/.exec(process.argv[2] ?? "")?.[1];
/** Fresh-process runs per variant: each pays for the program and the type checking, as a CI run does. */
const coldRuns = 3;

// Collect garbage before each run so one variant does not pay for the previous one's garbage
// (`npm run bench:lint` starts node without --expose-gc, so switch it on from here).
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const voidReturnMessages = new Set([
  "voidReturnArgument",
  "voidReturnVariable",
  "voidReturnProperty",
  "voidReturnReturnValue",
  "voidReturnAttribute",
  "voidReturnInheritedMethod",
]);

interface Variant {
  readonly name: string;
  readonly typed: boolean;
  readonly config: readonly Linter.Config[];
}

interface Finding {
  readonly where: string;
  readonly rule: string;
  readonly messageId: string | undefined;
  readonly message: string;
}

interface Measurement {
  readonly wallMs: number;
  /** This process's CPU time for the run, less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  readonly parseMs: number;
  readonly ruleMs: ReadonlyMap<string, number>;
  readonly findings: readonly Finding[];
}

// typescript-eslint types its flat configs with its own copy of ESLint's config types.
const taskguardConfig = (name: keyof typeof taskguard.configs): Linter.Config[] => [taskguard.configs[name] as Linter.Config | Linter.Config[]].flat();

const parseSyntactic: Variant = { name: "parse only (syntactic)", typed: false, config: [] };
const taskguardSyntactic: Variant = { name: "taskguard recommended (syntactic)", typed: false, config: taskguardConfig("recommended") };
// The control for the syntactic overhead: ESLint's own per-file work once any rule is on
// (traversal, code-path analysis), without any rule doing anything.
const noopRule: Rule.RuleModule = { meta: { type: "problem", schema: [] }, create: () => ({}) };
const noopSyntactic: Variant = {
  name: "one no-op rule (syntactic)",
  typed: false,
  config: [{ plugins: { bench: { rules: { noop: noopRule } } }, rules: { "bench/noop": "error" } }],
};
const parseTyped: Variant = { name: "parse only (type-aware)", typed: true, config: [] };
const taskguardTyped: Variant = { name: "taskguard recommended-type-checked", typed: true, config: taskguardConfig("recommended-type-checked") };
const pair: Variant = {
  name: "tseslint no-floating-promises + no-misused-promises",
  typed: true,
  config: [
    {
      plugins: { "@typescript-eslint": tseslint.plugin },
      rules: { "@typescript-eslint/no-floating-promises": "error", "@typescript-eslint/no-misused-promises": "error" },
    },
  ],
};
const variants = [parseSyntactic, noopSyntactic, taskguardSyntactic, parseTyped, taskguardTyped, pair];
/** How many sites a list prints before it summarises the rest. */
const listLimit = 50;

/** Packages whose import cost is compared: the plugin (its built dist/) and typescript-eslint. */
const importedPackages = ["eslint-plugin-taskguard", "typescript-eslint"];
const importRuns = Math.max(runs, 5);

interface ImportCost {
  /** CPU time of `await import(…)` alone. */
  readonly importMs: number;
  /** CPU time of the whole child process: Node's start-up, the import and its exit. */
  readonly processMs: number;
  /** CPU time of the import once `eslint` is loaded, as in an ESLint run, which shares what both load. */
  readonly afterEslintMs: number;
}

/** Each import in a fresh Node process, as ESLint starts: nothing cached but the OS's file cache. */
function measureImport(specifier: string, afterEslint: boolean): number[] {
  const script =
    `${afterEslint ? 'await import("eslint");' : ""} const before = process.cpuUsage(); await import(process.argv[1]);` +
    "const used = process.cpuUsage(before); const total = process.cpuUsage();" +
    "console.log(JSON.stringify([(used.user + used.system) / 1000, (total.user + total.system) / 1000]));";
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script, specifier], { cwd: repoRoot, encoding: "utf8" })) as number[];
}

function measureImportCost(specifier: string): ImportCost {
  const [importMs = 0, processMs = 0] = measureImport(specifier, false);
  const [afterEslintMs = 0] = measureImport(specifier, true);
  return { importMs, processMs, afterEslintMs };
}

function reportImportCost(): void {
  const samples = new Map<string, ImportCost[]>(importedPackages.map((name) => [name, []]));
  // One warm-up round for the file cache, then alternate so both see the same machine load.
  for (let round = 0; round <= importRuns; round++) {
    for (const name of importedPackages) {
      const cost = measureImportCost(name);
      if (round > 0) samples.get(name)?.push(cost);
    }
  }
  const rows = [["import", "import cpu ms", "process cpu ms", "import cpu ms after eslint"]];
  for (const [name, costs] of samples) {
    rows.push([`import("${name}")`, ...[costs.map((c) => c.importMs), costs.map((c) => c.processMs), costs.map((c) => c.afterEslintMs)].map((values) => ms(median(values)))]);
  }
  const ratioOf = (pick: (cost: ImportCost) => number): string => {
    const [plugin = 0, tse = 1] = importedPackages.map((name) => median((samples.get(name) ?? []).map(pick)));
    return (plugin / tse).toFixed(2);
  };
  console.log(`Import cost, each in a fresh process (medians over ${importRuns} runs):\n${table(rows)}`);
  console.log(`Plugin import / typescript-eslint import: ${ratioOf((c) => c.importMs)} (target <= 1.00); after eslint: ${ratioOf((c) => c.afterEslintMs)}\n`);
}

function listCorpus(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function measure(variant: Variant, files: readonly string[]): Promise<Measurement> {
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    stats: true,
    overrideConfig: [
      // The corpus lives in node_modules, which ESLint ignores by default.
      { ignores: ["!**/node_modules/"] },
      // openai's own eslint-disable comments name rules no variant runs.
      { linterOptions: { reportUnusedDisableDirectives: "off" } },
      ...variant.config,
      {
        files: ["**/*.ts"],
        languageOptions: {
          parser: tsParser,
          parserOptions: variant.typed
            ? { projectService: false, project: [corpusTsconfig], tsconfigRootDir: repoRoot }
            : { projectService: false, project: false },
        },
      },
    ],
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const results = await eslint.lintFiles([...files]);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  const cpuMs = (cpu.user + cpu.system) / 1000;

  let parseMs = 0;
  const ruleMs = new Map<string, number>();
  const findings: Finding[] = [];
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleMs.set(rule, (ruleMs.get(rule) ?? 0) + time.total);
    }
    const file = relative(corpusDir, result.filePath);
    for (const message of result.messages) {
      findings.push({
        where: `${file}:${message.line}`,
        // No rule id: a parse error or ESLint itself declining the file; either way the run is void.
        rule: message.ruleId ?? "fatal",
        messageId: message.messageId,
        message: message.message,
      });
    }
  }
  return { wallMs, cpuMs, parseMs, ruleMs, findings };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => (/^[\d.]+$/.test(cell) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join("  ").trimEnd())
    .join("\n");
}

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
  return counts;
}

function ms(value: number): string {
  return value.toFixed(0);
}

const coldVariants = [taskguardSyntactic, taskguardTyped, pair];

/** One lint of the corpus in a fresh process, as `eslint .` runs in CI: nothing cached, no program yet. */
function measureCold(variant: Variant): { wallMs: number; cpuMs: number } {
  const output = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), `--once=${variant.name}`], { cwd: repoRoot, encoding: "utf8" });
  return JSON.parse(output) as { wallMs: number; cpuMs: number };
}

function reportCold(): void {
  const samples = new Map(coldVariants.map((variant) => [variant, [] as { wallMs: number; cpuMs: number }[]]));
  for (let round = 0; round < coldRuns; round++) {
    for (const variant of coldVariants) samples.get(variant)?.push(measureCold(variant));
  }
  const medianOf = (variant: Variant, pick: (m: { wallMs: number; cpuMs: number }) => number): number => median((samples.get(variant) ?? []).map(pick));
  const rows = [["variant (one lint per fresh process)", "wall ms", "cpu ms"]];
  for (const variant of coldVariants) rows.push([variant.name, ms(medianOf(variant, (m) => m.wallMs)), ms(medianOf(variant, (m) => m.cpuMs))]);
  const ratio = (a: Variant, b: Variant, pick: (m: { wallMs: number; cpuMs: number }) => number): string => (medianOf(a, pick) / medianOf(b, pick)).toFixed(2);
  console.log(`\nCold runs, medians over ${coldRuns} rounds (program creation and type checking included):\n${table(rows)}`);
  console.log(`Cold wall, taskguard recommended-type-checked / tseslint pair: ${ratio(taskguardTyped, pair, (m) => m.wallMs)} (CPU ${ratio(taskguardTyped, pair, (m) => m.cpuMs)})`);
  console.log(`Cold wall, taskguard recommended (syntactic) / recommended-type-checked: ${ratio(taskguardSyntactic, taskguardTyped, (m) => m.wallMs)} (CPU ${ratio(taskguardSyntactic, taskguardTyped, (m) => m.cpuMs)})`);
}

async function main(): Promise<number> {
  const stale = staleBuildMessage(repoRoot);
  if (stale) {
    console.error(stale);
    return 2;
  }
  if (once !== undefined) {
    const variant = coldVariants.find((v) => v.name === once);
    if (!variant) throw new Error(`--once: no variant named "${once}"`);
    const { wallMs, cpuMs } = await measure(variant, listCorpus(corpusDir));
    console.log(JSON.stringify({ wallMs, cpuMs }));
    return 0;
  }
  reportImportCost();
  const files = listCorpus(corpusDir);
  console.log(`Corpus: ${files.length} files under ${relative(repoRoot, corpusDir)} (openai 5.23.2), ${runs} timed runs per variant after a warm-up round.`);

  const samples = new Map<Variant, Measurement[]>(variants.map((variant) => [variant, []]));
  const first = new Map<Variant, Measurement>();
  const crashes = new Map<Variant, string>();
  // Round 0 warms up (and builds the type-aware program typescript-eslint caches for the
  // process), so no variant pays for it alone; the timed rounds then alternate the variants,
  // each round starting one further along so none always follows the same neighbour.
  for (let round = 0; round <= runs; round++) {
    const order = [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)];
    for (const variant of order.filter((v) => !crashes.has(v))) {
      try {
        collectGarbage();
        const measurement = await measure(variant, files);
        if (round === 0) first.set(variant, measurement);
        else samples.get(variant)?.push(measurement);
      } catch (error) {
        crashes.set(variant, error instanceof Error ? error.message : String(error));
      }
    }
  }
  const measured = (variant: Variant): readonly Measurement[] => samples.get(variant) ?? [];
  const rulesOf = (m: Measurement): number => sum(m.ruleMs.values());

  const timing = [["variant", "wall ms", "cpu ms", "parse ms", "rules ms", "findings"]];
  for (const variant of variants.filter((v) => measured(v).length > 0)) {
    const runsOf = measured(variant);
    timing.push([
      variant.name,
      ms(median(runsOf.map((m) => m.wallMs))),
      ms(median(runsOf.map((m) => m.cpuMs))),
      ms(median(runsOf.map((m) => m.parseMs))),
      ms(median(runsOf.map(rulesOf))),
      String(first.get(variant)?.findings.length ?? 0),
    ]);
  }
  console.log(`\nMedians over ${runs} runs:\n${table(timing)}`);

  const perRule = [["rule", "median ms", "findings"]];
  for (const variant of variants.filter((v) => v.config.length > 0)) {
    const counts = countBy(first.get(variant)?.findings ?? []);
    for (const rule of new Set(measured(variant).flatMap((m) => [...m.ruleMs.keys()]))) {
      perRule.push([`${rule}${variant.typed ? "" : " (syntactic)"}`, ms(median(measured(variant).map((m) => m.ruleMs.get(rule) ?? 0))), String(counts.get(rule) ?? 0)]);
    }
  }
  console.log(`\nPer-rule time (summed over files) and findings:\n${table(perRule)}`);

  // Ratios of medians over the same rounds: the variants alternate within each round, so both
  // medians saw the same load from other processes on a shared machine.
  const ratio = (a: Variant, b: Variant, pickA: (m: Measurement) => number, pickB = pickA): number =>
    median(measured(a).map(pickA)) / median(measured(b).map(pickB));
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  if (measured(taskguardTyped).length > 0 && measured(pair).length > 0) {
    console.log(
      `\nRule time, taskguard recommended-type-checked / tseslint pair: ${ratio(taskguardTyped, pair, rulesOf).toFixed(2)} (target <= 0.75);` +
        ` whole-lint CPU ratio ${ratio(taskguardTyped, pair, (m) => m.cpuMs).toFixed(2)}`,
    );
  }
  if (measured(taskguardSyntactic).length > 0 && measured(taskguardTyped).length > 0) {
    console.log(`Rule time, taskguard recommended (syntactic) / recommended-type-checked: ${ratio(taskguardSyntactic, taskguardTyped, rulesOf).toFixed(2)} (target <= 0.30)`);
  }
  if ([parseSyntactic, noopSyntactic, taskguardSyntactic].every((variant) => measured(variant).length > 0)) {
    console.log(
      `Syntactic taskguard over a no-rules parse: rule time = ${percent(ratio(taskguardSyntactic, taskguardSyntactic, rulesOf, (m) => m.parseMs))} of parse time (target < 5%);` +
        ` CPU +${percent(ratio(taskguardSyntactic, parseSyntactic, (m) => m.cpuMs) - 1)} over the parse-only run,` +
        ` +${percent(ratio(taskguardSyntactic, noopSyntactic, (m) => m.cpuMs) - 1)} over one no-op rule`,
    );
  }

  const taskguardFindings = first.get(taskguardTyped)?.findings ?? [];
  const pairFindings = first.get(pair)?.findings ?? [];
  const taskguardLines = new Set(taskguardFindings.map((finding) => finding.where));
  const pairLines = new Set(pairFindings.map((finding) => finding.where));
  const inScope = pairFindings.filter(
    (finding) =>
      finding.rule === "@typescript-eslint/no-floating-promises" ||
      (finding.rule === "@typescript-eslint/no-misused-promises" && voidReturnMessages.has(finding.messageId ?? "")),
  );
  const uncovered = inScope.filter((finding) => !taskguardLines.has(finding.where));
  console.log(`\nSuperset check: ${inScope.length - uncovered.length}/${inScope.length} tseslint sites in scope have a taskguard finding on the same line.`);
  if (uncovered.length > 0) {
    console.log(table([["site", "tseslint rule", "message"], ...uncovered.map((f) => [f.where, `${f.rule} (${f.messageId ?? ""})`, f.message])]));
  }
  const extra = taskguardFindings.filter((finding) => !pairLines.has(finding.where));
  console.log(`taskguard findings on lines the pair does not report: ${extra.length}`);
  for (const finding of extra.slice(0, listLimit)) console.log(`  ${finding.where}  ${finding.rule}: ${finding.message}`);
  if (extra.length > listLimit) console.log(`  … and ${extra.length - listLimit} more`);

  reportCold();

  const failures = [...crashes].map(([variant, message]) => `${variant.name}: ${message}`);
  for (const [variant, measurement] of first) {
    for (const finding of measurement.findings.filter((f) => f.rule === "fatal")) failures.push(`${variant.name}: ${finding.where}: ${finding.message}`);
  }
  console.log(failures.length === 0 ? "\nCrashes and fatal messages: none" : `\nCrashes and fatal messages (${failures.length}):\n${failures.join("\n")}`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
