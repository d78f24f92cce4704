// One walk over a file, dispatching each candidate node to the check of every enabled rule.
import type * as ts from "typescript";
import { withCheckerFallback } from "./checker-fallback.js";
import { checkCallbackArguments, checkCallbackValue, checkDisposerBinding, checkMemberDeclaration, type CallbackValue } from "./floating-callback.js";
import { checkAssignment, checkVariableDeclaration } from "./dangling-task.js";
import { checkAwaitExpression, checkExpressionStatement, checkVoidExpression } from "./floating-task.js";
import { checkTaskSetShutdown } from "./task-shutdown.js";
import { enclosingFunction } from "./syntax.js";
import type { AnalysisContext, Finding, RuleName } from "./types.js";

const allRules: readonly RuleName[] = ["no-floating-task", "no-dangling-task", "no-floating-callback", "require-task-shutdown"];

/** Every finding of the enabled rules in the context's file, in source order. */
export function analyzeSourceFile(ctx: AnalysisContext, rules: readonly RuleName[] = allRules): Finding[] {
  const t = ctx.ts;
  const enabled = new Set(rules);
  const findings: Finding[] = [];
  // A node's findings are collected apart, so a rerun without the checker cannot duplicate them.
  const checkNode = (ctx: AnalysisContext, node: ts.Node): Finding[] => {
    const found: (Finding | undefined)[] = [];
    if (enabled.has("no-floating-task")) {
      if (t.isExpressionStatement(node)) found.push(checkExpressionStatement(ctx, node));
      if (t.isVoidExpression(node)) found.push(checkVoidExpression(ctx, node));
      if (t.isAwaitExpression(node)) found.push(checkAwaitExpression(ctx, node));
    }
    if (enabled.has("no-dangling-task")) {
      if (t.isVariableDeclaration(node)) found.push(checkVariableDeclaration(ctx, node));
      if (t.isExpressionStatement(node)) found.push(checkAssignment(ctx, node));
    }
    if (enabled.has("no-floating-callback")) {
      if (t.isCallExpression(node) || t.isNewExpression(node)) found.push(...checkCallbackArguments(ctx, node));
      if (isCallbackValuePosition(ctx, node)) found.push(checkCallbackValue(ctx, node));
      else if (t.isMethodSignature(node) || t.isPropertySignature(node) || t.isMethodDeclaration(node) || t.isPropertyDeclaration(node)) found.push(checkMemberDeclaration(ctx, node));
      if (t.isVariableDeclaration(node)) found.push(checkDisposerBinding(ctx, node));
    }
    if (enabled.has("require-task-shutdown")) {
      if (t.isClassLike(node)) found.push(checkTaskSetShutdown(ctx, node));
      if (t.isVariableStatement(node) && t.isSourceFile(node.parent)) found.push(checkTaskSetShutdown(ctx, node));
    }
    return found.filter((finding): finding is Finding => finding !== undefined);
  };
  const visit = (node: ts.Node): void => {
    findings.push(...withCheckerFallback(ctx, (ctx) => checkNode(ctx, node)));
    t.forEachChild(node, visit);
  };
  visit(ctx.sourceFile);
  return findings;
}

/**
 * Whether anything can declare a type for this object literal's members: not so for a literal (or
 * one nested in literals) bound to an unannotated variable or left as a statement, so its members
 * need no type query. JavaScript files can annotate with JSDoc, so there every literal may.
 */
function mayHaveDeclaredType(ctx: AnalysisContext, literal: ts.ObjectLiteralExpression): boolean {
  const t = ctx.ts;
  if (ctx.sourceFile.flags & t.NodeFlags.JavaScriptFile) return true;
  let node: ts.Node = literal;
  for (;;) {
    const parent: ts.Node = node.parent;
    if (t.isPropertyAssignment(parent) || t.isSpreadAssignment(parent)) node = parent.parent;
    else if (t.isArrayLiteralExpression(parent) || t.isParenthesizedExpression(parent) || t.isSpreadElement(parent)) node = parent;
    // `using r = { … }` calls the literal's `[Symbol.dispose]`.
    else if (t.isVariableDeclaration(parent)) return parent.type !== undefined || (t.getCombinedNodeFlags(parent) & t.NodeFlags.Using) !== 0;
    else return !t.isExpressionStatement(parent);
  }
}

/**
 * A function whose caller is known only through a declared type: an object literal property or
 * method, the initialiser of a typed variable, the right side of an assignment, a returned value, a
 * JSX attribute, or a class method or field (which may override a `void` one). References to a
 * function (`{ onDone }`, `const h: () => void = onDone`) count in the same positions.
 */
export function isCallbackValuePosition(ctx: AnalysisContext, node: ts.Node): node is CallbackValue {
  const t = ctx.ts;
  if (t.isMethodDeclaration(node)) return (t.isObjectLiteralExpression(node.parent) && mayHaveDeclaredType(ctx, node.parent)) || t.isClassLike(node.parent);
  const isFunction = t.isArrowFunction(node) || t.isFunctionExpression(node);
  // Whether a call or a choice yields a function only the checker can tell.
  const isComputed = (t.isCallExpression(node) || t.isConditionalExpression(node)) && ctx.checker !== undefined;
  const isReference = t.isIdentifier(node) || t.isPropertyAccessExpression(node) || isComputed;
  if (!isFunction && !isReference) return false;
  const parent = node.parent;
  if (!isFunction && t.isShorthandPropertyAssignment(parent)) return parent.name === node && t.isObjectLiteralExpression(parent.parent) && mayHaveDeclaredType(ctx, parent.parent);
  if (t.isPropertyAssignment(parent) && t.isObjectLiteralExpression(parent.parent) && !mayHaveDeclaredType(ctx, parent.parent)) return false;
  // A computed value only where a declared type names the function: `{ onDone: make() }`, a typed variable.
  if (isComputed) return (t.isPropertyAssignment(parent) || (t.isVariableDeclaration(parent) && parent.type !== undefined)) && parent.initializer === node;
  if (t.isPropertyAssignment(parent)) return parent.initializer === node;
  if (t.isVariableDeclaration(parent)) return parent.initializer === node && parent.type !== undefined;
  // A declared return type, or a function expression's contextual one: a function declaration or
  // method without an annotation gives its return statements no type to be checked against.
  if (t.isReturnStatement(parent)) {
    const fn = enclosingFunction(t, parent);
    return fn !== undefined && !t.isClassStaticBlockDeclaration(fn) && (fn.type !== undefined || t.isArrowFunction(fn) || t.isFunctionExpression(fn));
  }
  if (t.isArrowFunction(parent)) return parent.body === node;
  if (t.isJsxExpression(parent)) return parent.parent !== undefined && t.isJsxAttribute(parent.parent);
  if (isFunction && t.isPropertyDeclaration(parent)) return parent.initializer === node && t.isClassLike(parent.parent);
  return t.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === t.SyntaxKind.EqualsToken;
}
