import { Project, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { analyzeSourceFile, defaultAnalysisOptions, type AnalysisContext, type RuleName, type TS } from "../../rules/analysis/index.js";
import expected from "../../fixtures/seed/expected.json" with { type: "json" };

// The codemod's path: ts-morph's bundled TypeScript, with and without its checker.
const project = new Project({ tsConfigFilePath: new URL("../../fixtures/tsconfig.json", import.meta.url).pathname });
// ts-morph's `ts` is the same API as the `typescript` package's types, minus the `default` export.
const analysisTs = ts as unknown as TS;
const files = ["orchestrator.ts", "lab-automation.ts", "rag-wrapper.ts"];

function findings(typed: boolean, rules?: readonly RuleName[]): string[] {
  const checker = typed ? project.getTypeChecker().compilerObject : undefined;
  return files.flatMap((file) => {
    const sourceFile = project.getSourceFileOrThrow(`fixtures/seed/${file}`).compilerNode;
    const ctx: AnalysisContext = { ts: analysisTs, sourceFile, checker, options: defaultAnalysisOptions };
    return analyzeSourceFile(ctx, rules).map((f) => `${file}:${sourceFile.getLineAndCharacterOfPosition(f.node.getStart(sourceFile)).line + 1} ${f.rule}`);
  });
}

describe("analyzeSourceFile (ts-morph)", () => {
  const all = expected.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

  it("finds exactly the seed's expected sites without a checker, in source order per file", () => {
    expect(findings(false)).toEqual(files.flatMap((file) => all.filter((key) => key.startsWith(`${file}:`))));
  });

  it("finds exactly the seed's expected sites with ts-morph's checker", () => {
    expect(findings(true).sort()).toEqual([...all].sort());
  });

  it("runs only the rules it is given", () => {
    expect(findings(false, ["no-dangling-task"])).toEqual(all.filter((key) => key.endsWith("no-dangling-task")));
  });
});
