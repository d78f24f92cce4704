// Work that waits for the owner's own stop (`await this.close()`, directly or through another method
// of the class) must not be spawned into the set that stop drains: the stop would wait for the task
// that waits for the stop, until the drain's timeout. A stop the work only starts (`this.close();`
// in a sync method) does not wait for the task's end, so it is no self-wait.
import type * as ts from "typescript";
import { hasModifier, propertyNameText } from "../syntax.js";
import type { AnalysisContext, TS } from "../types.js";
import { classChain, type Owner } from "./owner.js";

/** A call of one of the owner's lifecycle methods in `root`: `this.close`, and the method of the class it goes through. */
export interface SelfWait {
  readonly stop: string;
  readonly via: string | undefined;
  /** The stop is called only on some paths of `via` (under an `if`, `?:`, `&&`, a `case`, a `catch`). */
  readonly conditional: boolean;
}

/** The owner's lifecycle call `root` makes, directly or through `this`/`super` calls of the class's methods. */
export function lifecycleCallIn(ctx: AnalysisContext, root: ts.Node, owner: Owner): SelfWait | undefined {
  if (owner.kind === "module") return undefined;
  const t = ctx.ts;
  const members = new Map<string, ts.Node>();
  // An owner without a set still has its lifecycle (inherited from another file, or synchronous):
  // then only a direct call of it is seen, not one through the class's other methods.
  for (const cls of owner.kind === "class" ? classChain(ctx, owner.site) : []) {
    for (const member of cls.members) {
      const name = member.name && propertyNameText(t, member.name);
      const body = t.isMethodDeclaration(member) ? member.body : t.isPropertyDeclaration(member) ? member.initializer : undefined;
      if (name !== undefined && body && !members.has(name)) members.set(name, body);
    }
  }
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, via?: string): SelfWait | undefined => {
    // Only arrows keep the owner's `this`; and an arrow the work hands on (`chain.then(() => …)`
    // stored, a timer's callback) runs after it, unless the work waits for the call it is given to.
    if (t.isFunctionLike(node) && !t.isArrowFunction(node) && node !== root) return undefined;
    if (t.isArrowFunction(node) && node !== root && !(t.isCallExpression(node.parent) && waitedFor(t, node.parent, root))) return undefined;
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && waitedFor(t, node, root)) {
      const receiver = node.expression.expression.kind;
      const name = node.expression.name.text;
      if (receiver === t.SyntaxKind.ThisKeyword || receiver === t.SyntaxKind.SuperKeyword) {
        if (owner.lifecycle.has(name)) return { stop: `this.${name}`, via, conditional: via !== undefined && underCondition(t, node) };
        const body = members.get(name);
        if (body && !seen.has(body)) {
          seen.add(body);
          const found = t.forEachChild(body, (child) => visit(child, via ?? `this.${name}`));
          if (found) return found;
        }
      }
    }
    return t.forEachChild(node, (child) => visit(child, via));
  };
  return visit(root);
}

/**
 * Whether the work waits for `call`: it is the spawned work itself (`root`, through `.then/.catch/.finally`),
 * or awaited, returned, or a bare statement of an async function (which the fix awaits).
 */
function waitedFor(t: TS, call: ts.Expression, root: ts.Node): boolean {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (t.isParenthesizedExpression(parent) || t.isNonNullExpression(parent) || t.isAsExpression(parent)) node = parent;
    else if (t.isPropertyAccessExpression(parent) && ["then", "catch", "finally"].includes(parent.name.text) && t.isCallExpression(parent.parent)) node = parent.parent;
    else break;
  }
  if (node === root || call === root) return true;
  const parent = node.parent;
  if (t.isAwaitExpression(parent) || t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === node)) return true;
  const statement = t.isVoidExpression(parent) ? parent.parent : parent;
  if (!t.isExpressionStatement(statement)) return false;
  let fn: ts.Node | undefined = statement.parent;
  while (fn && !t.isFunctionLike(fn)) fn = fn.parent;
  return fn !== undefined && hasModifier(t, fn, t.SyntaxKind.AsyncKeyword);
}

/** Whether `node` runs only on some paths of the function it is in. */
function underCondition(t: TS, node: ts.Node): boolean {
  for (let current = node; current.parent && !t.isFunctionLike(current.parent); current = current.parent) {
    const parent = current.parent;
    if (t.isIfStatement(parent) && parent.expression !== current) return true;
    if (t.isConditionalExpression(parent) && parent.condition !== current) return true;
    if (t.isBinaryExpression(parent) && parent.right === current && isShortCircuit(t, parent.operatorToken.kind)) return true;
    if (t.isCaseClause(parent) || t.isDefaultClause(parent) || t.isCatchClause(parent)) return true;
  }
  return false;
}

function isShortCircuit(t: TS, kind: ts.SyntaxKind): boolean {
  const k = t.SyntaxKind;
  return kind === k.AmpersandAmpersandToken || kind === k.BarBarToken || kind === k.QuestionQuestionToken;
}
