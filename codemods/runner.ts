// One run of `check` or `fix` over a set of paths, in process: collect, read, analyse, plan,
// optionally verify. Writing is left to the caller (see write.ts), so a dry run and tests share it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ts } from "ts-morph";
import { formatFinding, type Finding, type RuleName } from "eslint-plugin-taskguard/analysis";
import { collectFiles, type TargetFiles } from "./files.js";
import { addFiles, analysisContext, findTsconfig, openWorkspace, type Workspace } from "./project.js";
import { checkFile, fixFile, lineAndColumn, type Located } from "./transform.js";

export interface RunOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  /** An explicit tsconfig; otherwise the nearest one above the first path, if any. */
  readonly project?: string | undefined;
  /** Fix only: compare diagnostics before and after, and fail the files that would gain some. */
  readonly verify?: boolean;
  readonly onProgress?: (done: number, total: number, path: string) => void;
}

export interface FindingReport {
  readonly rule: RuleName;
  readonly kind: Finding["kind"];
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface FileOutcome {
  /** Absolute real path. */
  readonly path: string;
  status: "changed" | "unchanged" | "skipped" | "failed";
  /** Why a file was skipped or failed, with the line when there is one, and what to do. */
  reason?: string;
  findings: FindingReport[];
  before?: string;
  after?: string;
  rewritten: number;
  manualSteps: readonly Located[];
}

export interface RunResult {
  readonly typeAware: boolean;
  readonly tsconfig: string | undefined;
  readonly roots: readonly string[];
  readonly files: FileOutcome[];
}

export function run(command: "check" | "fix", options: RunOptions): RunResult {
  const targets: TargetFiles = collectFiles(options.paths, options.cwd);
  const firstPath = options.paths[0] ? resolve(options.cwd, options.paths[0]) : options.cwd;
  const tsconfig = options.project ? resolve(options.cwd, options.project) : findTsconfig(firstPath);
  const workspace = openWorkspace(tsconfig, command === "fix" && options.verify === true);
  const outcomes: FileOutcome[] = targets.skipped.map(({ path, reason }) => blank(path, "skipped", reason));

  const texts = new Map<string, string>();
  for (const path of targets.files) {
    try {
      const text = readFileSync(path, "utf8");
      // A `.ts` file can be an MPEG transport stream; anything with NUL bytes is not source.
      if (text.includes("\0")) outcomes.push(blank(path, "skipped", "binary file, not TypeScript source"));
      else texts.set(path, text);
    } catch (error) {
      outcomes.push(blank(path, "failed", `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions`));
    }
  }
  addFiles(workspace, texts);
  const program = workspace.project.getProgram().compilerObject;

  let done = 0;
  const analysed: FileOutcome[] = [];
  for (const [path, text] of texts) {
    options.onProgress?.(done++, texts.size, path);
    const outcome = blank(path, "unchanged");
    outcome.before = text;
    analysed.push(outcome);
    const ctx = analysisContext(workspace, program, path);
    const syntaxError = program.getSyntacticDiagnostics(ctx.sourceFile)[0];
    if (syntaxError) {
      const at = lineAndColumn(ctx, syntaxError.start ?? 0);
      outcome.status = "failed";
      outcome.reason = `${at.line}:${at.column}: syntax error: ${flatten(syntaxError)} Fix it and run again; the file was left untouched.`;
      continue;
    }
    try {
      if (command === "check") {
        outcome.findings = checkFile(ctx).map((finding) => report(ctx, finding));
      } else {
        const fixed = fixFile(ctx);
        outcome.findings = fixed.findings.map((finding) => report(ctx, finding));
        outcome.rewritten = fixed.rewritten;
        outcome.manualSteps = fixed.manualSteps;
        outcome.after = fixed.text;
        if (fixed.text !== text) outcome.status = "changed";
      }
    } catch (error) {
      outcome.status = "failed";
      outcome.reason = `taskguard could not ${command} this file: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (command === "fix" && options.verify) verify(workspace, analysed);
  outcomes.push(...analysed);
  outcomes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { typeAware: workspace.typeAware, tsconfig: workspace.tsconfig, roots: targets.roots, files: outcomes };
}

/**
 * Puts the new texts into the project and compares each file's syntactic and semantic diagnostics
 * with the original ones. A changed file that would gain a diagnostic is failed and put back; an
 * unchanged file that would gain one fails every change, since the cause cannot be told apart.
 */
function verify(workspace: Workspace, outcomes: FileOutcome[]): void {
  const checked = outcomes.filter((outcome) => outcome.status === "changed" || outcome.status === "unchanged");
  const before = new Map<string, Map<string, number>>();
  const initial = workspace.project.getProgram().compilerObject;
  for (const outcome of checked) before.set(outcome.path, countKeys(diagnosticsOf(initial, outcome.path)));
  const setText = (outcome: FileOutcome, text: string | undefined) => workspace.project.getSourceFileOrThrow(outcome.path).replaceWithText(text ?? "");
  for (const outcome of checked) if (outcome.status === "changed") setText(outcome, outcome.after);

  for (;;) {
    const program = workspace.project.getProgram().compilerObject;
    const failed: FileOutcome[] = [];
    let elsewhere: string | undefined;
    for (const outcome of checked) {
      const gained = gainedDiagnostic(before.get(outcome.path) ?? new Map(), diagnosticsOf(program, outcome.path));
      if (!gained) continue;
      const where = `${gained.file ? gained.file.getLineAndCharacterOfPosition(gained.start ?? 0).line + 1 : 0}`;
      if (outcome.status === "changed") {
        outcome.status = "failed";
        outcome.reason = `the rewrite would add TS${gained.code} at line ${where} of the rewritten file: ${flatten(gained)} Nothing was written; fix this file by hand.`;
        failed.push(outcome);
      } else {
        elsewhere ??= `${outcome.path}:${where}: TS${gained.code} ${flatten(gained)}`;
      }
    }
    if (failed.length === 0 && elsewhere) {
      for (const outcome of checked) {
        if (outcome.status !== "changed") continue;
        outcome.status = "failed";
        outcome.reason = `the rewrites together would add a diagnostic in ${elsewhere} Nothing was written.`;
        failed.push(outcome);
      }
    }
    if (failed.length === 0) return;
    for (const outcome of failed) setText(outcome, outcome.before);
  }
}

function diagnosticsOf(program: ts.Program, path: string): readonly ts.Diagnostic[] {
  const sourceFile = program.getSourceFile(path);
  return sourceFile ? [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)] : [];
}

/** Diagnostics are compared by code and text: positions move when the text changes. */
function diagnosticKey(diagnostic: ts.Diagnostic): string {
  return `${diagnostic.code}:${flatten(diagnostic)}`;
}

function countKeys(diagnostics: readonly ts.Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const diagnostic of diagnostics) counts.set(diagnosticKey(diagnostic), (counts.get(diagnosticKey(diagnostic)) ?? 0) + 1);
  return counts;
}

function gainedDiagnostic(before: ReadonlyMap<string, number>, after: readonly ts.Diagnostic[]): ts.Diagnostic | undefined {
  const remaining = new Map(before);
  for (const diagnostic of after) {
    const key = diagnosticKey(diagnostic);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return diagnostic;
    remaining.set(key, left - 1);
  }
  return undefined;
}

function flatten(diagnostic: ts.Diagnostic): string {
  const text = typeof diagnostic.messageText === "string" ? diagnostic.messageText : flattenChain(diagnostic.messageText);
  return text.endsWith(".") ? text : `${text}.`;
}

function flattenChain(chain: ts.DiagnosticMessageChain): string {
  return [chain.messageText, ...(chain.next ?? []).map(flattenChain)].join(" ");
}

function report(ctx: Parameters<typeof lineAndColumn>[0], finding: Finding): FindingReport {
  const start = lineAndColumn(ctx, finding.node.getStart(ctx.sourceFile));
  const end = lineAndColumn(ctx, finding.node.end);
  return {
    rule: finding.rule,
    kind: finding.kind,
    message: formatFinding(finding),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

function blank(path: string, status: FileOutcome["status"], reason?: string): FileOutcome {
  return { path, status, ...(reason === undefined ? {} : { reason }), findings: [], rewritten: 0, manualSteps: [] };
}
