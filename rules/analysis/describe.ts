// Names for messages and for `allowedCalls`: which call started the promise, and what to call it.
import type * as ts from "typescript";
import { promiseTypeNames } from "./promise.js";
import { displayText, dottedName, isAsyncFunction, lastName, memberName, memberObject, skipOuter } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

const chainMethods = new Set(["then", "catch", "finally"]);

/** The call that started a promise, looking through `.then/.catch/.finally` chains. */
export function originOf(ctx: AnalysisContext, expr: ts.Expression): ts.Expression {
  const t = ctx.ts;
  let current = skipOuter(t, expr);
  for (;;) {
    if (!t.isCallExpression(current)) return current;
    const member = memberName(t, current.expression);
    const receiver = memberObject(t, current.expression);
    if (member === undefined || receiver === undefined || !chainMethods.has(member)) return current;
    current = skipOuter(t, receiver);
  }
}

/** The chain method (`then`) called directly on `origin` within `expr`, if `expr` chains on it. */
function firstChainStep(ctx: AnalysisContext, expr: ts.Expression, origin: ts.Expression): string | undefined {
  const t = ctx.ts;
  for (let current = skipOuter(t, expr); t.isCallExpression(current); ) {
    const receiver = memberObject(t, current.expression);
    if (receiver === undefined) return undefined;
    if (skipOuter(t, receiver) === origin) return memberName(t, current.expression);
    current = skipOuter(t, receiver);
  }
  return undefined;
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
    const step = path === "Promise.resolve" ? firstChainStep(ctx, expr, origin) : undefined;
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
  const typeNames = promiseTypeNames(ctx, expr);
  return allowed.some(
    (entry) => entry === path || path?.endsWith(`.${entry}`) === true || (path === undefined && entry === name) || typeNames.includes(entry),
  );
}
