// One run of `check` or `fix` over a set of paths, in process: collect, read, analyse, plan,
// optionally verify. Writing is left to the caller (see write.ts), so a dry run and tests share it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ts } from "ts-morph";
import { formatFinding, type AnalysisContext, type Finding, type RuleName } from "eslint-plugin-taskguard/analysis";
import { installCommand, nearestManifest, runtimePackage, runtimeRange } from "./dependency.js";
import { defaultPolicy, type FilePolicy, type Level, type LintPolicy } from "./eslint-config.js";
import { collectFiles, type TargetFiles } from "./files.js";
import { projectStyle } from "./style-config.js";
import { addFiles, analysisContext, findTsconfig, openWorkspace, verificationProgram, type Workspace } from "./project.js";
import { checkFile, fixFile, lineAndColumn, recommendedRules, type Located } from "./transform.js";

export interface RunOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  /** --ignore globs, relative to `cwd`. */
  readonly ignore?: readonly string[];
  /** The files, when the caller collected them already (to ask ESLint about them first). */
  readonly targets?: TargetFiles;
  /** What ESLint's config says per file; the recommended rules with default options otherwise. */
  readonly lint?: LintPolicy;
  /** One tsconfig for every file; otherwise each file's nearest tsconfig.json. */
  readonly project?: string | undefined;
  /** Fix only: compare diagnostics before and after, and fail the files that would gain some. */
  readonly verify?: boolean;
  readonly onProgress?: (done: number, total: number, path: string) => void;
}

