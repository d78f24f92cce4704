// Small syntactic helpers shared by every check: unwrapping, names, enclosing nodes.
import type * as ts from "typescript";
import type { TS } from "./types.js";

/** Strips parentheses, `as`/`satisfies`/`<T>` assertions and `!`, which never change whether a value is a promise. */
export function skipOuter(t: TS, expr: ts.Expression): ts.Expression {
  let current = expr;
  for (;;) {
    if (
      t.isParenthesizedExpression(current) ||
      t.isAsExpression(current) ||
      t.isSatisfiesExpression(current) ||
      t.isTypeAssertionExpression(current) ||
      t.isNonNullExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The dotted text of an entity (`this.rag.query`, `fs.promises.readFile`), or undefined if it has calls or elements inside. */
export function dottedName(t: TS, expr: ts.Expression): string | undefined {
  const inner = skipOuter(t, expr);
  if (t.isIdentifier(inner)) return inner.text;
  if (inner.kind === t.SyntaxKind.ThisKeyword) return "this";
  if (inner.kind === t.SyntaxKind.SuperKeyword) return "super";
  if (t.isPropertyAccessExpression(inner) && t.isIdentifier(inner.name)) {
    const left = dottedName(t, inner.expression);
    return left === undefined ? undefined : `${left}.${inner.name.text}`;
  }
  return undefined;
}

/** The last identifier of a callee (`executeTask` for `this.executeTask`), used as the task name. */
export function lastName(t: TS, expr: ts.Expression): string | undefined {
  const inner = skipOuter(t, expr);
  if (t.isIdentifier(inner)) return inner.text;
  if (t.isPropertyAccessExpression(inner)) return inner.name.text;
  if (t.isElementAccessExpression(inner) && t.isStringLiteralLike(inner.argumentExpression)) {
    return inner.argumentExpression.text;
  }
  return undefined;
}

/** The member name of `x.name` / `x?.name` / `x["name"]`, if the expression is such an access. */
export function memberName(t: TS, expr: ts.Expression): string | undefined {
  const inner = skipOuter(t, expr);
  if (t.isPropertyAccessExpression(inner)) return inner.name.text;
  if (t.isElementAccessExpression(inner) && t.isStringLiteralLike(inner.argumentExpression)) {
    return inner.argumentExpression.text;
  }
  return undefined;
}

/** The object of a member access (`x` in `x.name`), or undefined for anything else. */
export function memberObject(t: TS, expr: ts.Expression): ts.Expression | undefined {
  const inner = skipOuter(t, expr);
  return t.isPropertyAccessExpression(inner) || t.isElementAccessExpression(inner) ? inner.expression : undefined;
}

export function isFunctionExpressionLike(t: TS, node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return t.isArrowFunction(node) || t.isFunctionExpression(node);
}

export function hasModifier(t: TS, node: ts.Node, kind: ts.SyntaxKind): boolean {
  return t.canHaveModifiers(node) ? (t.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

export function isAsyncFunction(t: TS, node: ts.Node): boolean {
  return t.isFunctionLike(node) && hasModifier(t, node, t.SyntaxKind.AsyncKeyword) && !isGenerator(t, node);
}

function isGenerator(t: TS, node: ts.Node): boolean {
  return (
    (t.isFunctionDeclaration(node) || t.isFunctionExpression(node) || t.isMethodDeclaration(node)) &&
    node.asteriskToken !== undefined
  );
}

/** The nearest function-like node (or class static block) containing `node`, not counting `node` itself. */
export function enclosingFunction(t: TS, node: ts.Node): ts.SignatureDeclaration | ts.ClassStaticBlockDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isFunctionLike(current) || t.isClassStaticBlockDeclaration(current)) return current;
  }
  return undefined;
}

export function enclosingClass(t: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isClassLike(current)) return current;
    // `this` inside a plain function or an object method is not the class instance.
    if (t.isFunctionDeclaration(current) || t.isFunctionExpression(current)) return undefined;
    if (t.isMethodDeclaration(current) && t.isObjectLiteralExpression(current.parent)) return undefined;
  }
  return undefined;
}

/** The name of a class member or property as written, for identifiers, string literals and private names. */
export function propertyNameText(t: TS, name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (t.isIdentifier(name) || t.isPrivateIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name)) {
    return name.text;
  }
  if (t.isComputedPropertyName(name)) {
    const inner = dottedName(t, name.expression);
    return inner === undefined ? undefined : `[${inner}]`;
  }
  return undefined;
}

/** A short readable text for an expression in messages: long texts are shortened, whitespace collapsed. */
export function displayText(sourceFile: ts.SourceFile, node: ts.Node, max = 40): string {
  const text = node.getText(sourceFile).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
