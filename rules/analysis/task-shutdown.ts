// require-task-shutdown: a TaskSet owned by a class or a module must be shut down somewhere,
// or shutdown has nothing to wait for and its tasks outlive their owner.
import type * as ts from "typescript";
import { classField } from "./promise.js";
import { findValueDeclaration } from "./scope.js";
import { dottedName, memberName, memberObject, propertyNameText, skipOuter } from "./syntax.js";
import type { AnalysisContext, Finding } from "./types.js";

/**
 * Methods that end an object's life: named for it (`stop`, `close`), or a lifecycle hook whose last
 * word says so (`onModuleDestroy`, `onApplicationShutdown`, `ngOnDestroy`, `onClose`);
 * `[Symbol.asyncDispose]` / `[Symbol.dispose]` included.
 */
const stopMethod = /^(stop|close|dispose|shutdown|destroy|terminate)(?![a-z])/i;
const lifecycleHook = /[a-z0-9](Stop|Close|Dispose|Shutdown|Destroy|Terminate)$/;
const disposeKeys = new Set(["[Symbol.asyncDispose]", "[Symbol.dispose]"]);

export function checkTaskSetShutdown(ctx: AnalysisContext, node: ts.ClassLikeDeclaration | ts.VariableStatement): Finding | undefined {
  return ctx.ts.isVariableStatement(node) ? checkModuleSet(ctx, node) : checkClass(ctx, node);
}

function checkClass(ctx: AnalysisContext, node: ts.ClassLikeDeclaration): Finding | undefined {
  const t = ctx.ts;
  const className = node.name?.text ?? "anonymous class";
  for (const field of ownedTaskSets(ctx, node)) {
    const fieldName = propertyNameText(t, field.name);
    if (fieldName === undefined || isShutDownByClass(ctx, node, fieldName)) continue;
    return {
      rule: "require-task-shutdown",
      kind: "missingShutdown",
      node,
      target: field,
      data: { name: className, field: `this.${fieldName}` },
    };
  }
  return undefined;
}

/** Fields initialised with `new TaskSet(…)` (in the declaration or the constructor), or typed like one. */
function ownedTaskSets(ctx: AnalysisContext, node: ts.ClassLikeDeclaration): (ts.PropertyDeclaration | ts.ParameterDeclaration)[] {
  const t = ctx.ts;
  const owned: (ts.PropertyDeclaration | ts.ParameterDeclaration)[] = [];
  for (const member of node.members) {
    if (t.isPropertyDeclaration(member) && (isNewTaskSet(ctx, member.initializer) || isTaskSetTyped(ctx, member))) {
      owned.push(member);
    }
    if (t.isConstructorDeclaration(member) && member.body) {
      for (const statement of member.body.statements) {
        const assigned = constructorAssignment(ctx, statement);
        const field = assigned && classField(t, node, assigned);
        if (field && !owned.includes(field)) owned.push(field);
      }
    }
  }
  return owned;
}

/** `this.tasks = new TaskSet(…)` in a constructor: the field name. */
function constructorAssignment(ctx: AnalysisContext, statement: ts.Statement): string | undefined {
  const t = ctx.ts;
  if (!t.isExpressionStatement(statement) || !t.isBinaryExpression(statement.expression)) return undefined;
  const { left, operatorToken, right } = statement.expression;
  if (operatorToken.kind !== t.SyntaxKind.EqualsToken || !isNewTaskSet(ctx, right)) return undefined;
  const object = memberObject(t, left);
  return object && skipOuter(t, object).kind === t.SyntaxKind.ThisKeyword ? memberName(t, left) : undefined;
}

function isNewTaskSet(ctx: AnalysisContext, expr: ts.Expression | undefined): boolean {
  const t = ctx.ts;
  if (!expr) return false;
  const inner = skipOuter(t, expr);
  if (!t.isNewExpression(inner)) return false;
  const name = dottedName(t, inner.expression);
  if (name === "TaskSet" || name?.endsWith(".TaskSet")) return true;
  return ctx.checker !== undefined && hasTaskSetShape(ctx, ctx.checker.getTypeAtLocation(inner));
}

function isTaskSetTyped(ctx: AnalysisContext, member: ts.PropertyDeclaration): boolean {
  const checker = ctx.checker;
  // Only owned sets: an injected set (no initialiser) belongs to whoever created it.
  if (!checker || !member.initializer) return false;
  return hasTaskSetShape(ctx, checker.getTypeAtLocation(member.initializer));
}

function hasTaskSetShape(ctx: AnalysisContext, type: ts.Type): boolean {
  return !(type.flags & (ctx.ts.TypeFlags.Any | ctx.ts.TypeFlags.Unknown)) && !!type.getProperty("spawn") && !!type.getProperty("shutdown");
}

