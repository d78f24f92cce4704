// Type information makes a verdict more precise, never required. When the compiler itself fails
// while answering a query (an internal error under some hosts and options, e.g. printing a module
// reference with `paths` but no `baseUrl`; a stack overflow in its recursion, whose innermost frame
// may be a V8 builtin such as `new Map` or `Function.bind`), the node is judged syntactically
// instead, so one compiler failure never stops a whole lint or codemod run. Our own errors still throw.
import type * as ts from "typescript";
import type { AnalysisContext } from "./types.js";

/** Errors thrown while a checker method was running, whatever frame threw them. */
const thrownInQuery = new WeakSet<object>();
/** Checkers made by `passChecker`: their methods mark what they throw already. */
const passCheckers = new WeakSet<ts.TypeChecker>();
const markingCheckers = new WeakMap<ts.TypeChecker, ts.TypeChecker>();
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

/**
 * The checker one pass over a file (or a program) asks: every method marks what it throws, and an
 * expression's type and contextual type are asked of the compiler once per node. TypeScript does not
 * cache either (it redoes an expression's control-flow narrowing on each call), and each ESLint rule
 * visits the file on its own, so the rules of one pass share one. Made once per pass, not per
 * checker: a later pass (another lint of the same program) asks the compiler afresh.
 */
export function passChecker(checker: ts.TypeChecker): ts.TypeChecker {
  const marking = markingChecker(checker);
  const types = new Map<ts.Node, ts.Type>();
  const contextual = new Map<ts.Node, ts.Type | undefined>();
  const pass = Object.create(marking) as ts.TypeChecker;
  pass.getTypeAtLocation = (node) => {
    let type = types.get(node);
    if (type === undefined) types.set(node, (type = marking.getTypeAtLocation(node)));
    return type;
  };
  pass.getContextualType = (node) => {
    if (!contextual.has(node)) contextual.set(node, marking.getContextualType(node));
    return contextual.get(node);
  };
  passCheckers.add(pass);
  return pass;
}

/** The checker with every method marking what it throws; made once per checker. */
function markingChecker(checker: ts.TypeChecker): ts.TypeChecker {
  let marking = markingCheckers.get(checker);
  if (marking) return marking;
  const methods: Record<string, unknown> = {};
  for (const key in checker) {
    const value: unknown = Reflect.get(checker, key);
    methods[key] = typeof value === "function" ? markingThrows(checker, value as (...args: unknown[]) => unknown) : value;
  }
  marking = methods as unknown as ts.TypeChecker;
  markingCheckers.set(checker, marking);
  return marking;
}

/** The method, bound to `checker`, marking what it throws; on the happy path only a try/catch. */
function markingThrows(checker: ts.TypeChecker, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    try {
      return method.apply(checker, args);
    } catch (error) {
      if (typeof error === "object" && error !== null) thrownInQuery.add(error);
      throw error;
    }
  };
}

/** The context with a pass checker (one per context unless it has one already). */
function guarded(ctx: AnalysisContext, checker: ts.TypeChecker): AnalysisContext {
  if (passCheckers.has(checker)) return ctx;
  let found = guardedContexts.get(ctx);
  if (!found) guardedContexts.set(ctx, (found = { ...ctx, checker: passChecker(checker) }));
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
