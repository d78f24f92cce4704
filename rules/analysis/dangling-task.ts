// no-dangling-task: a promise bound to a local that nothing reads afterwards.
import type * as ts from "typescript";
import { describeTask, isAllowedCall } from "./describe.js";
import { isPromiseLike } from "./promise.js";
import { findValueDeclaration } from "./scope.js";
import { hasModifier, skipOuter } from "./syntax.js";
import type { AnalysisContext, Finding, TS } from "./types.js";

export function checkVariableDeclaration(ctx: AnalysisContext, node: ts.VariableDeclaration): Finding | undefined {
  const t = ctx.ts;
  const init = node.initializer;
  if (!t.isIdentifier(node.name) || !init || !t.isVariableDeclarationList(node.parent)) return undefined;
  // `for (const p of …)` / `for (const k in …)` bind elements, not the initialiser's value.
  if (t.isForOfStatement(node.parent.parent) || t.isForInStatement(node.parent.parent)) return undefined;
  if (isExported(ctx, node)) return undefined;
  const value = skipOuter(t, init);
  const scope = bindingScope(ctx, node);
  if (!scope || !isUnreadPromise(ctx, scope, node.name, value)) return undefined;
  const { name, callee } = describeTask(ctx, value);
  return { rule: "no-dangling-task", kind: "dangling", node, target: node, data: { name: node.name.text, task: name, callee } };
}

/**
 * `let p; p = this.warm();` where `p` is never read: the assignment binds the promise to a local
 * nobody reads, as an unread declaration does. The finding's target is the assignment.
 */
export function checkAssignment(ctx: AnalysisContext, node: ts.ExpressionStatement): Finding | undefined {
  const t = ctx.ts;
  const assignment = skipOuter(t, node.expression);
  if (!t.isBinaryExpression(assignment) || assignment.operatorToken.kind !== t.SyntaxKind.EqualsToken) return undefined;
  const left = skipOuter(t, assignment.left);
  if (!t.isIdentifier(left)) return undefined;
  const declaration = findValueDeclaration(t, left, left.text);
  if (!declaration || !t.isVariableDeclaration(declaration) || !t.isIdentifier(declaration.name) || !t.isVariableDeclarationList(declaration.parent)) {
    return undefined;
  }
  if (isExported(ctx, declaration)) return undefined;
  const value = skipOuter(t, assignment.right);
  const scope = bindingScope(ctx, declaration);
  if (!scope || !isUnreadPromise(ctx, scope, declaration.name, value)) return undefined;
  const { name, callee } = describeTask(ctx, value);
  return { rule: "no-dangling-task", kind: "dangling", node, target: assignment, data: { name: left.text, task: name, callee } };
}

/**
 * Whether `value` is a promise and `binding` is never read in `scope`. Most bindings are read, and
 * with types finding a read is cheaper than the value's type, so it is looked for first; without,
 * the file's own declarations answer "not a promise" sooner.
 */
function isUnreadPromise(ctx: AnalysisContext, scope: ts.Node, binding: ts.Identifier, value: ts.Expression): boolean {
  if (!ctx.checker) return isPromiseLike(ctx, value) && !isAllowedCall(ctx, value) && !isRead(ctx, scope, binding);
  return !isRead(ctx, scope, binding) && isPromiseLike(ctx, value) && !isAllowedCall(ctx, value);
}

/** Whether a local is read anywhere but at `except` (a reference to it). */
export function isReadElsewhere(ctx: AnalysisContext, declaration: ts.VariableDeclaration, except: ts.Identifier): boolean {
  const name = declaration.name;
  if (!ctx.ts.isIdentifier(name)) return true;
  const scope = bindingScope(ctx, declaration);
  return scope === undefined || isRead(ctx, scope, name, except);
}

/**
 * Whether code outside this file may read the binding: it is exported, ambient (`declare let p`),
 * or a top-level binding of a script (not a module), which is global.
 */
function isExported(ctx: AnalysisContext, node: ts.VariableDeclaration): boolean {
  const t = ctx.ts;
  const statement = node.parent.parent;
  if (!t.isVariableStatement(statement)) return false;
  if (hasModifier(t, statement, t.SyntaxKind.ExportKeyword) || hasModifier(t, statement, t.SyntaxKind.DeclareKeyword)) return true;
  return t.isSourceFile(statement.parent) && !t.isExternalModule(statement.parent);
}

