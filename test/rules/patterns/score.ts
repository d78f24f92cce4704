// Compares a lint run with the corpus labels and renders the tables the test prints.
import { ruleNames, type LabelledLine, type Requirement } from "./labels.js";
import type { Mode, Report } from "./lint-corpus.js";

export interface Discrepancy {
  readonly where: string;
  readonly rule: string;
  readonly detail: string;
}

export interface RuleScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Score {
  readonly mode: Mode;
  readonly perRule: ReadonlyMap<string, RuleScore>;
  /** Reports on a line whose label does not expect that rule in this mode (or twice on one line). */
  readonly falsePositives: readonly Discrepancy[];
  /** Findings this mode must report and did not. */
  readonly misses: readonly Discrepancy[];
  /** Findings this mode may skip and did (the syntactic run on `expect(typed)` lines). */
  readonly optionalMisses: readonly Discrepancy[];
}

export function score(mode: Mode, labels: readonly LabelledLine[], reports: readonly Report[]): Score {
  const expected = new Map<string, Requirement>();
  for (const label of labels) {
    for (const { rule, requirement } of label.expectations) expected.set(key(label.file, label.line, rule), requirement);
  }
  const perRule = new Map<string, RuleScore>(ruleNames.map((rule) => [rule, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]));
  const tally = (rule: string): RuleScore => {
    let entry = perRule.get(rule);
    if (entry === undefined) perRule.set(rule, (entry = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return entry;
  };

  const falsePositives: Discrepancy[] = [];
  const reported = new Set<string>();
  for (const report of reports) {
    const id = key(report.file, report.line, report.rule);
    const requirement = expected.get(id);
    const duplicate = reported.has(id);
    reported.add(id);
    if (requirement !== undefined && mode.allowed.has(requirement) && !duplicate) {
      tally(report.rule).truePositives++;
      continue;
    }
    tally(report.rule).falsePositives++;
    const why = duplicate ? "reported twice on this line" : requirement === undefined ? "line not labelled for this rule" : `labelled ${requirement}-only`;
    falsePositives.push({ where: `${report.file}:${report.line}`, rule: report.rule, detail: `${why}: ${report.message}` });
  }

  const misses: Discrepancy[] = [];
  const optionalMisses: Discrepancy[] = [];
  for (const label of labels) {
    for (const { rule, requirement } of label.expectations) {
      if (reported.has(key(label.file, label.line, rule))) continue;
      const miss = { where: `${label.file}:${label.line}`, rule, detail: `labelled ${requirement}` };
      if (mode.required.has(requirement)) {
        tally(rule).falseNegatives++;
        misses.push(miss);
      } else if (mode.allowed.has(requirement)) {
        optionalMisses.push(miss);
      }
    }
  }
  return { mode, perRule, falsePositives, misses, optionalMisses };
}

function key(file: string, line: number, rule: string): string {
  return `${file}:${line}:${rule}`;
}

/** Share of the findings the type-aware run must report that this run reported. */
export function recall(result: Score): number {
  let found = 0;
  for (const entry of result.perRule.values()) found += entry.truePositives;
  const wanted = found + result.misses.length + result.optionalMisses.length;
  return wanted === 0 ? 1 : found / wanted;
}

export function formatScoreTable(results: readonly Score[]): string {
  const rows = [["mode", "rule", "TP", "FP", "FN"]];
  for (const result of results) {
    for (const [rule, entry] of result.perRule) {
      rows.push([result.mode.name, rule, String(entry.truePositives), String(entry.falsePositives), String(entry.falseNegatives)]);
    }
  }
  return formatTable(rows);
}

export function formatDiscrepancies(title: string, items: readonly Discrepancy[]): string {
  if (items.length === 0) return `${title}: none`;
  return `${title} (${items.length}):\n${formatTable([["where", "rule", "detail"], ...items.map((item) => [item.where, item.rule, item.detail])])}`;
}

function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
}
