// no-floating-task: a promise-valued expression statement that nobody awaits, returns or keeps.
import type * as ts from "typescript";
import { rightNeverRuns } from "./branches.js";
import { isReadElsewhere } from "./dangling-task.js";
import { describeTask, isAllowedCall, originOf } from "./describe.js";
import { isPromiseArray, isPromiseLike } from "./promise.js";
import { cannotReject, isSureHandler } from "./rejection.js";
import { findValueDeclaration } from "./scope.js";
import { enclosingFunction, memberName, memberObject, skipOuter } from "./syntax.js";
import type { AnalysisContext, Finding, FindingKind } from "./types.js";

export function checkExpressionStatement(ctx: AnalysisContext, node: ts.ExpressionStatement): Finding | undefined {
  const t = ctx.ts;
  // `raw` keeps the assertions: `load() as Promise<void>` is a promise where `load()` may be `any`.
  let raw = node.expression;
  let expr = skipOuter(t, raw);
  const voided = t.isVoidExpression(expr);
  if (t.isVoidExpression(expr)) {
    raw = expr.expression;
    expr = skipOuter(t, raw);
  }
  if (t.isBinaryExpression(expr) && isAssignmentOperator(ctx, expr.operatorToken.kind)) return undefined;
  const dropped = droppedPromise(ctx, raw);
  if (!dropped || isAllowedCall(ctx, dropped)) return undefined;
  const kind = kindOf(ctx, node, dropped, voided);
  if (!kind) return undefined;
  const { name, callee } = describeTask(ctx, dropped);
  return { rule: "no-floating-task", kind, node, target: expr, data: { name, callee } };
}

/**
 * `void <promise>` anywhere but directly as a statement (which `checkExpressionStatement` reports):
 * `setTimeout(() => void load())`, `return void job.run()`, `ready && void flush()`. `void` discards
 * the promise wherever it stands. The target is the operand, so a fix keeps the `void` and the
 * expression's value stays `undefined`.
 */
export function checkVoidExpression(ctx: AnalysisContext, node: ts.VoidExpression): Finding | undefined {
  const t = ctx.ts;
  if (isStatementExpression(ctx, node)) return undefined;
  let operand: ts.Expression = node.expression;
  while (t.isParenthesizedExpression(operand)) operand = operand.expression;
  const expr = skipOuter(t, operand);
  if (t.isBinaryExpression(expr) && isAssignmentOperator(ctx, expr.operatorToken.kind)) return undefined;
  const dropped = droppedPromise(ctx, operand);
  if (!dropped || isAllowedCall(ctx, dropped)) return undefined;
  const kind = kindOf(ctx, node, dropped, true);
  if (!kind) return undefined;
  const { name, callee } = describeTask(ctx, dropped);
  return { rule: "no-floating-task", kind, node, target: operand, data: { name, callee } };
}

/**
 * `await ids.map(async (id) => …)`: `await` waits for the array, not for the promises in it, so
 * they float. The target is the array, which `Promise.all(…)` turns into one promise to await.
 */
export function checkAwaitExpression(ctx: AnalysisContext, node: ts.AwaitExpression): Finding | undefined {
  const operand = node.expression;
  if (!isPromiseArray(ctx, operand) || isAllowedCall(ctx, operand)) return undefined;
  const { name, callee } = describeTask(ctx, operand);
  return { rule: "no-floating-task", kind: "floatingAwaitedArray", node, target: operand, data: { name, callee } };
}

