// Type information makes a verdict more precise, never required. When the compiler itself throws
// while answering a query (TypeScript has internal failures under some hosts and options, e.g.
// printing a module reference with `paths` but no `baseUrl`), the node is judged syntactically
// instead, so one compiler bug never stops a whole lint or codemod run. Our own errors still throw.
import type { AnalysisContext } from "./types.js";

/** Runs `check` with the context's checker, and again without it if the compiler throws. */
export function withCheckerFallback<R>(ctx: AnalysisContext, check: (ctx: AnalysisContext) => R): R {
  if (ctx.checker === undefined) return check(ctx);
  try {
    return check(ctx);
  } catch (error) {
    if (!thrownByCompiler(error)) throw error;
    return check({ ...ctx, checker: undefined });
  }
}

/** Whether the innermost stack frame lies in a TypeScript compiler bundle (the user's or ts-morph's). */
function thrownByCompiler(error: unknown): boolean {
  const stack = error instanceof Error ? error.stack : undefined;
  const frame = stack?.split("\n").find((line) => line.trimStart().startsWith("at "));
  return frame !== undefined && /[\\/](?:typescript[\\/]lib|@ts-morph[\\/]common)[\\/]/.test(frame);
}
