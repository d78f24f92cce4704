import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeSourceFile } from "../../rules/analysis/index.js";
import { defaultAnalysisOptions, type AnalysisContext } from "../../rules/analysis/types.js";

const source = "export async function load(): Promise<void> {}\nload();\n";

function contextWith(fail: () => never): AnalysisContext {
  const fileName = "/virtual/file.ts";
  const host = ts.createCompilerHost({ strict: true, noEmit: true });
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === fileName ? ts.createSourceFile(name, source, version, true) : original(name, version));
  const program = ts.createProgram([fileName], { strict: true, noEmit: true, types: [] }, host);
  const real = program.getTypeChecker();
  // Every type query fails the way a compiler-internal error does.
  const checker = new Proxy(real, { get: (target, key) => (key === "getTypeAtLocation" ? fail : Reflect.get(target, key, target) as unknown) });
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) throw new Error("virtual file missing");
  return { ts, sourceFile, checker, options: defaultAnalysisOptions };
}

function errorFrom(frame: string): Error {
  const error = new TypeError("Cannot read properties of undefined (reading 'includes')");
  error.stack = `TypeError: ${error.message}\n    at ${frame}\n    at analyze (/app/rules/analysis/promise.js:10:1)`;
  return error;
}

describe("withCheckerFallback", () => {
  it("a compiler-internal throw degrades that node to the syntactic verdict instead of crashing", () => {
    const ctx = contextWith(() => {
      throw errorFrom("normalizeSlashes (/app/node_modules/typescript/lib/typescript.js:8853:15)");
    });
    const findings = analyzeSourceFile(ctx);
    expect(findings.map((finding) => [finding.rule, finding.node.getStart(ctx.sourceFile)])).toEqual([["no-floating-task", source.indexOf("load();")]]);
  });

  it("an error thrown by taskguard's own code still propagates", () => {
    const ctx = contextWith(() => {
      throw errorFrom("isPromiseLike (/app/rules/analysis/promise.js:20:3)");
    });
    expect(() => analyzeSourceFile(ctx)).toThrow(/reading 'includes'/);
  });
});