/** Whether `node` is the whole expression of a statement, up to parentheses and assertions. */
function isStatementExpression(ctx: AnalysisContext, node: ts.Expression): boolean {
  const t = ctx.ts;
  let current: ts.Node = node;
  while (
    current.parent &&
    (t.isParenthesizedExpression(current.parent) ||
      t.isAsExpression(current.parent) ||
      t.isSatisfiesExpression(current.parent) ||
      t.isTypeAssertionExpression(current.parent) ||
      t.isNonNullExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current.parent !== undefined && t.isExpressionStatement(current.parent);
}

function kindOf(ctx: AnalysisContext, node: ts.Node, dropped: ts.Expression, voided: boolean): FindingKind | undefined {
  if (isHandled(ctx, dropped)) return ctx.options.checkHandled && !isKeptOrEntryPoint(ctx, node, dropped) ? "floatingHandled" : undefined;
  if (voided && ctx.options.allowVoid) return undefined;
  const container = enclosingFunction(ctx.ts, node);
  if (container && ctx.ts.isConstructorDeclaration(container)) return "floatingInConstructor";
  if (cannotReject(ctx, dropped)) return "floatingUnrejectable";
  return voided ? "floatingVoid" : "floating";
}

/**
 * A handled chain that is no untracked task: its promise is kept elsewhere (a field, a parameter, a
 * local read again: `popped.catch(noop); return Promise.race([popped, timeout])`), or it is the
 * entry-point idiom, a module's top-level `main().catch(…)`.
 */
function isKeptOrEntryPoint(ctx: AnalysisContext, node: ts.Node, dropped: ts.Expression): boolean {
  const t = ctx.ts;
  if (t.isExpressionStatement(node) && t.isSourceFile(node.parent) && t.isCallExpression(originOf(ctx, dropped))) return true;
  const origin = originOf(ctx, dropped);
  if (!isReference(ctx, origin)) return false;
  if (!t.isIdentifier(origin)) return true;
  const declaration = findValueDeclaration(t, origin, origin.text);
  // A local is kept only if something besides this chain reads it; anything else someone holds.
  return !(declaration && t.isVariableDeclaration(declaration) && t.isIdentifier(declaration.name)) || isReadElsewhere(ctx, declaration, origin);
}

/** The promise a statement throws away: the expression itself, or a branch of `?:`, `&&`, `||`, `??`, `,`. */
function droppedPromise(ctx: AnalysisContext, expr: ts.Expression): ts.Expression | undefined {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (t.isConditionalExpression(inner)) return droppedPromise(ctx, inner.whenTrue) ?? droppedPromise(ctx, inner.whenFalse);
  if (t.isBinaryExpression(inner) && isBranchingOperator(ctx, inner.operatorToken.kind)) {
    // `this.pending || (this.pending = load())`: the left of `&&`, `||`, `??` is tested; a reference
    // there reads a promise someone already holds rather than starting one.
    const tested = inner.operatorToken.kind !== t.SyntaxKind.CommaToken && isReference(ctx, inner.left);
    const left = tested ? undefined : droppedPromise(ctx, inner.left);
    // `created || load()`, `false && load()`: a right side that can never run starts nothing.
    return left ?? (rightNeverRuns(ctx, inner.operatorToken.kind, inner.left) ? undefined : droppedPromise(ctx, inner.right));
  }
  // `flag && (this.pending = load())`: the assignment stores the promise.
  if (t.isBinaryExpression(inner) && isAssignmentOperator(ctx, inner.operatorToken.kind)) return undefined;
  if (t.isAwaitExpression(inner)) return undefined;
  // A `yield` statement drops what the caller's `next(value)` sends back, which only types tell.
  if (t.isYieldExpression(inner)) return ctx.checker && isPromiseLike(ctx, inner) ? inner : undefined;
  // `load() as Promise<void>`: the assertion's type, where `load()` alone may be `any`.
  return isPromiseLike(ctx, expr) || isPromiseArray(ctx, expr) ? inner : undefined;
}

/** `.catch(fn)`, `.then(ok, fn)`, and `.finally(fn)` after either: the rejection has a handler. */
export function isHandled(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (!t.isCallExpression(inner)) return false;
  const member = memberName(t, inner.expression);
  if (member === "catch") return isSureHandler(ctx, inner, 0);
  if (member === "then") return isSureHandler(ctx, inner, 1);
  const receiver = memberObject(t, inner.expression);
  return member === "finally" && receiver !== undefined && isHandled(ctx, receiver);
}

/** A variable, `this`, or a chain of property reads on one: no call, so nothing is started. */
function isReference(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (t.isIdentifier(inner) || inner.kind === t.SyntaxKind.ThisKeyword) return true;
  if (t.isPropertyAccessExpression(inner)) return isReference(ctx, inner.expression);
  if (t.isElementAccessExpression(inner)) return t.isLiteralExpression(inner.argumentExpression) && isReference(ctx, inner.expression);
  return false;
}

function isBranchingOperator(ctx: AnalysisContext, kind: ts.SyntaxKind): boolean {
  const k = ctx.ts.SyntaxKind;
  return kind === k.AmpersandAmpersandToken || kind === k.BarBarToken || kind === k.QuestionQuestionToken || kind === k.CommaToken;
}

function isAssignmentOperator(ctx: AnalysisContext, kind: ts.SyntaxKind): boolean {
  const k = ctx.ts.SyntaxKind;
  return kind >= k.FirstAssignment && kind <= k.LastAssignment;
}
