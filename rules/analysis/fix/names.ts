// The `name` a rewritten site gives its task, so a shutdown report says which site it was:
// `Orchestrator.executeTask` for a call on `this`, `child.send` for a call on something else,
// `stream.on('close')` for a handler, `Queue retry timer` for a timer.
import type * as ts from "typescript";
import type { TS } from "../types.js";

const chainMethods = new Set(["then", "catch", "finally"]);
const timerFunctions = new Set(["setInterval", "setTimeout", "setImmediate"]);

/** The name of the work an expression starts, or `undefined` when it has none worth showing. */
export function calleeName(t: TS, expression: ts.Expression, owner?: string): string | undefined {
  let node = skipWrappers(t, expression);
  // `a.then(f)` is named after `a`: the chain only continues the work `a` started.
  while (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && chainMethods.has(node.expression.name.text)) {
    node = skipWrappers(t, node.expression.expression);
  }
  if (t.isCallExpression(node) || t.isNewExpression(node)) return qualifiedName(t, node.expression, owner);
  return undefined;
}

/** `watcher.on('add')`, `Heartbeat beat timer`, `paths.forEach`: the call a callback is handed to. */
export function callbackSiteName(t: TS, callback: ts.Node, owner?: string): string | undefined {
  let node: ts.Node = callback;
  while (node.parent && t.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !(t.isCallExpression(call) || t.isNewExpression(call))) return undefined;
  const callee = skipWrappers(t, call.expression);
  if (t.isIdentifier(callee) && timerFunctions.has(callee.text)) return timerName(t, call, node, owner);
  let name: string | undefined;
  if (t.isPropertyAccessExpression(callee)) {
    const receiver = memberName(t, callee.expression) ?? (callee.expression.kind === t.SyntaxKind.ThisKeyword ? (owner ?? "this") : undefined);
    name = receiver ? `${receiver}.${callee.name.text}` : callee.name.text;
  } else {
    name = memberName(t, callee);
    if (name && t.isNewExpression(call)) name = `new ${name}`;
  }
  const first = call.arguments?.[0];
  if (name && first && first !== node && (t.isStringLiteral(first) || t.isNoSubstitutionTemplateLiteral(first))) {
    name += `('${first.text}')`;
  }
  return name;
}

/**
 * `<Owner> <what> timer`: what comes from the field the timer is stored in (`retryTimer`), or
 * the first method the callback calls on `this`.
 */
function timerName(t: TS, call: ts.CallExpression | ts.NewExpression, callback: ts.Node, owner: string | undefined): string {
  let what: string | undefined;
  const parent = call.parent;
  const target = parent && t.isBinaryExpression(parent) && parent.right === call ? parent.left : parent && t.isVariableDeclaration(parent) ? parent.name : undefined;
  const stored = target && (t.isPropertyAccessExpression(target) ? target.name.text : t.isIdentifier(target) ? target.text : undefined);
  if (stored) what = stored.replace(/(Timer|Interval|Timeout|Handle|Id)$/i, "") || undefined;
  if (!what) what = firstThisCall(t, callback);
  // Module code: the file names the timer, as it names the module's set.
  const where = owner ?? call.getSourceFile().fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  return [where, what, "timer"].filter(Boolean).join(" ");
}

/** The first method the callback calls on the owner or one of its fields (`this.retry()`, `this.transport.ping()`). */
function firstThisCall(t: TS, root: ts.Node): string | undefined {
  let found: string | undefined;
  const onThis = (node: ts.Expression): boolean =>
    node.kind === t.SyntaxKind.ThisKeyword || (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword);
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && onThis(node.expression.expression)) {
      found = node.expression.name.text;
      return;
    }
    t.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** `Owner.method` for `this.method`, `receiver.method` for one level of receiver, else the last name. */
function qualifiedName(t: TS, callee: ts.Expression, owner: string | undefined): string | undefined {
  const node = skipWrappers(t, callee);
  if (t.isPropertyAccessExpression(node)) {
    const receiver = skipWrappers(t, node.expression);
    if (receiver.kind === t.SyntaxKind.ThisKeyword) return owner ? `${owner}.${node.name.text}` : node.name.text;
    const left = memberName(t, receiver);
    return left ? `${left}.${node.name.text}` : node.name.text;
  }
  return memberName(t, node);
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
