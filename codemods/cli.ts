#!/usr/bin/env node
// `taskguard check|fix`: find fire-and-forget async work, and rewrite it to spawn in a TaskSet.
import { realpathSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs as parseNodeArgs } from "node:util";
import { packageVersion } from "eslint-plugin-taskguard/analysis";
import { addDependency, importsRuntime, missingDependencies, runtimePackage, runtimeRange } from "./dependency.js";
import { unifiedDiff } from "./diff.js";
import { UsageError } from "./errors.js";
import { defaultPolicy, loadLintPolicy } from "./eslint-config.js";
import { collectFiles } from "./files.js";
import { checkJson, checkText, colour, displayPath, fixSummaryText, noColor, summarize, type Paint } from "./format.js";
import { run, type FileOutcome, type RunResult } from "./runner.js";
import { checkSarif } from "./sarif.js";
import { dirtyFiles, writeAtomic } from "./write.js";

export const usage = `Usage:
  taskguard check [paths...] [--project tsconfig.json] [--format text|json|sarif] [--exit-zero] [-o FILE]
  taskguard fix   [paths...] [--project tsconfig.json] [--write] [--verify] [--allow-dirty]
                  [--add-dependency | --skip-dependency-check] [--format text|json] [-o FILE]

check   Reports every fire-and-forget site that ESLint reports under your eslint.config.*:
        taskguard's rules as you set them (off, warn, options), your ignores and your
        eslint-disable comments. Without ESLint in the project: the recommended rules.
        Type-aware with each file's nearest tsconfig.json (or --project); syntactic without one.
fix     Rewrites those sites to spawn in a TaskSet (or await them). Prints a unified diff and
        writes nothing unless --write is given; lists the manual steps it could not do safely.

Paths are files, folders or quoted globs ('src/**/*.ts'); they default to the current folder.
node_modules, dist, coverage, dot-folders, .d.ts files and what git ignores are skipped.

Options:
  -p, --project <file>     one tsconfig.json for every file, instead of each file's nearest
      --ignore <glob>      leave out files matching the glob (repeatable; relative to the current folder)
      --no-config-lookup   do not read eslint.config.*: the recommended rules, no ignores or directives
      --format <kind>      text (default), json, or sarif (check only)
  -o, --output <file>      write the report to a file instead of standard output
      --exit-zero          check: exit 0 even when there are findings
      --write              fix: write the changed files (each atomically) and list them
      --verify             fix: type-check before and after; never write a file that would gain diagnostics
      --allow-dirty        fix: write even when git has uncommitted changes in the files
      --add-dependency     fix --write: add ${runtimePackage}@${runtimeRange} to the dependencies of each package
                           whose rewritten files import it and whose package.json lacks it
      --skip-dependency-check
                           fix --write: write even though a package.json lacks ${runtimePackage}
      --no-color           no colours (also off when the output is not a terminal, or under NO_COLOR)
  -v, --version            print the version
  -h, --help               print this help

Exit codes:
  0  check: no finding at error level (or --exit-zero); fix: every file fixed, unchanged or skipped
  1  check: at least one finding at error level; fix: a rewrite was rejected by --verify or could
     not be written (the other files were written)
  2  nothing was done: bad option, missing path, tsconfig or ESLint config that does not load;
     or fix --write refused: uncommitted changes, or a package.json without ${runtimePackage}
  3  a file could not be parsed or read (listed with file:line); the other files were processed.
     Takes precedence over 1.
`;

export interface Io {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress lines on stderr; on only for an interactive terminal outside CI. */
  readonly progress: boolean;
  /** Colours on standard output: a terminal that has them, without NO_COLOR. */
  readonly color?: boolean;
}

interface Args {
  command: "check" | "fix";
  paths: string[];
  project: string | undefined;
  ignore: string[];
  configLookup: boolean;
  format: "text" | "json" | "sarif";
  output: string | undefined;
  exitZero: boolean;
  write: boolean;
  allowDirty: boolean;
  verify: boolean;
  addDependency: boolean;
  skipDependencyCheck: boolean;
  color: boolean;
}

const exit = { ok: 0, findings: 1, refused: 2, unparsable: 3 } as const;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      io.out(usage);
      return argv.length === 0 ? exit.refused : exit.ok;
    }
    if (argv[0] === "--version" || argv[0] === "-v") {
      io.out(`${packageVersion}\n`);
      return exit.ok;
    }
    const args = parseArgs(argv);
    const report = args.output === undefined ? io.out : collect();
    const paint = args.output === undefined && args.color && io.color === true ? colour : noColor;
    const code = args.command === "check" ? await check(args, io, report, paint) : await fix(args, io, report, paint);
    if (args.output !== undefined) writeFileSync(resolve(io.cwd, args.output), (report as Collected).text());
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`taskguard: ${error.message}\n`);
      return exit.refused;
    }
    io.err(`taskguard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command you ran.\n`);
    return exit.refused;
  }
}

