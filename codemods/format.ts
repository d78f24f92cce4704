// What the CLI prints: findings as text with a code frame, JSON or SARIF 2.1.0; fix summaries.
import { relative, sep } from "node:path";
import { docsUrl, packageVersion, ruleDescriptions, type RuleName } from "eslint-plugin-taskguard/analysis";
import type { FileOutcome, FindingReport, RunResult } from "./runner.js";


export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel.startsWith("..") ? path : rel).split(sep).join("/");
}

export function checkText(result: RunResult, cwd: string): string {
  const out: string[] = [];
  let total = 0;
  for (const file of result.files) {
    const shown = displayPath(file.path, cwd);
    if (file.status === "failed" || file.status === "skipped") {
      out.push(`${problem(file, cwd)}`, "");
      continue;
    }
    for (const finding of file.findings) {
      total++;
      out.push(`${shown}:${finding.line}:${finding.column}  ${finding.rule}  ${finding.message}`, codeFrame(file.before ?? "", finding), "");
    }
  }
  const files = result.files.filter((file) => file.findings.length > 0).length;
  const mode = result.typeAware ? `type-aware, ${result.tsconfig ? displayPath(result.tsconfig, cwd) : "default options"}` : "syntactic, no tsconfig found";
  out.push(`${total} finding${total === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} (${result.files.length} checked; ${mode})`);
  return `${out.join("\n")}\n`;
}

export function checkJson(result: RunResult, cwd: string): string {
  const files = result.files.map((file) => ({
    file: displayPath(file.path, cwd),
    status: file.status === "changed" || file.status === "unchanged" ? "checked" : file.status,
    ...(file.reason ? { reason: file.reason } : {}),
    findings: file.findings,
  }));
  return `${JSON.stringify({ typeAware: result.typeAware, tsconfig: result.tsconfig ?? null, files }, null, 2)}\n`;
}

export function checkSarif(result: RunResult, cwd: string): string {
  const ruleIds = Object.keys(ruleDescriptions) as RuleName[];
  const rules = ruleIds.map((id) => ({
    id,
    name: id,
    shortDescription: { text: ruleDescriptions[id] },
    helpUri: docsUrl(id),
  }));
  const results = result.files.flatMap((file) =>
    file.findings.map((finding) => ({
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: finding.rule === "require-task-shutdown" ? "warning" : "error",
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: displayPath(file.path, cwd) },
            region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "taskguard", version: packageVersion, rules } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export interface FixSummary {
  readonly scanned: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly failed: number;
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
    rewritten: files.reduce((sum, file) => sum + (file.status === "changed" ? file.rewritten : 0), 0),
    manualSteps: files.reduce((sum, file) => sum + file.manualSteps.length, 0),
  };
}

/** The jscodeshift-style closing lines: counts, then each manual step and each failure as `file:line: message`. */
export function fixSummaryText(files: readonly FileOutcome[], cwd: string, wrote: boolean): string {
  const s = summarize(files);
  const out = [
    `files scanned ${s.scanned}, changed ${s.changed}, unchanged ${s.unchanged}, skipped ${s.skipped}, failed ${s.failed}; sites rewritten ${s.rewritten}; manual steps ${s.manualSteps}`,
  ];
  if (!wrote && s.changed > 0) out.push("Dry run: nothing was written. Run again with --write to apply.");
  const steps = files.flatMap((file) => file.manualSteps.map((step) => `  ${displayPath(file.path, cwd)}:${step.line}: ${step.message}`));
  if (steps.length) out.push("Manual steps:", ...steps);
  const problems = files
    .filter((file) => file.status === "failed" || file.status === "skipped")
    .map((file) => `  ${problem(file, cwd)}`);
  if (problems.length) out.push("Failed or skipped:", ...problems);
  return `${out.join("\n")}\n`;
}

/** `file:line:col: failed: reason` when the reason has a position, `file: skipped: reason` otherwise. */
export function problem(file: FileOutcome, cwd: string): string {
  const shown = displayPath(file.path, cwd);
  const located = /^(\d+:\d+): ([^]*)$/.exec(file.reason ?? "");
  return located ? `${shown}:${located[1]}: ${file.status}: ${located[2]}` : `${shown}: ${file.status}: ${file.reason ?? ""}`;
}

function codeFrame(text: string, finding: FindingReport): string {
  const lines = text.split("\n");
  const first = Math.max(1, finding.line - 1);
  const last = Math.min(lines.length, finding.line + 1);
  const width = String(last).length;
  const frame: string[] = [];
  for (let n = first; n <= last; n++) {
    const line = (lines[n - 1] ?? "").replace(/\r$/, "");
    frame.push(`${n === finding.line ? ">" : " "} ${String(n).padStart(width)} | ${line}`);
    if (n === finding.line) {
      const span = finding.endLine === finding.line ? Math.max(1, finding.endColumn - finding.column) : Math.max(1, line.length - finding.column + 1);
      frame.push(`  ${" ".repeat(width)} | ${line.slice(0, finding.column - 1).replace(/[^\t]/g, " ")}${"^".repeat(span)}`);
    }
  }
  return frame.join("\n");
}
