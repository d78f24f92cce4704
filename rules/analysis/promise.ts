// Whether an expression is a promise, and whether a function returns one. Type-aware mode asks
// the checker; syntactic mode decides from what the file shows (see DESIGN.md) and answers
// "no" whenever it cannot tell, because a false report costs more trust than a missed one.
import type * as ts from "typescript";
import { isKnownPromiseFunction, isModule, promiseStatics, promisesNamespaceOf } from "./known-apis.js";
import { findTypeDeclaration, findValueDeclaration, importedName, importModule, type ValueDeclaration } from "./scope.js";
import { enclosingClass, isAsyncFunction, isFunctionExpressionLike, memberName, memberObject, propertyNameText, skipOuter } from "./syntax.js";
import type { AnalysisContext, TS } from "./types.js";

/** How many declarations syntactic resolution follows before giving up (guards against cycles). */
const maxDepth = 4;

/** Whether `expr` evaluates to a thenable. `any` and `unknown` are not promises. */
export function isPromiseLike(ctx: AnalysisContext, expr: ts.Expression): boolean {
  if (ctx.checker) return isThenableType(ctx, ctx.checker.getTypeAtLocation(expr));
  return promiseSyntax(ctx, expr, 0);
}

/** Whether calling `fn` (a function expression or a reference to a function) returns a thenable. */
export function isPromiseReturningFunction(ctx: AnalysisContext, fn: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, fn);
  if (isFunctionExpressionLike(t, inner) && isAsyncFunction(t, inner)) return true;
  if (ctx.checker) {
    const type = ctx.checker.getTypeAtLocation(inner);
    return type.getCallSignatures().some((signature) => isThenableType(ctx, signature.getReturnType()));
  }
  if (isFunctionExpressionLike(t, inner)) return functionReturnsPromise(ctx, inner, 0);
  return calleeReturnsPromise(ctx, inner, 0);
}

/** Whether `expr` is an array of promises, such as `items.map(async (item) => …)`. */
export function isPromiseArray(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (ctx.checker) {
    const checker = ctx.checker;
    const type = checker.getTypeAtLocation(inner);
    if (!checker.isArrayType(type) && !checker.isTupleType(type)) return false;
    return checker.getTypeArguments(type as ts.TypeReference).some((element) => isThenableType(ctx, element));
  }
  if (!t.isCallExpression(inner) || memberName(t, inner.expression) !== "map") return false;
  const callback = inner.arguments[0];
  return callback !== undefined && isPromiseReturningFunction(ctx, callback);
}

/** A type is thenable when any union member has a callable `then` (the definition `await` uses). */
export function isThenableType(ctx: AnalysisContext, type: ts.Type): boolean {
  const checker = ctx.checker;
  if (!checker) return false;
  const t = ctx.ts;
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown | t.TypeFlags.Never)) continue;
    const then = checker.getApparentType(part).getProperty("then");
    if (then && checker.getTypeOfSymbol(then).getCallSignatures().length > 0) return true;
  }
  return false;
}

/** The promise type's name in type-aware mode (`Promise`, `PromiseLike`, an alias), for `allowedCalls`. */
export function promiseTypeNames(ctx: AnalysisContext, expr: ts.Expression): string[] {
  const checker = ctx.checker;
  if (!checker) return [];
  const type = checker.getTypeAtLocation(expr);
  const names: string[] = [];
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.aliasSymbol) names.push(part.aliasSymbol.name);
    const symbol = part.getSymbol();
    if (symbol) names.push(symbol.name);
  }
  if (type.aliasSymbol) names.push(type.aliasSymbol.name);
  return names;
}

