#!/usr/bin/env node
// `taskguard check|fix`: find fire-and-forget async work, and rewrite it to spawn in a TaskSet.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.js";
import { unifiedDiff } from "./diff.js";
import { checkJson, checkSarif, checkText, displayPath, fixSummaryText, summarize } from "./format.js";
import { run, type FileOutcome } from "./runner.js";
import { dirtyFiles, writeAtomic } from "./write.js";

export const usage = `Usage:
  taskguard check [paths...] [--project tsconfig.json] [--format text|json|sarif] [--exit-zero]
  taskguard fix   [paths...] [--project tsconfig.json] [--write] [--allow-dirty] [--verify] [--format text|json]

check   Reports every fire-and-forget site (the recommended rules). Type-aware when a tsconfig is
        given or found above the first path; syntactic otherwise.
fix     Rewrites each site to spawn in a TaskSet. Prints a unified diff and writes nothing unless
        --write is given; lists the manual steps it could not do safely.

Options:
  --project <file>  tsconfig.json to take compiler options and types from
  --format <kind>   text (default), json, or sarif (check only)
  --exit-zero       check: exit 0 even when there are findings
  --write           fix: write the changed files (each atomically)
  --allow-dirty     fix: write even when git has uncommitted changes in the files
  --verify          fix: type-check before and after; never write a file that would gain diagnostics
  -h, --help        print this help

Paths default to the current folder; node_modules, dist, dot-folders and .d.ts files are skipped.

Exit codes:
  0  check: no findings (or --exit-zero); fix: every file fixed, unchanged or skipped
  1  check: findings; fix: at least one file failed (syntax error, unreadable, rejected by --verify)
  2  usage or configuration error (bad option, missing path, tsconfig that does not parse), or
     fix --write refused because of uncommitted changes
`;

export interface Io {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress lines on stderr; on only for an interactive terminal outside CI. */
  readonly progress: boolean;
}

interface Args {
  command: "check" | "fix";
  paths: string[];
  project: string | undefined;
  format: "text" | "json" | "sarif";
  exitZero: boolean;
  write: boolean;
  allowDirty: boolean;
  verify: boolean;
}

export function main(argv: readonly string[], io: Io): number {
  try {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      io.out(usage);
      return argv.length === 0 ? 2 : 0;
    }
    const args = parseArgs(argv);
    return args.command === "check" ? check(args, io) : fix(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`taskguard: ${error.message}\n`);
      return 2;
    }
    io.err(`taskguard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command you ran.\n`);
    return 2;
  }
}

function check(args: Args, io: Io): number {
  const result = run("check", { paths: args.paths, cwd: io.cwd, project: args.project, onProgress: progress(io) });
  clearProgress(io);
  if (args.format === "sarif") io.out(checkSarif(result, io.cwd));
  else if (args.format === "json") io.out(checkJson(result, io.cwd));
  else io.out(checkText(result, io.cwd));
  const findings = result.files.some((file) => file.findings.length > 0);
  const failed = result.files.some((file) => file.status === "failed");
  return (findings && !args.exitZero) || failed ? 1 : 0;
}

function fix(args: Args, io: Io): number {
  if (args.format === "sarif") throw new UsageError("--format sarif is for check; fix prints text or json.");
  const result = run("fix", { paths: args.paths, cwd: io.cwd, project: args.project, verify: args.verify, onProgress: progress(io) });
  clearProgress(io);
  const changed = result.files.filter((file) => file.status === "changed");
  if (args.write && changed.length > 0) {
    const dirty = args.allowDirty ? [] : dirtyFiles(changed.map((file) => file.path));
    if (dirty.length > 0) {
      const list = dirty.map((path) => `  ${displayPath(path, io.cwd)}`).join("\n");
      io.err(`taskguard: refusing to write: uncommitted changes in\n${list}\nCommit or stash them first, or pass --allow-dirty.\n`);
      return 2;
    }
    for (const file of changed) writeFile(file, result.roots);
  }
  if (args.format === "json") {
    const files = result.files.map((file) => ({
      file: displayPath(file.path, io.cwd),
      status: file.status,
      ...(file.reason ? { reason: file.reason } : {}),
      rewritten: file.rewritten,
      manualSteps: file.manualSteps,
      ...(file.status === "changed" && !args.write ? { diff: unifiedDiff(displayPath(file.path, io.cwd), file.before ?? "", file.after ?? "") } : {}),
    }));
    io.out(`${JSON.stringify({ written: args.write, files, summary: summarize(result.files) }, null, 2)}\n`);
  } else {
    if (!args.write) {
      for (const file of changed) io.out(unifiedDiff(displayPath(file.path, io.cwd), file.before ?? "", file.after ?? ""));
    }
    io.out(fixSummaryText(result.files, io.cwd, args.write));
  }
  return result.files.some((file) => file.status === "failed") ? 1 : 0;
}

function writeFile(file: FileOutcome, roots: readonly string[]): void {
  try {
    writeAtomic(file.path, file.after ?? "", roots);
  } catch (error) {
    file.status = "failed";
    file.reason = `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions and run again.`;
  }
}

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command !== "check" && command !== "fix") throw new UsageError(`unknown command "${command}". Use "check" or "fix"; see --help.`);
  const args: Args = { command, paths: [], project: undefined, format: "text", exitZero: false, write: false, allowDirty: false, verify: false };
  const flags: Record<string, () => void> = {
    "--exit-zero": () => (args.exitZero = true),
    "--write": () => (args.write = true),
    "--allow-dirty": () => (args.allowDirty = true),
    "--verify": () => (args.verify = true),
  };
  const fixOnly = new Set(["--write", "--allow-dirty", "--verify"]);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? rest[++i];
      if (next === undefined || next === "") throw new UsageError(`${name} needs a value; see --help.`);
      return next;
    };
    if (name === "--project" || name === "-p") args.project = value();
    else if (name === "--format") {
      const format = value();
      if (format !== "text" && format !== "json" && format !== "sarif") throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
      args.format = format;
    } else if (flags[name]) {
      if (fixOnly.has(name) && command !== "fix") throw new UsageError(`${name} is an option of fix, not check.`);
      if (name === "--exit-zero" && command !== "check") throw new UsageError("--exit-zero is an option of check, not fix.");
      flags[name]();
    } else if (name.startsWith("-")) throw new UsageError(`unknown option ${name}; see --help.`);
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) args.paths.push(".");
  return args;
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
  process.exitCode = main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true && !process.env.CI,
  });
}
