import { Project, ts } from "ts-morph";
import * as typescript from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeSourceFile, defaultAnalysisOptions, planFileEdits, type AnalysisContext, type RuleName, type TS } from "../../rules/analysis/index.js";
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

describe("planFileEdits - every finding kind the pattern corpus holds", () => {
  const config = typescript.getParsedCommandLineOfConfigFile(new URL("../../fixtures/patterns/tsconfig.json", import.meta.url).pathname, undefined, {
    ...typescript.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  const options = config?.options ?? {};
  // Parent pointers, as ESLint's parser and ts-morph give them.
  const program = typescript.createProgram({ rootNames: config?.fileNames ?? [], options, host: typescript.createCompilerHost(options, true) });
  const corpus = program.getSourceFiles().filter((file) => file.fileName.includes("/fixtures/patterns/"));

  it("plans a fix or a manual step for each finding, with and without the checker", () => {
    const kinds = new Set<string>();
    for (const typed of [false, true]) {
      for (const sourceFile of corpus) {
        const ctx: AnalysisContext = { ts: typescript, sourceFile, checker: typed ? program.getTypeChecker() : undefined, options: defaultAnalysisOptions };
        const found = analyzeSourceFile(ctx);
        for (const finding of found) kinds.add(finding.kind);
        const planned = planFileEdits(ctx, found);
        expect(planned.rewritten + planned.manualSteps.length).toBeGreaterThanOrEqual(found.length > 0 ? 1 : 0);
      }
    }
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(["dangling", "floating", "floatingAwaitedArray", "floatingCallback", "floatingOverride", "floatingReturnedCallback", "floatingUnrejectable"]),
    );
  });
});