function promiseSyntax(ctx: AnalysisContext, expr: ts.Expression, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if ((t.isAsExpression(expr) || t.isTypeAssertionExpression(expr)) && isPromiseTypeNode(t, expr.type)) return true;
  const inner = skipOuter(t, expr);
  if (t.isNewExpression(inner)) return t.isIdentifier(inner.expression) && inner.expression.text === "Promise";
  if (t.isCallExpression(inner)) return callIsPromise(ctx, inner, depth);
  if (t.isConditionalExpression(inner)) {
    return promiseSyntax(ctx, inner.whenTrue, depth) || promiseSyntax(ctx, inner.whenFalse, depth);
  }
  if (t.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === t.SyntaxKind.AmpersandAmpersandToken || operator === t.SyntaxKind.CommaToken) {
      return promiseSyntax(ctx, inner.right, depth);
    }
    if (operator === t.SyntaxKind.BarBarToken || operator === t.SyntaxKind.QuestionQuestionToken) {
      return promiseSyntax(ctx, inner.left, depth) || promiseSyntax(ctx, inner.right, depth);
    }
    return false;
  }
  if (t.isIdentifier(inner)) {
    const declaration = findValueDeclaration(t, inner, inner.text);
    return declaration !== undefined && declarationHoldsPromise(ctx, declaration, depth + 1);
  }
  return false;
}

function callIsPromise(ctx: AnalysisContext, call: ts.CallExpression, depth: number): boolean {
  const t = ctx.ts;
  const callee = skipOuter(t, call.expression);
  if (isFunctionExpressionLike(t, callee)) return isAsyncFunction(t, callee) || functionReturnsPromise(ctx, callee, depth + 1);
  const member = memberName(t, callee);
  if (member === "then" || member === "catch" || member === "finally") {
    const receiver = memberObject(t, callee);
    // `.then/.catch/.finally` with a handler is the promise protocol; the receiver may come from another file.
    return call.arguments.length > 0 || (receiver !== undefined && promiseSyntax(ctx, receiver, depth + 1));
  }
  return calleeReturnsPromise(ctx, callee, depth);
}

/** Whether calling `callee` returns a promise, resolved from the file's own declarations and known APIs. */
function calleeReturnsPromise(ctx: AnalysisContext, callee: ts.Expression, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isIdentifier(callee)) {
    const declaration = findValueDeclaration(t, callee, callee.text);
    if (!declaration) return callee.text === "fetch";
    return declarationReturnsPromise(ctx, declaration, depth + 1);
  }
  if (t.isCallExpression(callee) && memberName(t, callee.expression) === "bind") {
    const bound = memberObject(t, callee.expression);
    return bound !== undefined && calleeReturnsPromise(ctx, skipOuter(t, bound), depth + 1);
  }
  const member = memberName(t, callee);
  const objectExpr = memberObject(t, callee);
  if (member === undefined || objectExpr === undefined) return false;
  const object = skipOuter(t, objectExpr);
  if (object.kind === t.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(t, callee);
    return owner !== undefined && classMemberReturnsPromise(ctx, owner, member, depth + 1);
  }
  if (t.isIdentifier(object)) {
    if (object.text === "Promise" && !findValueDeclaration(t, object, "Promise")) return promiseStatics.has(member);
    const declaration = findValueDeclaration(t, object, object.text);
    if (!declaration) return false;
    const moduleName = importModule(t, declaration);
    if (moduleName !== undefined) return importedMemberIsPromise(t, declaration, moduleName, member);
    return declarationMemberReturnsPromise(ctx, declaration, member, depth + 1);
  }
  const objectMember = memberName(t, object);
  const root = memberObject(t, object);
  if (objectMember === undefined || root === undefined) return false;
  const rootInner = skipOuter(t, root);
  if (rootInner.kind === t.SyntaxKind.ThisKeyword) {
    // `this.field.m()`: the field's annotated type, declared in this file, decides.
    const owner = enclosingClass(t, callee);
    const field = owner && classField(t, owner, objectMember);
    return field !== undefined && declarationMemberReturnsPromise(ctx, field, member, depth + 1);
  }
  if (t.isIdentifier(rootInner) && objectMember === "promises") {
    // `fs.promises.readFile()` with `import fs from "node:fs"` or `import * as fs from "fs"`.
    const declaration = findValueDeclaration(t, rootInner, rootInner.text);
    const moduleName = declaration && importModule(t, declaration);
    const name = declaration && importedName(t, declaration);
    const promisesModule = moduleName === undefined ? undefined : promisesNamespaceOf(moduleName);
    return promisesModule !== undefined && (name === "*" || name === "default") && isKnownPromiseFunction(promisesModule, member);
  }
  return false;
}

