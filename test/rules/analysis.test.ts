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

describe("analyzeSourceFile - void expressions (ts-morph)", () => {
  const code = `
async function load(): Promise<number> {
  return 1;
}
export function run(ready: boolean): void {
  void load();
  setTimeout(() => void load(), 10);
  ready && void (load());
  if (ready) return void load();
  void 0;
}
`;

  function voidFindings(typed: boolean, allowVoid = false) {
    const scratch = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022 } });
    const sourceFile = scratch.createSourceFile("voids.ts", code).compilerNode;
    const checker = typed ? scratch.getTypeChecker().compilerObject : undefined;
    const ctx: AnalysisContext = { ts: analysisTs, sourceFile, checker, options: { ...defaultAnalysisOptions, allowVoid } };
    return analyzeSourceFile(ctx, ["no-floating-task"]).map((f) => ({
      line: sourceFile.getLineAndCharacterOfPosition(f.node.getStart(sourceFile)).line + 1,
      kind: f.kind,
      node: ts.SyntaxKind[f.node.kind],
      target: f.target.getText(sourceFile),
    }));
  }

  it.each([false, true])("reports each `void <promise>` once, statement or not (typed: %s)", (typed) => {
    expect(voidFindings(typed)).toEqual([
      { line: 6, kind: "floatingVoid", node: "ExpressionStatement", target: "load()" },
      { line: 7, kind: "floatingVoid", node: "VoidExpression", target: "load()" },
      { line: 8, kind: "floatingVoid", node: "VoidExpression", target: "load()" },
      { line: 9, kind: "floatingVoid", node: "VoidExpression", target: "load()" },
    ]);
  });

  it("accepts every `void` with allowVoid", () => {
    expect(voidFindings(false, true)).toEqual([]);
  });
});
