// A process signal handler (`process.on('SIGTERM', …)`) runs the shutdown: it is never a task of a
// set that shutdown drains. It is recognised inline, or stored first (`const onSignal:
// NodeJS.SignalsListener = async …` / a field) and then registered on `process`.
import type * as ts from "typescript";
import { propertyNameText } from "../syntax.js";
import type { AnalysisContext, TS } from "../types.js";

const signals = /^SIG[A-Z]+$/;
const registrations = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);

/** Whether `fn` is a process signal handler: passed to one, or stored where one is registered from. */
export function isSignalHandler(ctx: AnalysisContext, fn: ts.Node): boolean {
  const t = ctx.ts;
  const parent = fn.parent;
  if (parent && t.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) return registersSignal(t, parent);
  if (!parent || !(t.isVariableDeclaration(parent) || t.isPropertyDeclaration(parent)) || parent.initializer !== fn) return false;
  if (parent.type && /\bSignalsListener$/.test(parent.type.getText(ctx.sourceFile))) return true;
  const name = propertyNameText(t, parent.name);
  if (name === undefined) return false;
  const field = t.isPropertyDeclaration(parent);
  const visit = (node: ts.Node): boolean => {
    if (t.isCallExpression(node) && registersSignal(t, node)) {
      const handler = node.arguments[1];
      const refers = handler && (field ? t.isPropertyAccessExpression(handler) && handler.expression.kind === t.SyntaxKind.ThisKeyword && handler.name.text === name : t.isIdentifier(handler) && handler.text === name);
      if (refers) return true;
    }
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(field ? parent.parent : ctx.sourceFile);
}

/** `x.on('SIGTERM', …)` (or `beforeExit`), or `process.on(signal, …)` with a computed event, as a loop over signals registers it. */
function registersSignal(t: TS, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!t.isPropertyAccessExpression(callee) || !registrations.has(callee.name.text)) return false;
  const first = call.arguments[0];
  if (first === undefined) return false;
  if (t.isStringLiteralLike(first)) return signals.test(first.text) || first.text === "beforeExit";
  return t.isIdentifier(callee.expression) && callee.expression.text === "process";
}