function importedMemberIsPromise(t: TS, declaration: ValueDeclaration, moduleName: string, member: string): boolean {
  const name = importedName(t, declaration);
  if (name === "*" || name === "default") return isKnownPromiseFunction(moduleName, member);
  const promisesModule = promisesNamespaceOf(moduleName);
  if (name === "promises" && promisesModule) return isKnownPromiseFunction(promisesModule, member);
  return isModule(moduleName, "timers/promises") && name === "scheduler" && isKnownPromiseFunction(moduleName, `scheduler.${member}`);
}

/** Whether calling the function that `declaration` declares returns a promise. */
function declarationReturnsPromise(ctx: AnalysisContext, declaration: ValueDeclaration, depth: number): boolean {
  const t = ctx.ts;
  const moduleName = importModule(t, declaration);
  if (moduleName !== undefined) {
    const name = importedName(t, declaration);
    // Namespaces are not functions; imports from relative modules need a checker.
    return name !== undefined && name !== "*" && name !== "default" && isKnownPromiseFunction(moduleName, name);
  }
  return memberLikeReturnsPromise(ctx, declaration, depth);
}

/**
 * Whether a function-like declaration, or a variable/property/parameter holding a function, returns a promise:
 * async, annotated `Promise<…>`/`PromiseLike<…>`, or (for arrows) an expression body that is a promise.
 */
function memberLikeReturnsPromise(ctx: AnalysisContext, node: ts.Node, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isFunctionLike(node)) return functionReturnsPromise(ctx, node, depth);
  if (
    t.isVariableDeclaration(node) ||
    t.isPropertyDeclaration(node) ||
    t.isPropertySignature(node) ||
    t.isParameter(node)
  ) {
    if (node.type) return t.isFunctionTypeNode(node.type) && isPromiseTypeNode(t, node.type.type);
    const init = !t.isPropertySignature(node) && node.initializer ? skipOuter(t, node.initializer) : undefined;
    return init !== undefined && isFunctionExpressionLike(t, init) && functionReturnsPromise(ctx, init, depth + 1);
  }
  return false;
}

function functionReturnsPromise(ctx: AnalysisContext, fn: ts.SignatureDeclaration, depth: number): boolean {
  const t = ctx.ts;
  if (isAsyncFunction(t, fn)) return true;
  if (fn.type) return isPromiseTypeNode(t, fn.type);
  if (t.isArrowFunction(fn) && !t.isBlock(fn.body)) return promiseSyntax(ctx, fn.body, depth + 1);
  return false;
}

/** Whether the value a declaration binds is a promise: annotated so, or initialised with one. */
function declarationHoldsPromise(ctx: AnalysisContext, declaration: ValueDeclaration, depth: number): boolean {
  const t = ctx.ts;
  if (!(t.isVariableDeclaration(declaration) || t.isParameter(declaration))) return false;
  if (declaration.type) return isPromiseTypeNode(t, declaration.type);
  const constant = t.isVariableDeclaration(declaration) && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0;
  return constant && declaration.initializer !== undefined && promiseSyntax(ctx, declaration.initializer, depth);
}

/** `x.member()` where `x` is declared in this file with a type (or `new C()`) whose `member` returns a promise. */
function declarationMemberReturnsPromise(ctx: AnalysisContext, declaration: ts.Node, member: string, depth: number): boolean {
  const t = ctx.ts;
  if (!(t.isVariableDeclaration(declaration) || t.isParameter(declaration) || t.isPropertyDeclaration(declaration))) {
    return false;
  }
  if (declaration.type) return typeMemberReturnsPromise(ctx, declaration.type, member, depth);
  const init = declaration.initializer && skipOuter(t, declaration.initializer);
  if (init && t.isNewExpression(init) && t.isIdentifier(init.expression)) {
    const type = findTypeDeclaration(t, declaration, init.expression.text);
    return type !== undefined && t.isClassDeclaration(type) && classMemberReturnsPromise(ctx, type, member, depth + 1);
  }
  return false;
}

