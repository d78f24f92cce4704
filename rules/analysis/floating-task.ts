// no-floating-task: a promise-valued expression statement that nobody awaits, returns or keeps.
import type * as ts from "typescript";
import { describeTask, isAllowedCall } from "./describe.js";
import { isPromiseArray, isPromiseLike } from "./promise.js";
import { enclosingFunction, memberName, memberObject, skipOuter } from "./syntax.js";
import type { AnalysisContext, Finding, FindingKind } from "./types.js";

export function checkExpressionStatement(ctx: AnalysisContext, node: ts.ExpressionStatement): Finding | undefined {
  const t = ctx.ts;
  let expr = skipOuter(t, node.expression);
  const voided = t.isVoidExpression(expr);
  if (t.isVoidExpression(expr)) expr = skipOuter(t, expr.expression);
  if (t.isBinaryExpression(expr) && isAssignmentOperator(ctx, expr.operatorToken.kind)) return undefined;
  const dropped = droppedPromise(ctx, expr);
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
  const dropped = droppedPromise(ctx, expr);
  if (!dropped || isAllowedCall(ctx, dropped)) return undefined;
  const kind = kindOf(ctx, node, dropped, true);
  if (!kind) return undefined;
  const { name, callee } = describeTask(ctx, dropped);
  return { rule: "no-floating-task", kind, node, target: operand, data: { name, callee } };
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
  if (isHandled(ctx, dropped)) return ctx.options.checkHandled ? "floatingHandled" : undefined;
  if (voided && ctx.options.allowVoid) return undefined;
  const container = enclosingFunction(ctx.ts, node);
  if (container && ctx.ts.isConstructorDeclaration(container)) return "floatingInConstructor";
  return voided ? "floatingVoid" : "floating";
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
    return (tested ? undefined : droppedPromise(ctx, inner.left)) ?? droppedPromise(ctx, inner.right);
  }
  // `flag && (this.pending = load())`: the assignment stores the promise.
  if (t.isBinaryExpression(inner) && isAssignmentOperator(ctx, inner.operatorToken.kind)) return undefined;
  if (t.isAwaitExpression(inner) || t.isYieldExpression(inner)) return undefined;
  return isPromiseLike(ctx, inner) || isPromiseArray(ctx, inner) ? inner : undefined;
}

/** `.catch(fn)`, `.then(ok, fn)`, and `.finally(fn)` after either: the rejection has a handler. */
export function isHandled(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (!t.isCallExpression(inner)) return false;
  const member = memberName(t, inner.expression);
  if (member === "catch") return isHandler(ctx, inner.arguments[0]);
  if (member === "then") return isHandler(ctx, inner.arguments[1]);
  const receiver = memberObject(t, inner.expression);
  return member === "finally" && receiver !== undefined && isHandled(ctx, receiver);
}

/** A rejection handler argument: present and not a literal `undefined` / `null`, which handle nothing. */
function isHandler(ctx: AnalysisContext, arg: ts.Expression | undefined): boolean {
  const t = ctx.ts;
  if (!arg) return false;
  const inner = skipOuter(t, arg);
  return !(inner.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(inner) && inner.text === "undefined") || t.isVoidExpression(inner));
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
