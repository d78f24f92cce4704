// Names for messages and for `allowedCalls`: which call started the promise, and what to call it.
import type * as ts from "typescript";
import { promiseTypeNames } from "./promise.js";
import { displayText, dottedName, isAsyncFunction, lastName, memberName, memberObject, skipOuter } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

const chainMethods = new Set(["then", "catch", "finally"]);

/** The call that started a promise, looking through `.then/.catch/.finally` chains. */
export function originOf(ctx: AnalysisContext, expr: ts.Expression): ts.Expression {
  return chainOf(ctx, expr).origin;
}

/** A promise's origin and the chain methods called on it, outermost first (`["finally", "then"]`). */
function chainOf(ctx: AnalysisContext, expr: ts.Expression): { origin: ts.Expression; steps: string[] } {
  const t = ctx.ts;
  const steps: string[] = [];
  let current = skipOuter(t, expr);
  for (;;) {
    if (!t.isCallExpression(current)) return { origin: current, steps };
    const member = memberName(t, current.expression);
    const receiver = memberObject(t, current.expression);
    if (member === undefined || receiver === undefined || !chainMethods.has(member)) return { origin: current, steps };
    steps.push(member);
    current = skipOuter(t, receiver);
  }
}

export interface TaskDescription {
  /** A task name: the callee's last identifier (`executeTask`). */
  readonly name: string;
  /** What the message shows: `this.executeTask()`, `new Promise()`, `pending`. */
  readonly callee: string;
  /** The full dotted callee (`this.executeTask`), when there is one. */
  readonly path: string | undefined;
}

export function describeTask(ctx: AnalysisContext, expr: ts.Expression): TaskDescription {
  const t = ctx.ts;
  const origin = originOf(ctx, expr);
  if (t.isCallExpression(origin)) {
    const callee = skipOuter(t, origin.expression);
    if (t.isArrowFunction(callee) || t.isFunctionExpression(callee)) {
      const prefix = isAsyncFunction(t, callee) ? "async " : "";
      return { name: "task", callee: t.isArrowFunction(callee) ? `(${prefix}() => …)()` : `(${prefix}function …)()`, path: undefined };
    }
    const path = dottedName(t, origin.expression);
    const name = lastName(t, origin.expression) ?? "task";
    // `Promise.resolve().then(() => this.flush())`: the work is the chained callback, not the start.
    const steps = path === "Promise.resolve" ? chainOf(ctx, expr).steps : [];
    const step = steps[steps.length - 1];
    return { name, callee: step ? `Promise.resolve().${step}(…)` : `${path ?? displayText(ctx.sourceFile, origin.expression, 30)}()`, path };
  }
  if (t.isNewExpression(origin)) {
    const path = dottedName(t, origin.expression);
    return { name: lastName(t, origin.expression) ?? "task", callee: `new ${path ?? "…"}()`, path: undefined };
  }
  const path = dottedName(t, origin);
  return { name: lastName(t, origin) ?? "task", callee: path ?? displayText(ctx.sourceFile, origin), path };
}

/**
 * Whether `allowedCalls` names this promise: by callee, matching whole trailing segments (`flush`
 * and `logger.flush` both match `this.logger.flush()`), or, type-aware, by the promise's type name.
 */
export function isAllowedCall(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const allowed = ctx.options.allowedCalls;
  if (allowed.length === 0) return false;
  const { name, path } = describeTask(ctx, expr);
  // `safe().then(fn)` is a new promise that rejects when `fn` throws: only `safe()` itself (or
  // caught, `safe().catch(h)`) is allowed.
  const isCallItself = chainOf(ctx, expr).steps.every((step) => step === "catch");
  const typeNames = promiseTypeNames(ctx, expr);
  return allowed.some(
    (entry) =>
      typeNames.includes(entry) || (isCallItself && (entry === path || path?.endsWith(`.${entry}`) === true || (path === undefined && entry === name))),
  );
}
