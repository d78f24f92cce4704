import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import plugin from "../../rules/index.js";
import { analyzeSourceFile } from "../../rules/analysis/index.js";
import { defaultAnalysisOptions, type AnalysisContext } from "../../rules/analysis/types.js";

const source = "export async function load(): Promise<void> {}\nload();\n";

function contextWith(fail: () => ts.Type): AnalysisContext {
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

  it("a stack overflow in a checker query degrades too, though its innermost frame is a V8 builtin", () => {
    const ctx = contextWith(() => {
      const overflow = new RangeError("Maximum call stack size exceeded");
      overflow.stack = `RangeError: ${overflow.message}\n    at Function.bind (<anonymous>)\n    at new Map (<anonymous>)`;
      throw overflow;
    });
    expect(analyzeSourceFile(ctx).map((finding) => finding.rule)).toEqual(["no-floating-task"]);
  });

  it("an error thrown by taskguard's own code still propagates", () => {
    // The checker answers, with something our code cannot use: the error is thrown in taskguard's frames.
    const ctx = contextWith(() => ({}) as never);
    expect(() => analyzeSourceFile(ctx)).toThrow(TypeError);
  });
});

// typescript-eslint's regression case for a checker overflow. Whether the compiler overflows depends
// on the stack left when the rule asks about it (what ran before, how deep the caller is): linted
// alone in a fresh process it passes, after other work it threw `RangeError` out of the rule, with
// a V8 builtin (`new Map`, `Function.bind`) as the innermost frame.
const overflowCase = `interface CustomNode<P> { getNextNode: () => CustomNode<P>; }
declare const createNode: () => { getNextNode: <T>() => CustomNode<T> };
function wrapNode<T>(g: () => CustomNode<T>) { return g; }
(async () => { wrapNode(() => { const node = createNode(); return wrapNode<typeof node.getNextNode<any>>(node.getNextNode); }); })();
`;
const overflowFile = "/virtual/overflow.ts";

/** A fresh program each time: a checker that already answered has the types cached and never recurses again. */
function overflowConfig(): Linter.Config[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === overflowFile ? ts.createSourceFile(name, overflowCase, version, true) : original(name, version));
  const program = ts.createProgram([overflowFile], options, host);
  return [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: tsParser, parserOptions: { programs: [program] } },
      plugins: { taskguard: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      rules: { "taskguard/no-floating-task": "error", "taskguard/no-floating-callback": "error", "taskguard/no-dangling-task": "error" },
    },
  ];
}

type Outcome = { ok: true; rules: (string | null)[] } | { ok: false; message: string };

/** Lints the case with `depth` frames of this test's own recursion beneath it. */
function lintAtDepth(linter: Linter, depth: number): Outcome {
  const config = overflowConfig();
  const nest = (n: number): Linter.LintMessage[] => (n === 0 ? linter.verify(overflowCase, config, overflowFile) : nest(n - 1));
  try {
    return { ok: true, rules: nest(depth).map((message) => message.ruleId) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

describe("withCheckerFallback - compiler stack overflow", () => {
  it("typescript-eslint's checker-overflow case never throws out of a rule, whatever stack is left", () => {
    const linter = new Linter({ cwd: "/virtual" });
    const outcomes: Outcome[] = [];
    const lint = (depth: number): Outcome => {
      const outcome = lintAtDepth(linter, depth);
      outcomes.push(outcome);
      return outcome;
    };
    // Warm up, so the recursion's frames have their optimised size before the limit is measured.
    for (let depth = 0; depth <= 4000; depth += 1000) lint(depth);
    // The shallowest depth at which linting fails at all (in the parser, the config, or a rule).
    let low = 0;
    let high = 200_000;
    while (high - low > 25) {
      const middle = Math.floor((low + high) / 2);
      if (lint(middle).ok) low = middle;
      else high = middle;
    }
    // Just below that limit the checker overflows in some runs; the rule must degrade, not throw.
    for (let i = 0; i < 24; i++) lint(Math.max(0, high - 1200 + i * 50));
    const fromRules = outcomes.flatMap((outcome) => (!outcome.ok && /Rule: "?taskguard\//.test(outcome.message) ? [outcome.message.split("\n")[0]] : []));
    expect(fromRules).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.ok && outcome.rules.includes("taskguard/no-floating-task")).length).toBeGreaterThan(0);
  });
});
