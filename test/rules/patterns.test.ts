// Scores the rules against the labelled pattern corpus (fixtures/patterns), written from the
// semantics in DESIGN.md rather than from the rules: every config, syntactic included, must stay
// silent on lines not labelled for it; the type-aware configs must report every labelled finding,
// the syntactic one every finding not labelled `expect(typed)`.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLabels, type LabelledLine } from "./patterns/labels.js";
import {
  corpusFiles,
  corpusProjects,
  lintCorpus,
  modes,
  repoRoot,
  syntacticMode,
  typeAwareMode,
  type LintOutcome,
} from "./patterns/lint-corpus.js";
import { formatDiscrepancies, formatScoreTable, recall, score, type Score } from "./patterns/score.js";
import { corpusTypeErrors } from "./patterns/type-check.js";

const files = corpusFiles();
const labels: LabelledLine[] = files.flatMap((path) => parseLabels(relative(repoRoot, path), readFileSync(path, "utf8")));
const scores: Score[] = [];

describe("pattern corpus labels", () => {
  it("labels at least 150 lines", () => {
    expect(labels.length).toBeGreaterThanOrEqual(150);
  });

  it("labels every rule in the plain, typed and strict forms it needs", () => {
    const forms = new Set(labels.flatMap((label) => label.expectations.map((e) => `${e.requirement} ${e.rule}`)));
    const needed = [
      "always no-floating-task",
      "always no-dangling-task",
      "always no-floating-callback",
      "always require-task-shutdown",
      "typed no-floating-task",
      "typed no-dangling-task",
      "typed no-floating-callback",
      "strict no-floating-task",
    ];
    expect(needed.filter((form) => !forms.has(form))).toEqual([]);
  });

  it("every corpus file type-checks", () => {
    expect(corpusProjects.flatMap((dir) => corpusTypeErrors(join(dir, "tsconfig.json"), `${dir}/`))).toEqual([]);
  });

  it("parseLabels() - a misspelt rule or keyword throws with file and line", () => {
    expect(() => parseLabels("x.ts", "a();\nb(); // expect: no-floating-tsk\n")).toThrow(/x\.ts:2: unknown rule "no-floating-tsk"/);
    expect(() => parseLabels("x.ts", "b(); // expect(type): no-floating-task\n")).toThrow(/x\.ts:1: malformed label/);
  });

  it("parseLabels() - reads several rules and entries, and ignores whole-line comments", () => {
    const parsed = parseLabels("x.ts", "// ok prose\nf(); // expect: no-floating-task[floatingVoid], no-dangling-task; expect-strict: no-floating-callback\ng(); // ok\n");
    expect(parsed).toEqual([
      {
        file: "x.ts",
        line: 2,
        code: "f();",
        expectations: [
          { rule: "no-floating-task", requirement: "always", messageId: "floatingVoid" },
          { rule: "no-dangling-task", requirement: "always" },
          { rule: "no-floating-callback", requirement: "strict" },
        ],
      },
      { file: "x.ts", line: 3, code: "g();", expectations: [] },
    ]);
  });
});

describe("score()", () => {
  const labelled = parseLabels(
    "x.ts",
    ["a(); // expect: no-floating-task[floatingVoid]", "b(); // expect(typed): no-dangling-task", "c(); // ok", "d(); // expect-strict: no-floating-task"].join("\n"),
  );
  const report = (line: number, rule: string, messageId?: string) => ({ file: "x.ts", line, rule, messageId, message: `${rule} on ${line}` });

  it("a report on an ok line, a strict-only line or twice on one line is a false positive", () => {
    const voided = report(1, "no-floating-task", "floatingVoid");
    const result = score(typeAwareMode, labelled, [voided, voided, report(3, "no-dangling-task"), report(4, "no-floating-task")]);
    expect(result.falsePositives.map((fp) => fp.detail.split(":")[0])).toEqual([
      "reported twice on this line",
      "line not labelled for this rule",
      "labelled strict-only",
    ]);
  });

  it("a report with another messageId than its label names is a false positive", () => {
    const result = score(syntacticMode, labelled, [report(1, "no-floating-task", "floating")]);
    expect(result.falsePositives).toHaveLength(1);
    expect(result.falsePositives[0]?.detail).toMatch(/^reported as floating, labelled floatingVoid/);
  });

  it("an expect(typed) finding is a miss in type-aware mode and optional in syntactic mode", () => {
    const found = [report(1, "no-floating-task", "floatingVoid")];
    expect(score(typeAwareMode, labelled, found).misses.map((miss) => miss.where)).toEqual(["x.ts:2"]);
    const syntacticResult = score(syntacticMode, labelled, found);
    expect(syntacticResult.misses).toEqual([]);
    expect(syntacticResult.optionalMisses.map((miss) => miss.where)).toEqual(["x.ts:2"]);
    expect(recall(syntacticResult)).toBe(0.5);
  });
});

for (const mode of modes) {
  describe(`pattern corpus, ${mode.name} (${mode.config})`, () => {
    let outcome: LintOutcome = { reports: [], fatal: [] };
    let result: Score;

    beforeAll(async () => {
      outcome = await lintCorpus(mode, files);
      result = score(mode, labels, outcome.reports);
      scores.push(result);
    });

    it("parses every corpus file", () => {
      expect(outcome.fatal).toEqual([]);
    });

    it("reports nothing on a line not labelled for it", () => {
      expect(result.falsePositives.length, formatDiscrepancies("false positives", result.falsePositives)).toBe(0);
    });

    it(mode.typed ? "reports every labelled finding" : "reports every finding not labelled expect(typed)", () => {
      expect(result.misses.length, formatDiscrepancies("misses", result.misses)).toBe(0);
    });
  });
}

afterAll(() => {
  const lines = ["", "Pattern corpus scores per mode and rule:", formatScoreTable(scores)];
  for (const result of scores) {
    lines.push("", formatDiscrepancies(`${result.mode.name}: false positives`, result.falsePositives));
    lines.push(formatDiscrepancies(`${result.mode.name}: misses`, result.misses));
  }
  const syntactic = scores.find((result) => result.mode.name === "syntactic");
  if (syntactic !== undefined) {
    lines.push("", formatDiscrepancies("syntactic: expect(typed) findings left to the type-aware run", syntactic.optionalMisses));
    lines.push(`syntactic recall over every type-aware finding: ${(recall(syntactic) * 100).toFixed(1)}%`);
  }
  console.log(lines.join("\n"));
});
