// Compares a lint run with the corpus labels and renders the tables the test prints.
import { ruleNames, type Expectation, type LabelledLine } from "./labels.js";
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
  /** Findings this mode may leave to a type-aware run and did. */
  skipped: number;
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
  const expected = new Map<string, Expectation>();
  for (const label of labels) {
    for (const expectation of label.expectations) expected.set(key(label.file, label.line, expectation.rule), expectation);
  }
  const emptyScore = (): RuleScore => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0, skipped: 0 });
  const perRule = new Map<string, RuleScore>(ruleNames.map((rule) => [rule, emptyScore()]));
  const tally = (rule: string): RuleScore => {
    let entry = perRule.get(rule);
    if (entry === undefined) perRule.set(rule, (entry = emptyScore()));
    return entry;
  };

  const falsePositives: Discrepancy[] = [];
  const reported = new Set<string>();
  for (const report of reports) {
    const id = key(report.file, report.line, report.rule);
    const expectation = expected.get(id);
    const duplicate = reported.has(id);
    reported.add(id);
    const wrongMessage = expectation?.messageId !== undefined && expectation.messageId !== report.messageId;
    if (expectation !== undefined && mode.allowed.has(expectation.requirement) && !duplicate && !wrongMessage) {
      tally(report.rule).truePositives++;
      continue;
    }
    tally(report.rule).falsePositives++;
    const why = duplicate
      ? "reported twice on this line"
      : expectation === undefined
        ? "line not labelled for this rule"
        : !mode.allowed.has(expectation.requirement)
          ? `labelled ${expectation.requirement}-only`
          : `reported as ${report.messageId ?? "no messageId"}, labelled ${expectation.messageId ?? ""}`;
    falsePositives.push({ where: `${report.file}:${report.line}`, rule: report.rule, detail: `${why}: ${report.message}` });
  }

  const misses: Discrepancy[] = [];
  const optionalMisses: Discrepancy[] = [];
  for (const label of labels) {
    for (const { rule, requirement } of label.expectations) {
      if (reported.has(key(label.file, label.line, rule))) continue;
      const miss = { where: `${label.file}:${label.line}`, rule, detail: `labelled ${requirement}: ${label.code}` };
      if (mode.required.has(requirement)) {
        tally(rule).falseNegatives++;
        misses.push(miss);
      } else if (mode.allowed.has(requirement)) {
        tally(rule).skipped++;
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
  const rows = [["mode", "rule", "TP", "FP", "FN", "left to typed"]];
  for (const result of results) {
    for (const [rule, entry] of result.perRule) {
      const counts = [entry.truePositives, entry.falsePositives, entry.falseNegatives, entry.skipped];
      rows.push([result.mode.name, rule, ...counts.map(String)]);
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
