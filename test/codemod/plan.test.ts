// The shared planner on its own: the plans offered per finding, how a file's plans merge, and the
// single splice that applies them.
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../codemods/diff.js";
import { analysisTs } from "../../codemods/project.js";
import { applyEdits } from "../../rules/analysis/fix/apply.js";
import { planFileEdits, planFixes } from "../../rules/analysis/fix/plan.js";
import { analyzeSourceFile } from "../../rules/analysis/analyze.js";
import { defaultAnalysisOptions, type AnalysisContext } from "../../rules/analysis/types.js";

const project = new Project({ useInMemoryFileSystem: true });

function context(text: string): AnalysisContext {
  const sourceFile = project.createSourceFile("/case.ts", text, { overwrite: true }).compilerNode;
  return { ts: analysisTs, sourceFile, checker: undefined, options: defaultAnalysisOptions };
}

const worker = (method: string) => `export class Worker {
  ${method} {
    this.work();
  }

  async stop(): Promise<void> {}

  private async work(): Promise<void> {}
}
`;

describe("planFixes()", () => {
  it("offers track first, then await, inside an async method", () => {
    const ctx = context(worker("async run(): Promise<void>"));
    const [finding] = analyzeSourceFile(ctx);
    const plans = planFixes(ctx, finding!);
    expect(plans.map((plan) => plan.strategy)).toEqual(["track", "await"]);
    expect(plans[0]!.description).toBe("Track it in `this.tasks`.");
    expect(applyEdits(ctx.sourceFile.text, plans[1]!.edits)).toContain("    await this.work();");
  });

  it("offers no await in a synchronous method", () => {
    const ctx = context(worker("run(): void"));
    const [finding] = analyzeSourceFile(ctx);
    expect(planFixes(ctx, finding!).map((plan) => plan.strategy)).toEqual(["track"]);
  });

  it("offers no await in a constructor", () => {
    const ctx = context(worker("constructor()"));
    const [finding] = analyzeSourceFile(ctx);
    expect(finding!.kind).toBe("floatingInConstructor");
    expect(planFixes(ctx, finding!).map((plan) => plan.strategy)).toEqual(["track"]);
  });

  it("awaits a dangling binding in place of declaring it", () => {
    const ctx = context(`export async function load(): Promise<void> {\n  const pending = fetchIt();\n}\nasync function fetchIt(): Promise<number> {\n  return 1;\n}\n`);
    const dangling = analyzeSourceFile(ctx).find((finding) => finding.kind === "dangling");
    const awaitPlan = planFixes(ctx, dangling!).find((plan) => plan.strategy === "await");
    expect(applyEdits(ctx.sourceFile.text, awaitPlan!.edits)).toContain("  await fetchIt();\n");
  });

  it("wraps a site that starts with `await` in nothing: it reports a manual step instead", () => {
    const ctx = context(`export async function go(x: Promise<number>): Promise<void> {\n  send(await x);\n}\nasync function send(n: number): Promise<void> {}\n`);
    const findings = analyzeSourceFile(ctx).filter((finding) => finding.rule === "no-floating-task");
    const merged = planFileEdits(ctx, findings);
    expect(merged.rewritten).toBe(0);
    expect(merged.manualSteps[0]!.message).toContain("itself awaits");
  });
});

describe("planFileEdits()", () => {
  it("inserts the field, import and shutdown once for several sites in one class", () => {
    const ctx = context(`export class Worker {\n  run(): void {\n    this.work();\n    this.work();\n  }\n\n  async stop(): Promise<void> {}\n\n  private async work(): Promise<void> {}\n}\n`);
    const { edits, rewritten } = planFileEdits(ctx, analyzeSourceFile(ctx));
    const text = applyEdits(ctx.sourceFile.text, edits);
    expect(rewritten).toBe(2);
    expect(text.match(/new TaskSet\(/g)).toHaveLength(1);
    expect(text.match(/import \{ TaskSet \}/g)).toHaveLength(1);
    expect(text.match(/await this\.tasks\.shutdown\(\)/g)).toHaveLength(1);
  });
});

describe("applyEdits()", () => {
  it("applies edits given in any order against the original positions", () => {
    expect(
      applyEdits("abcdef", [
        { start: 4, end: 5, text: "E" },
        { start: 0, end: 1, text: "A" },
        { start: 2, end: 2, text: "+" },
      ]),
    ).toBe("Ab+cdEf");
  });

  it("keeps insertions at one position in their given order, before a replacement there", () => {
    expect(
      applyEdits("xy", [
        { start: 1, end: 2, text: "Y" },
        { start: 1, end: 1, text: "1" },
        { start: 1, end: 1, text: "2" },
      ]),
    ).toBe("x12Y");
  });

  it("throws on overlapping edits instead of corrupting the text", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 0, end: 3, text: "" },
        { start: 2, end: 4, text: "" },
      ]),
    ).toThrow(/overlaps/);
  });
});

describe("unifiedDiff()", () => {
  it("prints hunks with 3 lines of context like diff -u", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    const after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    expect(unifiedDiff("f.ts", before, after)).toBe(
      "--- a/f.ts\n+++ b/f.ts\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n",
    );
  });

  it("is empty when nothing changed", () => {
    expect(unifiedDiff("f.ts", "same\n", "same\n")).toBe("");
  });
});