export interface FindingReport {
  readonly rule: RuleName;
  readonly kind: Finding["kind"];
  /** The rule's level in the user's ESLint config ("error" unless it is set to "warn"). */
  readonly level: Level;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * `unparsable`: a syntax error, or the file cannot be read: nothing in it was checked (exit 3).
 * `failed`: fix only, a rewrite that --verify rejected or that could not be written.
 */
export type FileStatus = "changed" | "unchanged" | "skipped" | "failed" | "unparsable";

export interface FileOutcome {
  /** Absolute real path. */
  readonly path: string;
  status: FileStatus;
  /** Why a file was skipped, failed or could not be parsed, with `line:column: ` first when there is one, and what to do. */
  reason?: string;
  findings: FindingReport[];
  before?: string;
  after?: string;
  rewritten: number;
  manualSteps: readonly Located[];
}

export interface RunResult {
  readonly typeAware: boolean;
  /** Every tsconfig the files were analysed with. */
  readonly tsconfigs: readonly string[];
  readonly roots: readonly string[];
  readonly files: FileOutcome[];
  readonly lint: LintPolicy;
  /** Files found under the given folders or globs that the ESLint config ignores: left out, as ESLint leaves them. */
  readonly ignored: number;
}

export function run(command: "check" | "fix", options: RunOptions): RunResult {
  const targets: TargetFiles = options.targets ?? collectFiles(options.paths, options.cwd, options.ignore);
  const lint = options.lint ?? defaultPolicy(undefined);
  const explicitProject = options.project ? resolve(options.cwd, options.project) : undefined;
  const outcomes: FileOutcome[] = targets.skipped.map(({ path, reason }) => blank(path, "skipped", reason));

  // Files grouped by the tsconfig they are analysed with: one ts-morph Project per group.
  const groups = new Map<string | undefined, Map<string, string>>();
  const tsconfigOf = new Map<string, string | undefined>();
  let ignored = 0;
  for (const path of targets.files) {
    if (lint.forFile(path) === "ignored") {
      // As ESLint does: a walked file its config ignores is left out; a named one is listed.
      if (targets.explicit.has(path)) outcomes.push(blank(path, "skipped", `ignored by ${lint.configFile ?? "the ESLint config"}; pass --no-config-lookup to ${command} it anyway`));
      else ignored++;
      continue;
    }
    try {
      const text = readFileSync(path, "utf8");
      // A `.ts` file can be an MPEG transport stream; anything with NUL bytes is not source.
      if (text.includes("\0")) {
        outcomes.push(blank(path, "skipped", "binary file, not TypeScript source"));
        continue;
      }
      const folder = resolve(path, "..");
      if (!tsconfigOf.has(folder)) tsconfigOf.set(folder, explicitProject ?? findTsconfig(path));
      const tsconfig = tsconfigOf.get(folder);
      if (!groups.has(tsconfig)) groups.set(tsconfig, new Map());
      groups.get(tsconfig)!.set(path, text);
    } catch (error) {
      outcomes.push(blank(path, "unparsable", `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions and run again`));
    }
  }

  const total = [...groups.values()].reduce((sum, texts) => sum + texts.size, 0);
  let done = 0;
  let typeAware = false;
  for (const [tsconfig, texts] of groups) {
    const workspace = openWorkspace(tsconfig, command === "fix" && options.verify === true);
    typeAware ||= workspace.typeAware;
    addFiles(workspace, texts);
    const program = workspace.project.getProgram().compilerObject;
    const analysed: FileOutcome[] = [];
    for (const [path, text] of texts) {
      options.onProgress?.(done++, total, path);
      const outcome = blank(path, "unchanged");
      outcome.before = text;
      analysed.push(outcome);
      const policy = lint.forFile(path) as FilePolicy;
      const ctx = analysisContext(workspace, program, path, policy.options);
      analyseFile(command, outcome, ctx, policy, program.getSyntacticDiagnostics(ctx.sourceFile)[0], workspace);
    }
    if (command === "fix" && options.verify) verify(workspace, analysed);
    outcomes.push(...analysed);
  }
  outcomes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tsconfigs = [...groups.keys()].filter((tsconfig): tsconfig is string => tsconfig !== undefined).sort();
  return { typeAware, tsconfigs, roots: targets.roots, files: outcomes, lint, ignored };
}

/** The findings ESLint would report in the file (its rules, options and directives), and for fix the new text. */
function analyseFile(
  command: "check" | "fix",
  outcome: FileOutcome,
  ctx: AnalysisContext,
  policy: FilePolicy,
  syntaxError: ts.Diagnostic | undefined,
  workspace: Workspace,
): void {
  if (syntaxError) {
    const at = lineAndColumn(ctx, syntaxError.start ?? 0);
    outcome.status = "unparsable";
    outcome.reason = `${at.line}:${at.column}: syntax error: ${flatten(syntaxError)} Fix it and run again; nothing in this file was ${command === "check" ? "checked" : "changed"}.`;
    return;
  }
  try {
    const found = checkFile(ctx, recommendedRules.filter((rule) => policy.rules.has(rule)));
    const reports = found.map((finding) => report(ctx, finding, policy));
    const kept = policy.keep(outcome.path, ctx.sourceFile.text, reports);
    const findings = found.filter((_, index) => kept[index]);
    outcome.findings = reports.filter((_, index) => kept[index]);
    if (command === "fix") {
      const fixed = fixFile(ctx, findings, { style: projectStyle(outcome.path), ...(workspace.typeAware ? { compilerOptions: workspace.project.getCompilerOptions() } : {}) });
      outcome.rewritten = fixed.rewritten;
      outcome.manualSteps = fixed.manualSteps;
      outcome.after = fixed.text;
      if (fixed.text !== ctx.sourceFile.text) outcome.status = "changed";
    }
  } catch (error) {
    outcome.status = "failed";
    outcome.reason = `taskguard could not ${command} this file: ${error instanceof Error ? error.message : String(error)} Please report it with the file.`;
  }
}

/**
 * Type-checks the new texts as tsc would (see `verificationProgram`: ts-morph's own program has no
 * module formats) and compares each file's syntactic and semantic diagnostics with the original ones. A changed file that would gain a diagnostic is failed and put back; an
 * unchanged file that would gain one fails every change, since the cause cannot be told apart.
 */
function verify(workspace: Workspace, outcomes: FileOutcome[]): void {
  const checked = outcomes.filter((outcome) => outcome.status === "changed" || outcome.status === "unchanged");
  const texts = new Map(checked.map((outcome) => [outcome.path, outcome.before ?? ""]));
  const before = new Map<string, Map<string, number>>();
  let program = verificationProgram(workspace, texts);
  for (const outcome of checked) before.set(outcome.path, countKeys(diagnosticsOf(program, outcome.path)));
  for (const outcome of checked) if (outcome.status === "changed") texts.set(outcome.path, outcome.after ?? "");

  for (;;) {
    program = verificationProgram(workspace, texts, program);
    const failed: FileOutcome[] = [];
    let elsewhere: string | undefined;
    for (const outcome of checked) {
      const gained = gainedDiagnostic(before.get(outcome.path) ?? new Map(), diagnosticsOf(program, outcome.path));
      if (!gained) continue;
      const where = `${gained.file ? gained.file.getLineAndCharacterOfPosition(gained.start ?? 0).line + 1 : 0}`;
      if (outcome.status === "changed") {
        outcome.status = "failed";
        outcome.reason = isRuntimeUnresolved(gained)
          ? `the rewrite imports ${runtimePackage}, which this file cannot resolve (TS${gained.code} at line ${where}). ${installAdvice(outcome.path)} Nothing was written.`
          : `the rewrite would add TS${gained.code} at line ${where} of the rewritten file: ${flatten(gained)} Nothing was written; fix this file by hand.`;
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
    for (const outcome of failed) texts.set(outcome.path, outcome.before ?? "");
  }
}

/** TS2307 / TS2792 "Cannot find module 'taskguard'": the dependency is missing, the rewrite is fine. */
function isRuntimeUnresolved(diagnostic: ts.Diagnostic): boolean {
  return (diagnostic.code === 2307 || diagnostic.code === 2792) && flatten(diagnostic).includes(`'${runtimePackage}'`);
}

/** --verify type-checks against what is installed, so the runtime must be installed, not only listed. */
function installAdvice(path: string): string {
  const manifest = nearestManifest(path);
  if (!manifest) return `Install it first (npm init -y && npm i ${runtimePackage}@${runtimeRange}), then run again.`;
  const { command, where } = installCommand(manifest);
  return `Install it first (\`${command}\` in ${where}; after --add-dependency, the package manager's install), then run again.`;
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

function report(ctx: AnalysisContext, finding: Finding, policy: FilePolicy): FindingReport {
  const start = lineAndColumn(ctx, finding.node.getStart(ctx.sourceFile));
  const end = lineAndColumn(ctx, finding.node.end);
  return {
    rule: finding.rule,
    kind: finding.kind,
    level: policy.rules.get(finding.rule) ?? "error",
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
