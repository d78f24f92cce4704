// The `name` a rewritten site gives its task: the called function for a call or chain
// (`executeTask`, `initialize`), the receiving call for a callback (`watcher.on('add')`).
import type * as ts from "typescript";
import type { TS } from "../types.js";

const chainMethods = new Set(["then", "catch", "finally"]);

/** The name of the work an expression starts, or `undefined` when it has none worth showing. */
export function calleeName(t: TS, expression: ts.Expression): string | undefined {
  let node = skipWrappers(t, expression);
  // `a.then(f)` is named after `a`: the chain only continues the work `a` started.
  while (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && chainMethods.has(node.expression.name.text)) {
    node = skipWrappers(t, node.expression.expression);
  }
  if (t.isCallExpression(node) || t.isNewExpression(node)) return memberName(t, node.expression);
  return undefined;
}

/** `watcher.on('add')`, `setInterval`, `paths.forEach`: the call a callback is handed to. */
export function callbackSiteName(t: TS, callback: ts.Node): string | undefined {
  let node: ts.Node = callback;
  while (node.parent && t.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !(t.isCallExpression(call) || t.isNewExpression(call))) return undefined;
  const callee = skipWrappers(t, call.expression);
  let name: string | undefined;
  if (t.isPropertyAccessExpression(callee)) {
    const receiver = memberName(t, callee.expression) ?? (callee.expression.kind === t.SyntaxKind.ThisKeyword ? "this" : undefined);
    name = receiver ? `${receiver}.${callee.name.text}` : callee.name.text;
  } else {
    name = memberName(t, callee);
  }
  const first = call.arguments?.[0];
  if (name && first && first !== node && (t.isStringLiteral(first) || t.isNoSubstitutionTemplateLiteral(first))) {
    name += `('${first.text}')`;
  }
  return name;
}

function memberName(t: TS, callee: ts.Expression): string | undefined {
  const node = skipWrappers(t, callee);
  if (t.isIdentifier(node) || t.isPrivateIdentifier(node)) return node.text;
  if (t.isPropertyAccessExpression(node)) return node.name.text;
  if (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

function skipWrappers(t: TS, node: ts.Expression): ts.Expression {
  let current = node;
  while (t.isParenthesizedExpression(current) || t.isNonNullExpression(current) || t.isAsExpression(current) || t.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}
