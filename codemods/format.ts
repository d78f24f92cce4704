// What the CLI prints: findings as text with a code frame, or JSON; fix summaries. SARIF is sarif.ts's.
import { relative, sep } from "node:path";
import { styleText } from "node:util";
import type { FileOutcome, FindingReport, RunResult } from "./runner.js";

type Style = Parameters<typeof styleText>[0];
/** Colours text on a terminal; the identity when piped, under NO_COLOR or in JSON. */
export type Paint = (style: Style, text: string) => string;

export const noColor: Paint = (_style, text) => text;
export const colour: Paint = (style, text) => styleText(style, text);

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel.startsWith("..") ? path : rel).split(sep).join("/");
}

export function checkText(result: RunResult, cwd: string, paint: Paint = noColor): string {
  const out: string[] = [];
  if (result.lint.note) out.push(paint("dim", `note: ${result.lint.note}`), "");
  let total = 0;
  for (const file of result.files) {
    if (file.status !== "changed" && file.status !== "unchanged") {
      out.push(problem(file, cwd, paint), "");
      continue;
    }
    for (const finding of file.findings) {
      total++;
      const level = finding.level === "error" ? paint("red", "error") : paint("yellow", "warning");
      out.push(`${paint("bold", `${displayPath(file.path, cwd)}:${finding.line}:${finding.column}`)}  ${level}  ${finding.message}  ${paint("dim", finding.rule)}`, codeFrame(file.before ?? "", finding, paint), "");
    }
  }
  const files = result.files.filter((file) => file.findings.length > 0).length;
  const count = (status: FileOutcome["status"]) => result.files.filter((file) => file.status === status).length;
  const checked = count("changed") + count("unchanged");
  const extra = [
    count("unparsable") ? paint("red", `${count("unparsable")} could not be parsed or read`) : "",
    count("skipped") ? `${count("skipped")} skipped` : "",
    result.ignored ? `${result.ignored} ignored by ${displayPath(result.lint.configFile ?? "the ESLint config", cwd)} (--no-config-lookup checks them)` : "",
  ].filter(Boolean);
  const line = `${plural(total, "finding")} in ${plural(files, "file")} (${plural(checked, "file")} checked${extra.map((part) => `, ${part}`).join("")}; ${mode(result, cwd)})`;
  out.push(total > 0 ? paint("bold", line) : line);
  return `${out.join("\n")}\n`;
}

function mode(result: RunResult, cwd: string): string {
  const config = result.lint.configFile ? `, rules from ${displayPath(result.lint.configFile, cwd)}` : "";
  const [only, ...more] = result.tsconfigs;
  if (!result.typeAware) return `syntactic, no tsconfig found${config}`;
  const types = only === undefined ? "default options" : more.length === 0 ? displayPath(only, cwd) : `${result.tsconfigs.length} tsconfigs`;
  return `type-aware, ${types}${config}`;
}

export function checkJson(result: RunResult, cwd: string): string {
  const files = result.files.map((file) => ({
    file: displayPath(file.path, cwd),
    status: file.status === "changed" || file.status === "unchanged" ? "checked" : file.status,
    ...(file.reason ? { reason: file.reason } : {}),
    findings: file.findings,
  }));
  const tsconfigs = result.tsconfigs.map((tsconfig) => displayPath(tsconfig, cwd));
  const eslintConfig = result.lint.configFile ? displayPath(result.lint.configFile, cwd) : null;
  return `${JSON.stringify({ typeAware: result.typeAware, tsconfigs, eslintConfig, ...(result.lint.note ? { note: result.lint.note } : {}), files }, null, 2)}\n`;
}

export interface FixSummary {
  readonly scanned: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly failed: number;
  readonly unparsable: number;
  readonly rewritten: number;
  readonly manualSteps: number;
}