type Collected = ((text: string) => void) & { text(): string };

function collect(): Collected {
  let buffer = "";
  return Object.assign((text: string) => void (buffer += text), { text: () => buffer });
}

async function analyse(command: "check" | "fix", args: Args, io: Io): Promise<RunResult> {
  const targets = collectFiles(args.paths, io.cwd, args.ignore);
  const lint = args.configLookup ? await loadLintPolicy(io.cwd, targets.files) : defaultPolicy(undefined);
  const result = run(command, { paths: args.paths, cwd: io.cwd, targets, lint, project: args.project, verify: args.verify, onProgress: progress(io) });
  clearProgress(io);
  return result;
}

async function check(args: Args, io: Io, out: (text: string) => void, paint: Paint): Promise<number> {
  const result = await analyse("check", args, io);
  if (args.format === "sarif") out(checkSarif(result, io.cwd));
  else if (args.format === "json") out(checkJson(result, io.cwd));
  else out(checkText(result, io.cwd, paint));
  if (result.files.some((file) => file.status === "unparsable")) return exit.unparsable;
  const errors = result.files.some((file) => file.findings.some((finding) => finding.level === "error"));
  return errors && !args.exitZero ? exit.findings : exit.ok;
}

async function fix(args: Args, io: Io, out: (text: string) => void, paint: Paint): Promise<number> {
  if (args.format === "sarif") throw new UsageError("--format sarif is for check; fix prints text or json.");
  const result = await analyse("fix", args, io);
  if (result.lint.note && args.format === "text") io.err(`note: ${result.lint.note}\n`);
  if (result.ignored && args.format === "text") io.err(`note: ${result.ignored} file${result.ignored === 1 ? "" : "s"} ignored by ${displayPath(result.lint.configFile ?? "the ESLint config", io.cwd)}; --no-config-lookup fixes them too.\n`);
  const changed = result.files.filter((file) => file.status === "changed");
  if (args.write && changed.length > 0) {
    const dirty = args.allowDirty ? [] : dirtyFiles(changed.map((file) => file.path));
    if (dirty.length > 0) {
      const list = dirty.map((path) => `  ${displayPath(path, io.cwd)}`).join("\n");
      io.err(`taskguard: refusing to write: uncommitted changes in\n${list}\nCommit or stash them first, or pass --allow-dirty.\n`);
      return exit.refused;
    }
  }
  // Rewrites --verify refused only because taskguard does not resolve need it as much as the written ones.
  const rewritten = result.files.filter((file) => file.status === "changed" || (file.status === "failed" && file.after !== undefined));
  if (!checkDependency(args, io, rewritten)) return exit.refused;
  if (args.write) for (const file of changed) writeFile(file, result.roots);
  const written = result.files.filter((file) => file.status === "changed");
  if (args.format === "json") {
    const files = result.files.map((file) => ({
      file: displayPath(file.path, io.cwd),
      status: file.status,
      ...(file.reason ? { reason: file.reason } : {}),
      rewritten: file.rewritten,
      manualSteps: file.manualSteps,
      ...(file.status === "changed" && !args.write ? { diff: unifiedDiff(displayPath(file.path, io.cwd), file.before ?? "", file.after ?? "") } : {}),
    }));
    const writtenFiles = args.write ? written.map((file) => displayPath(file.path, io.cwd)) : [];
    out(`${JSON.stringify({ written: args.write, writtenFiles, files, summary: summarize(result.files) }, null, 2)}\n`);
  } else {
    if (!args.write) for (const file of changed) out(colourDiff(unifiedDiff(displayPath(file.path, io.cwd), file.before ?? "", file.after ?? ""), paint));
    out(fixSummaryText(result.files, io.cwd, args.write, paint));
  }
  if (result.files.some((file) => file.status === "unparsable")) return exit.unparsable;
  return result.files.some((file) => file.status === "failed") ? exit.findings : exit.ok;
}

/**
 * The rewrites import taskguard: say once, before anything is written, which packages lack it and
 * the command that adds it. Writing goes on only with --add-dependency (which adds it) or
 * --skip-dependency-check. Returns false when the write is refused.
 */