function typeMemberReturnsPromise(ctx: AnalysisContext, typeNode: ts.TypeNode, member: string, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isTypeLiteralNode(typeNode)) return membersReturnPromise(ctx, typeNode.members, member, depth);
  if (t.isIntersectionTypeNode(typeNode)) return typeNode.types.some((part) => typeMemberReturnsPromise(ctx, part, member, depth + 1));
  if (t.isParenthesizedTypeNode(typeNode)) return typeMemberReturnsPromise(ctx, typeNode.type, member, depth);
  // `Store | undefined`: what `store?.m()` calls when it calls anything.
  if (t.isUnionTypeNode(typeNode)) return typeNode.types.some((part) => typeMemberReturnsPromise(ctx, part, member, depth + 1));
  const typeName = t.isTypeReferenceNode(typeNode) ? typeNode.typeName : t.isExpressionWithTypeArguments(typeNode) ? typeNode.expression : undefined;
  if (!typeName || !t.isIdentifier(typeName)) return false;
  const declaration = findTypeDeclaration(t, typeNode, typeName.text);
  if (!declaration) return false;
  if (t.isTypeAliasDeclaration(declaration)) return typeMemberReturnsPromise(ctx, declaration.type, member, depth + 1);
  if (t.isClassDeclaration(declaration)) return classMemberReturnsPromise(ctx, declaration, member, depth + 1);
  if (membersReturnPromise(ctx, declaration.members, member, depth)) return true;
  return heritageTypes(t, declaration).some((base) => typeMemberReturnsPromise(ctx, base, member, depth + 1));
}

function membersReturnPromise(
  ctx: AnalysisContext,
  members: ts.NodeArray<ts.TypeElement | ts.ClassElement>,
  member: string,
  depth: number,
): boolean {
  return members.some(
    (candidate) => propertyNameText(ctx.ts, candidate.name) === member && memberLikeReturnsPromise(ctx, candidate, depth + 1),
  );
}

function classMemberReturnsPromise(ctx: AnalysisContext, owner: ts.ClassLikeDeclaration, member: string, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (membersReturnPromise(ctx, owner.members, member, depth)) return true;
  const parameter = parameterProperty(t, owner, member);
  if (parameter && memberLikeReturnsPromise(ctx, parameter, depth + 1)) return true;
  return heritageTypes(t, owner).some((base) => {
    const name = t.isIdentifier(base.expression) ? base.expression.text : undefined;
    const declaration = name === undefined ? undefined : findTypeDeclaration(t, owner, name);
    return declaration !== undefined && t.isClassDeclaration(declaration) && classMemberReturnsPromise(ctx, declaration, member, depth + 1);
  });
}

/** The declaration of `this.<name>` in a class: a property or a constructor parameter property. */
export function classField(t: TS, owner: ts.ClassLikeDeclaration, name: string): ts.PropertyDeclaration | ts.ParameterDeclaration | undefined {
  const property = owner.members.find((m): m is ts.PropertyDeclaration => t.isPropertyDeclaration(m) && propertyNameText(t, m.name) === name);
  return property ?? parameterProperty(t, owner, name);
}

function parameterProperty(t: TS, owner: ts.ClassLikeDeclaration, name: string): ts.ParameterDeclaration | undefined {
  const constructor = owner.members.find((m): m is ts.ConstructorDeclaration => t.isConstructorDeclaration(m) && m.body !== undefined);
  return constructor?.parameters.find(
    (p) => t.isIdentifier(p.name) && p.name.text === name && t.isParameterPropertyDeclaration(p, constructor),
  );
}

function heritageTypes(t: TS, declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): ts.ExpressionWithTypeArguments[] {
  return (declaration.heritageClauses ?? [])
    .filter((clause) => clause.token === t.SyntaxKind.ExtendsKeyword)
    .flatMap((clause) => [...clause.types]);
}

/** `Promise<…>`, `PromiseLike<…>`, or a union containing one. */
export function isPromiseTypeNode(t: TS, typeNode: ts.TypeNode): boolean {
  if (t.isParenthesizedTypeNode(typeNode)) return isPromiseTypeNode(t, typeNode.type);
  if (t.isUnionTypeNode(typeNode)) return typeNode.types.some((part) => isPromiseTypeNode(t, part));
  return (
    t.isTypeReferenceNode(typeNode) &&
    t.isIdentifier(typeNode.typeName) &&
    (typeNode.typeName.text === "Promise" || typeNode.typeName.text === "PromiseLike")
  );
}