export function summarize(files: readonly FileOutcome[]): FixSummary {
  const count = (status: FileOutcome["status"]) => files.filter((file) => file.status === status).length;
  return {
    scanned: files.length,
    changed: count("changed"),
    unchanged: count("unchanged"),
    skipped: count("skipped"),
    failed: count("failed"),
    unparsable: count("unparsable"),
    rewritten: files.reduce((sum, file) => sum + (file.status === "changed" ? file.rewritten : 0), 0),
    manualSteps: files.reduce((sum, file) => sum + file.manualSteps.length, 0),
  };
}

/**
 * The jscodeshift-style closing lines: counts, the files written, then each manual step and each
 * problem as `file:line: message`.
 */
export function fixSummaryText(files: readonly FileOutcome[], cwd: string, wrote: boolean, paint: Paint = noColor): string {
  const s = summarize(files);
  const out = [
    `files scanned ${s.scanned}, changed ${s.changed}, unchanged ${s.unchanged}, skipped ${s.skipped}, failed ${s.failed}, unparsable ${s.unparsable}; sites rewritten ${s.rewritten}; manual steps ${s.manualSteps}`,
  ];
  const changed = files.filter((file) => file.status === "changed");
  if (wrote && changed.length) out.push(paint("green", "Written:"), ...changed.map((file) => `  ${displayPath(file.path, cwd)}`));
  if (!wrote && changed.length) out.push("Dry run: nothing was written. Run again with --write to apply.");
  // A reason already given in full is referred to, not repeated: each site keeps its own line.
  const firstWithReason = new Map<string, string>();
  const steps = files.flatMap((file) =>
    file.manualSteps.map((step) => {
      const where = `${displayPath(file.path, cwd)}:${step.line}`;
      const reason = step.site === undefined ? undefined : step.message.slice(step.site.length + 2);
      const first = reason === undefined ? undefined : firstWithReason.get(reason);
      if (reason !== undefined && first === undefined) firstWithReason.set(reason, where);
      return first === undefined ? `  ${where}: ${step.message}` : `  ${where}: ${step.site}: the same as ${first}.`;
    }),
  );
  if (steps.length) out.push(paint("yellow", "Manual steps:"), ...steps);
  const problems = files.filter((file) => file.status === "failed" || file.status === "skipped" || file.status === "unparsable").map((file) => `  ${problem(file, cwd, paint)}`);
  if (problems.length) out.push(paint("red", "Not fixed:"), ...problems);
  return `${out.join("\n")}\n`;
}

const statusWords: Record<FileOutcome["status"], string> = {
  changed: "changed",
  unchanged: "unchanged",
  skipped: "skipped",
  failed: "failed",
  unparsable: "cannot be parsed",
};

/** `file:line:col: <status>: reason` when the reason has a position, `file: <status>: reason` otherwise. */
export function problem(file: FileOutcome, cwd: string, paint: Paint = noColor): string {
  const shown = displayPath(file.path, cwd);
  const located = /^(\d+:\d+): ([^]*)$/.exec(file.reason ?? "");
  const status = file.status === "skipped" ? paint("dim", statusWords[file.status]) : paint("red", statusWords[file.status]);
  return located ? `${shown}:${located[1]}: ${status}: ${located[2]}` : `${shown}: ${status}: ${file.reason ?? ""}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function codeFrame(text: string, finding: FindingReport, paint: Paint): string {
  const lines = text.split("\n");
  const first = Math.max(1, finding.line - 1);
  const last = Math.min(lines.length, finding.line + 1);
  const width = String(last).length;
  const frame: string[] = [];
  for (let n = first; n <= last; n++) {
    const line = (lines[n - 1] ?? "").replace(/\r$/, "");
    frame.push(`${n === finding.line ? ">" : " "} ${paint("dim", `${String(n).padStart(width)} |`)} ${line}`);
    if (n === finding.line) {
      const span = finding.endLine === finding.line ? Math.max(1, finding.endColumn - finding.column) : Math.max(1, line.length - finding.column + 1);
      frame.push(`  ${" ".repeat(width)} ${paint("dim", "|")} ${line.slice(0, finding.column - 1).replace(/[^\t]/g, " ")}${paint(finding.level === "error" ? "red" : "yellow", "^".repeat(span))}`);
    }
  }
  return frame.join("\n");
}