function checkDependency(args: Args, io: Io, rewritten: readonly FileOutcome[]): boolean {
  if (args.skipDependencyCheck) return true;
  const importing = rewritten.filter((file) => importsRuntime(file.after ?? "")).map((file) => file.path);
  const missing = missingDependencies(importing, io.cwd);
  if (missing.length === 0) return true;
  const lines = missing.map((entry) => {
    const where = entry.manifest ? displayPath(entry.manifest, io.cwd) : displayPath(entry.where, io.cwd) || ".";
    const files = `${entry.files.length} rewritten file${entry.files.length === 1 ? "" : "s"} import${entry.files.length === 1 ? "s" : ""} ${runtimePackage}`;
    return `  ${where}: ${entry.problem}; ${files}. Add it with: ${entry.command}${entry.where === io.cwd ? "" : ` (in ${displayPath(entry.where, io.cwd) || "."})`}`;
  });
  io.err(`taskguard: the rewrites need the ${runtimePackage} runtime:\n${lines.join("\n")}\n`);
  if (!args.write) {
    io.err(`Run fix --write with --add-dependency to add it to those package.json files, or add it yourself first.\n`);
    return true;
  }
  if (!args.addDependency) {
    io.err(`Nothing was written. Run again with --add-dependency to add it, or with --skip-dependency-check to write anyway.\n`);
    return false;
  }
  const noManifest = missing.filter((entry) => entry.manifest === undefined);
  if (noManifest.length > 0) {
    io.err(`Nothing was written: --add-dependency needs a package.json; create one (npm init -y) and run again.\n`);
    return false;
  }
  for (const entry of missing) {
    addDependency(entry.manifest!);
    io.err(`Added ${runtimePackage}@${runtimeRange} to the dependencies of ${displayPath(entry.manifest!, io.cwd)}; install it (${installOf(entry.command)}) before running the code.\n`);
  }
  return true;
}

/** `npm i taskguard@^x -w pkg` -> `npm install`: the manifest already names the package. */
function installOf(command: string): string {
  const manager = command.split(" ").find((word) => ["npm", "pnpm", "yarn", "bun"].includes(word)) ?? "npm";
  return `${manager} install`;
}

function writeFile(file: FileOutcome, roots: readonly string[]): void {
  try {
    writeAtomic(file.path, file.after ?? "", roots);
  } catch (error) {
    file.status = "failed";
    file.reason = `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions and run again.`;
  }
}

function colourDiff(diff: string, paint: Paint): string {
  if (paint === noColor) return diff;
  return diff.replace(/^.*$/gm, (line) =>
    line.startsWith("+++") || line.startsWith("---") ? paint("bold", line) : line.startsWith("+") ? paint("green", line) : line.startsWith("-") ? paint("red", line) : line.startsWith("@@") ? paint("cyan", line) : line,
  );
}

const checkOnly = new Set(["exit-zero"]);
const fixOnly = new Set(["write", "allow-dirty", "verify", "add-dependency", "skip-dependency-check"]);

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command !== "check" && command !== "fix") throw new UsageError(`unknown command "${command}". Use "check" or "fix"; see --help.`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.?$/, ".");
    throw new UsageError(`${message} See --help.`);
  }
  const { values, positionals } = parsed;
  for (const name of Object.keys(values)) {
    if (checkOnly.has(name) && command !== "check") throw new UsageError(`--${name} is an option of check, not fix.`);
    if (fixOnly.has(name) && command !== "fix") throw new UsageError(`--${name} is an option of fix, not check.`);
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json" && format !== "sarif") throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
  if (values["add-dependency"] && values["skip-dependency-check"]) throw new UsageError("--add-dependency and --skip-dependency-check exclude each other: add taskguard, or write without it.");
  for (const name of ["project", "output"] as const) if (values[name] === "") throw new UsageError(`--${name} needs a value; see --help.`);
  return {
    command,
    paths: positionals.length ? positionals : ["."],
    project: values.project,
    ignore: values.ignore ?? [],
    configLookup: !values["no-config-lookup"],
    format,
    output: values.output,
    exitZero: values["exit-zero"] ?? false,
    write: values.write ?? false,
    allowDirty: values["allow-dirty"] ?? false,
    verify: values.verify ?? false,
    addDependency: values["add-dependency"] ?? false,
    skipDependencyCheck: values["skip-dependency-check"] ?? false,
    color: !values["no-color"],
  };
}

function parse(args: string[]) {
  return parseNodeArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      project: { type: "string", short: "p" },
      ignore: { type: "string", multiple: true },
      "no-config-lookup": { type: "boolean" },
      format: { type: "string" },
      output: { type: "string", short: "o" },
      "exit-zero": { type: "boolean" },
      write: { type: "boolean" },
      "allow-dirty": { type: "boolean" },
      verify: { type: "boolean" },
      "add-dependency": { type: "boolean" },
      "skip-dependency-check": { type: "boolean" },
      "no-color": { type: "boolean" },
    },
  });
}

function progress(io: Io): ((done: number, total: number, path: string) => void) | undefined {
  if (!io.progress) return undefined;
  return (done, total, path) => io.err(`\r\u001b[K[${done + 1}/${total}] ${displayPath(path, io.cwd)}`);
}

function clearProgress(io: Io): void {
  if (io.progress) io.err("\r\u001b[K");
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true && !process.env.CI,
    color: process.stdout.isTTY === true && process.stdout.hasColors(),
  });
}