function isShutDownByClass(ctx: AnalysisContext, node: ts.ClassLikeDeclaration, field: string): boolean {
  const t = ctx.ts;
  const methods = new Map<string, ts.FunctionLikeDeclaration>();
  for (const member of node.members) {
    const name = propertyNameText(t, member.name);
    if (name === undefined) continue;
    if (t.isMethodDeclaration(member) && member.body) methods.set(name, member);
    if (t.isPropertyDeclaration(member) && member.initializer) {
      const init = skipOuter(t, member.initializer);
      if (t.isArrowFunction(init) || t.isFunctionExpression(init)) methods.set(name, init);
    }
  }
  const visited = new Set<string>();
  const pending = [...methods.keys()].filter((name) => stopMethod.test(name) || lifecycleHook.test(name) || disposeKeys.has(name));
  // Follow `this.helper()` calls from the stop methods, so `stop() { return this.drain(); }` counts.
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (visited.has(name)) continue;
    visited.add(name);
    const body = methods.get(name)?.body;
    if (!body) continue;
    const calls: string[] = [];
    if (shutsDown(ctx, body, (e) => isThisMember(ctx, e, field) || isFieldAlias(ctx, e, field), calls)) return true;
    pending.push(...calls.filter((c) => methods.has(c)));
  }
  return false;
}

function isThisMember(ctx: AnalysisContext, expr: ts.Expression, field: string): boolean {
  const t = ctx.ts;
  const object = memberObject(t, expr);
  return object !== undefined && skipOuter(t, object).kind === t.SyntaxKind.ThisKeyword && memberName(t, expr) === field;
}

/** A local that holds the field: `const tasks = this.tasks;` or `const { tasks } = this;` before `await tasks.shutdown()`. */
function isFieldAlias(ctx: AnalysisContext, expr: ts.Expression, field: string): boolean {
  const t = ctx.ts;
  if (!t.isIdentifier(expr)) return false;
  const declaration = findValueDeclaration(t, expr, expr.text);
  if (!declaration || (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) === 0) return false;
  if (t.isVariableDeclaration(declaration)) return declaration.initializer !== undefined && isThisMember(ctx, skipOuter(t, declaration.initializer), field);
  if (!t.isBindingElement(declaration) || declaration.dotDotDotToken || !t.isObjectBindingPattern(declaration.parent)) return false;
  const holder = declaration.parent.parent;
  const property = propertyNameText(t, declaration.propertyName ?? declaration.name);
  return (
    property === field &&
    t.isVariableDeclaration(holder) &&
    holder.initializer !== undefined &&
    skipOuter(t, holder.initializer).kind === t.SyntaxKind.ThisKeyword
  );
}

/**
 * Whether `root` calls `<set>.shutdown(…)`, `<set>.drain(…)` (the stop of owners that reopen),
 * `<set>[Symbol.asyncDispose]()`, or binds the set with
 * `await using`. Collects the names of `this.<name>()` calls into `calls`.
 */
function shutsDown(ctx: AnalysisContext, root: ts.Node, isSet: (e: ts.Expression) => boolean, calls: string[]): boolean {
  const t = ctx.ts;
  const visit = (node: ts.Node): boolean => {
    if (t.isCallExpression(node)) {
      const callee = skipOuter(t, node.expression);
      const object = memberObject(t, callee);
      if (object && isSet(skipOuter(t, object)) && isShutdownMember(ctx, callee)) return true;
      if (object && skipOuter(t, object).kind === t.SyntaxKind.ThisKeyword) {
        const name = memberName(t, callee);
        if (name !== undefined) calls.push(name);
      }
    }
    if (t.isVariableDeclarationList(node) && (node.flags & t.NodeFlags.Using) !== 0) {
      if (node.declarations.some((d) => d.initializer !== undefined && isSet(skipOuter(t, d.initializer)))) return true;
    }
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

function isShutdownMember(ctx: AnalysisContext, callee: ts.Expression): boolean {
  const t = ctx.ts;
  if (t.isPropertyAccessExpression(callee)) return callee.name.text === "shutdown" || callee.name.text === "drain";
  return t.isElementAccessExpression(callee) && dottedName(t, callee.argumentExpression) === "Symbol.asyncDispose";
}

function checkModuleSet(ctx: AnalysisContext, node: ts.VariableStatement): Finding | undefined {
  const t = ctx.ts;
  if (!t.isSourceFile(node.parent)) return undefined;
  if (node.modifiers?.some((m) => m.kind === t.SyntaxKind.ExportKeyword)) return undefined;
  for (const declaration of node.declarationList.declarations) {
    if (!t.isIdentifier(declaration.name) || !isNewTaskSet(ctx, declaration.initializer)) continue;
    const name = declaration.name.text;
    if (isHandledByModule(ctx, name)) continue;
    return { rule: "require-task-shutdown", kind: "missingModuleShutdown", node: declaration, target: declaration, data: { name } };
  }
  return undefined;
}

/** `installShutdownHooks(set, …)`, `set.shutdown(…)`, `set[Symbol.asyncDispose]()`, or `export { set }` anywhere in the file. */
function isHandledByModule(ctx: AnalysisContext, name: string): boolean {
  const t = ctx.ts;
  const isSet = (e: ts.Expression): boolean => t.isIdentifier(e) && e.text === name;
  const visit = (node: ts.Node): boolean => {
    if (t.isCallExpression(node) && dottedName(t, node.expression)?.endsWith("installShutdownHooks")) {
      const first = node.arguments[0];
      if (first && isSet(skipOuter(t, first))) return true;
    }
    if (t.isExportSpecifier(node) && (node.propertyName ?? node.name).text === name) return true;
    if (t.isExportAssignment(node) && isSet(skipOuter(t, node.expression))) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(ctx.sourceFile) || shutsDown(ctx, ctx.sourceFile, isSet, []);
}
