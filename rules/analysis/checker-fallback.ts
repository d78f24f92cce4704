// Type information makes a verdict more precise, never required. When the compiler itself fails
// while answering a query (an internal error under some hosts and options, e.g. printing a module
// reference with `paths` but no `baseUrl`; a stack overflow in its recursion, whose innermost frame
// may be a V8 builtin such as `new Map` or `Function.bind`), the node is judged syntactically
// instead, so one compiler failure never stops a whole lint or codemod run. Our own errors still throw.
import type * as ts from "typescript";
import type { AnalysisContext } from "./types.js";

/** Errors thrown while a checker method was running, whatever frame threw them. */
const thrownInQuery = new WeakSet<object>();
const guardedContexts = new WeakMap<AnalysisContext, AnalysisContext>();

/** Runs `check` with the context's checker, and again without it if the compiler throws. */
export function withCheckerFallback<R>(ctx: AnalysisContext, check: (ctx: AnalysisContext) => R): R {
  if (ctx.checker === undefined) return check(ctx);
  try {
    return check(guarded(ctx, ctx.checker));
  } catch (error) {
    if (!thrownByCompiler(error)) throw error;
    return check({ ...ctx, checker: undefined });
  }
}

/** The context with a checker whose every method marks what it throws (one wrapper per context). */
function guarded(ctx: AnalysisContext, checker: ts.TypeChecker): AnalysisContext {
  let found = guardedContexts.get(ctx);
  if (found) return found;
  const methods = new Map<PropertyKey, unknown>();
  const proxy = new Proxy(checker, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      let method = methods.get(key);
      if (!method) {
        method = (...args: unknown[]): unknown => {
          try {
            return (value as (...args: unknown[]) => unknown).apply(target, args);
          } catch (error) {
            if (typeof error === "object" && error !== null) thrownInQuery.add(error);
            throw error;
          }
        };
        methods.set(key, method);
      }
      return method;
    },
  });
  found = { ...ctx, checker: proxy };
  guardedContexts.set(ctx, found);
  return found;
}

/**
 * Whether the compiler threw: inside a checker method, or (for the methods of types and symbols,
 * which call the checker directly) with the innermost frame that has a file in a TypeScript
 * compiler bundle, the user's or ts-morph's.
 */
function thrownByCompiler(error: unknown): boolean {
  if (typeof error === "object" && error !== null && thrownInQuery.has(error)) return true;
  const stack = error instanceof Error ? error.stack : undefined;
  const frame = stack?.split("\n").find((line) => line.trimStart().startsWith("at ") && /[\\/]/.test(line));
  return frame !== undefined && /[\\/](?:typescript[\\/]lib|@ts-morph[\\/]common)[\\/]/.test(frame);
}