/** The node whose subtree holds every reference: the block for `let`/`const`, the function for `var`. */
function bindingScope(ctx: AnalysisContext, node: ts.VariableDeclaration): ts.Node | undefined {
  const t = ctx.ts;
  const blockScoped = (node.parent.flags & t.NodeFlags.BlockScoped) !== 0;
  for (let current: ts.Node | undefined = node.parent.parent; current; current = current.parent) {
    if (t.isSourceFile(current) || t.isFunctionLike(current) || t.isClassStaticBlockDeclaration(current)) return current;
    if (blockScoped && (t.isBlock(current) || t.isModuleBlock(current) || t.isCaseBlock(current) || t.isForStatement(current))) {
      return current;
    }
  }
  return undefined;
}

/** Whether any identifier in `scope` reads the binding; type-aware mode compares symbols, syntactic mode names. */
function isRead(ctx: AnalysisContext, scope: ts.Node, binding: ts.Identifier, except?: ts.Node): boolean {
  // A read of the name is one of this binding unless a nested scope that declares the same name
  // hides it: the file's scopes answer that exactly, so the checker is not asked.
  const hidden = (node: ts.Node): boolean => {
    for (let current = node.parent; current && current !== scope; current = current.parent) {
      if (declaresName(ctx, current, binding)) return true;
    }
    return false;
  };
  return namedReads(ctx, scope, binding.text).some((node) => node !== binding && node !== except && !hidden(node));
}

/**
 * The identifiers called `name` below `scope` that read a value. Found from the file's text: each
 * occurrence of the name is followed down to the node there, so a binding costs its occurrences,
 * not a walk over its whole scope (for a module-level one, the whole file). A scope whose text has
 * a `\u` escape, which an identifier may be spelled with, is walked instead.
 */
function namedReads(ctx: AnalysisContext, scope: ts.Node, name: string): ts.Identifier[] {
  const t = ctx.ts;
  const text = ctx.sourceFile.text;
  const found: ts.Identifier[] = [];
  const isRead = (node: ts.Node): node is ts.Identifier => t.isIdentifier(node) && node.text === name && isReference(ctx, node);
  const escape = text.indexOf("\\u", scope.pos);
  if (escape !== -1 && escape < scope.end) {
    const visit = (node: ts.Node): void => {
      if (isRead(node)) found.push(node);
      else if (!t.isIdentifier(node)) t.forEachChild(node, visit);
    };
    t.forEachChild(scope, visit);
    return found;
  }
  const scopeText = text.slice(scope.pos, scope.end);
  for (let at = scopeText.indexOf(name); at !== -1; at = scopeText.indexOf(name, at + name.length)) {
    // Not inside a longer ASCII name; beside any other character the node there decides.
    if (isAsciiNamePart(scopeText.charCodeAt(at - 1)) || isAsciiNamePart(scopeText.charCodeAt(at + name.length))) continue;
    const node = nodeAt(t, scope, scope.pos + at);
    if (node !== scope && isRead(node)) found.push(node);
  }
  return found;
}

function isAsciiNamePart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

/** The deepest node below `root` whose range holds `position`. */
function nodeAt(t: TS, root: ts.Node, position: number): ts.Node {
  let node = root;
  for (;;) {
    const child = t.forEachChild(node, (candidate) => (candidate.pos <= position && position < candidate.end ? candidate : undefined));
    if (!child) return node;
    node = child;
  }
}


/** An identifier that reads a value: not a property name, not a declaration name, not the target of a plain `=`. */
function isReference(ctx: AnalysisContext, node: ts.Identifier): boolean {
  const t = ctx.ts;
  const parent = node.parent;
  if (t.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((t.isPropertyAssignment(parent) || t.isPropertyDeclaration(parent) || t.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (t.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === t.SyntaxKind.EqualsToken) return false;
  if ((t.isVariableDeclaration(parent) || t.isParameter(parent) || t.isBindingElement(parent)) && parent.name === node) return false;
  if (t.isQualifiedName(parent) || t.isTypeReferenceNode(parent) || t.isLabeledStatement(parent)) return false;
  return true;
}

/** Whether `node` declares another binding of the same name, which hides `binding` inside it (not `binding` itself: a `var` lives in its function's body). */
function declaresName(ctx: AnalysisContext, node: ts.Node, binding: ts.Identifier): boolean {
  const t = ctx.ts;
  const name = binding.text;
  if (t.isFunctionLike(node)) return node.parameters.some((p) => t.isIdentifier(p.name) && p.name.text === name);
  if (t.isBlock(node)) {
    return node.statements.some(
      (s) =>
        (t.isVariableStatement(s) && s.declarationList.declarations.some((d) => t.isIdentifier(d.name) && d.name !== binding && d.name.text === name)) ||
        ((t.isFunctionDeclaration(s) || t.isClassDeclaration(s)) && s.name?.text === name),
    );
  }
  return false;
}
