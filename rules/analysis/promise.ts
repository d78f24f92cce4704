// Whether an expression is a promise, and whether a function returns one. Type-aware mode asks
// the checker; syntactic mode decides from what the file shows (see DESIGN.md) and answers
// "no" whenever it cannot tell, because a false report costs more trust than a missed one.
import type * as ts from "typescript";
import { isKnownPromiseFunction, isModule, promiseStatics, promisesNamespaceOf } from "./known-apis.js";
import { findTypeDeclaration, findValueDeclaration, importedName, importModule, type ValueDeclaration } from "./scope.js";
import { hasModifier, isAsyncFunction, isFunctionExpressionLike, memberName, memberObject, propertyNameText, skipOuter } from "./syntax.js";
import type { AnalysisContext, TS } from "./types.js";

/** How many declarations syntactic resolution follows before giving up (guards against cycles). */
const maxDepth = 8;

/**
 * How many resolution steps one question may take before answering "no": a web of unannotated
 * methods returning each other (a parser, an interpreter) would otherwise take exponential time.
 */
const stepBudget = 2000;
let stepsLeft = 0;
let answering = false;

/** Runs one top-level syntactic question with a fresh step budget; nested questions share it. */
function budgeted<T>(question: () => T): T {
  if (answering) return question();
  answering = true;
  stepsLeft = stepBudget;
  try {
    return question();
  } finally {
    answering = false;
  }
}

/** Takes one step of the budget; false once it is spent. */
function step(): boolean {
  stepsLeft--;
  return stepsLeft >= 0;
}

/** Whether `expr` evaluates to a thenable. `any` and `unknown` are not promises. */
export function isPromiseLike(ctx: AnalysisContext, expr: ts.Expression): boolean {
  if (ruledOut(ctx.ts, expr, false)) return false;
  const type = typeAt(ctx, expr);
  if (type) return isThenableType(ctx, type);
  return budgeted(() => promiseSyntax(ctx, expr, 0));
}

/**
 * Whether the syntax alone rules out a thenable (with `array`, an array) value, as both modes would
 * conclude: literals, functions, arithmetic, comparisons, `typeof`, `delete`, `void`, and for a
 * thenable `await` (typed `Awaited<T>`, never one) and array literals. The checker is not asked.
 */
function ruledOut(t: TS, expr: ts.Expression, array: boolean): boolean {
  const k = t.SyntaxKind;
  switch (expr.kind) {
    case k.ParenthesizedExpression:
    case k.NonNullExpression:
      return ruledOut(t, (expr as ts.ParenthesizedExpression | ts.NonNullExpression).expression, array);
    case k.AwaitExpression:
    case k.ArrayLiteralExpression:
      return !array;
    case k.ObjectLiteralExpression:
      // `{ then(onFulfilled, onRejected) {…} }` is a thenable; a spread or a computed name may add one.
      return array || !(expr as ts.ObjectLiteralExpression).properties.some((p) => !p.name || t.isComputedPropertyName(p.name) || propertyNameText(t, p.name) === "then");
    case k.BinaryExpression: {
      const operator = (expr as ts.BinaryExpression).operatorToken.kind;
      const passesOperand =
        operator === k.AmpersandAmpersandToken ||
        operator === k.BarBarToken ||
        operator === k.QuestionQuestionToken ||
        operator === k.CommaToken ||
        (operator >= k.FirstAssignment && operator <= k.LastAssignment);
      return !passesOperand;
    }
    case k.NumericLiteral:
    case k.BigIntLiteral:
    case k.StringLiteral:
    case k.RegularExpressionLiteral:
    case k.NoSubstitutionTemplateLiteral:
    case k.TemplateExpression:
    case k.TrueKeyword:
    case k.FalseKeyword:
    case k.NullKeyword:
    case k.ArrowFunction:
    case k.FunctionExpression:
    case k.PrefixUnaryExpression:
    case k.PostfixUnaryExpression:
    case k.TypeOfExpression:
    case k.DeleteExpression:
    case k.VoidExpression:
      return true;
    default:
      return false;
  }
}

/**
 * The checker's type of `expr`, or undefined in syntactic mode and where the checker answers `any`
 * (also its error type, e.g. an import whose types are missing): the syntactic verdict stands there,
 * so type information never makes a verdict weaker than the file alone shows.
 */
export function typeAt(ctx: AnalysisContext, expr: ts.Node): ts.Type | undefined {
  const type = ctx.checker?.getTypeAtLocation(expr);
  return type && !(type.flags & ctx.ts.TypeFlags.Any) ? type : undefined;
}

/** Whether calling `fn` (a function expression or a reference to a function) returns a thenable. */
export function isPromiseReturningFunction(ctx: AnalysisContext, fn: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, fn);
  if (isFunctionExpressionLike(t, inner) && isAsyncFunction(t, inner)) return true;
  // `cond ? onDone : syncDone`: the checker reduces the union to `() => void`, so ask each branch.
  if (t.isConditionalExpression(inner)) return isPromiseReturningFunction(ctx, inner.whenTrue) || isPromiseReturningFunction(ctx, inner.whenFalse);
  // `(() => Promise<void>) | undefined`: what it calls when it is called.
  const type = typeAt(ctx, inner)?.getNonNullableType();
  if (type) return type.getCallSignatures().some((signature) => isThenableType(ctx, signature.getReturnType()));
  if (isFunctionExpressionLike(t, inner)) return budgeted(() => functionReturnsPromise(ctx, inner, 0));
  return budgeted(() => calleeReturnsPromise(ctx, inner, 0));
}

/**
 * Syntactic mode: whether the callee's own declaration in this file (a function, a method, a
 * property typed as a function) types parameter `index` as a function that returns a promise, as
 * `forEach(fn: (x: T) => Promise<void>)` on a class that awaits each call does.
 */
export function parameterAcceptsPromise(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression, index: number): boolean {
  const t = ctx.ts;
  return budgeted(() =>
    calleeDeclarations(ctx, call.expression, 0).some((declaration) => {
      const signature = declaredSignature(t, declaration);
      if (!signature) return false;
      const parameters = signature.parameters;
      const last = parameters[parameters.length - 1];
      const parameter = index < parameters.length ? parameters[index] : last?.dotDotDotToken ? last : undefined;
      if (!parameter?.type) return false;
      // `...fns: Array<() => Promise<void>>` / `(() => Promise<void>)[]`: the element type is what is passed.
      const type = parameter.dotDotDotToken ? restElementType(t, parameter.type) : parameter.type;
      return type !== undefined && typeReturnsPromise(ctx, type, 1);
    }),
  );
}

/**
 * Syntactic mode: the type nodes argument `index` of a call is declared with, one per signature
 * the call can reach (a same-file function or method, its overloads, a tuple-typed rest), or
 * undefined when any of them declares none there.
 */
export function declaredParameterTypes(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression, index: number): ts.TypeNode[] | undefined {
  const t = ctx.ts;
  return budgeted(() => {
    const declarations = calleeDeclarations(ctx, call.expression, 0).flatMap((declaration) => overloadGroup(t, declaration));
    const signatures = reachableOverloads(t, declarations, call.expression) ?? declarations.map((declaration) => declaredSignature(t, declaration));
    const types: ts.TypeNode[] = [];
    for (const signature of signatures) {
      const type = signature && parameterTypeNode(t, signature, index);
      if (!type) return undefined;
      types.push(type);
    }
    return types.length > 0 ? types : undefined;
  });
}

function parameterTypeNode(t: TS, signature: ts.SignatureDeclaration, index: number): ts.TypeNode | undefined {
  const parameters = signature.parameters.filter((p) => !(t.isIdentifier(p.name) && p.name.text === "this"));
  const restIndex = parameters.findIndex((p) => p.dotDotDotToken !== undefined);
  if (restIndex === -1 || index < restIndex) return parameters[index]?.type;
  const rest = parameters[restIndex]?.type;
  if (!rest || !t.isTupleTypeNode(rest)) return rest && restElementType(t, rest);
  // `...args: [flag: boolean, run: () => void]`
  const element = rest.elements[index - restIndex];
  if (!element || t.isRestTypeNode(element)) return undefined;
  return t.isNamedTupleMember(element) ? element.type : t.isOptionalTypeNode(element) ? element.type : element;
}

/** Syntactic mode: the declarations of `member` in a type written in this file. */
export function declaredMembers(ctx: AnalysisContext, typeNode: ts.TypeNode, member: string): ts.Node[] {
  return budgeted(() => typeMembers(ctx, typeNode, member, 0));
}

/** Syntactic mode: whether a method's declared return type, or a property's declared function type, returns a promise. */
export function declaredMemberReturnsPromise(ctx: AnalysisContext, member: ts.MethodDeclaration | ts.MethodSignature | ts.PropertyDeclaration | ts.PropertySignature): boolean {
  const t = ctx.ts;
  const type = member.type;
  if (!type) return false;
  return budgeted(() => (t.isMethodDeclaration(member) || t.isMethodSignature(member) ? typeIsPromise(ctx, type, 0) : typeReturnsPromise(ctx, type, 0)));
}

/** Syntactic mode: for each same-file base of a class or interface (`extends`, `implements`), its declarations of `member`. */
export function inheritedMembers(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, member: string): { base: string; declarations: ts.Node[] }[] {
  return budgeted(() =>
    (cls.heritageClauses ?? []).flatMap((clause) =>
      clause.types.map((base) => ({ base: base.expression.getText(ctx.sourceFile), declarations: typeMembers(ctx, base, member, 0) })),
    ),
  );
}

/** The element type of a rest parameter's `T[]`, `Array<T>` or `ReadonlyArray<T>`. */
function restElementType(t: TS, type: ts.TypeNode): ts.TypeNode | undefined {
  if (t.isArrayTypeNode(type)) return type.elementType;
  if (t.isTypeOperatorNode(type)) return restElementType(t, type.type);
  const generic = t.isTypeReferenceNode(type) && t.isIdentifier(type.typeName) && (type.typeName.text === "Array" || type.typeName.text === "ReadonlyArray");
  return generic ? type.typeArguments?.[0] : undefined;
}

/** The signature a declaration gives its callers: a function or method, or a property or variable typed or initialised as a function. */
function declaredSignature(t: TS, declaration: ts.Node): ts.SignatureDeclaration | undefined {
  if (t.isFunctionLike(declaration)) return declaration;
  if (!(t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertySignature(declaration) || t.isPropertyAssignment(declaration))) {
    return undefined;
  }
  const type = t.isPropertyAssignment(declaration) ? undefined : declaration.type;
  if (type) return t.isFunctionTypeNode(type) ? type : undefined;
  const init = t.isPropertySignature(declaration) ? undefined : declaration.initializer && skipOuter(t, declaration.initializer);
  return init && isFunctionExpressionLike(t, init) ? init : undefined;
}

/** Whether `expr` is an array of promises, such as `items.map(async (item) => …)`. */
export function isPromiseArray(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (ruledOut(t, inner, true)) return false;
  const checker = ctx.checker;
  const type = typeAt(ctx, inner);
  if (checker && type) {
    // `T extends Promise<number>[]`: what a type parameter is bound by.
    const bound = (part: ts.Type): ts.Type => (part.flags & t.TypeFlags.TypeParameter ? (checker.getBaseConstraintOfType(part) ?? part) : part);
    // `Promise<A>[] | Promise<B>[]`: any array part of a union.
    return (type.isUnion() ? type.types : [type]).map(bound).some(
      (part) =>
        (checker.isArrayType(part) || checker.isTupleType(part)) &&
        checker.getTypeArguments(part as ts.TypeReference).some((element) => isThenableType(ctx, element)),
    );
  }
  // `[save(1), save(2)]`, and the branches of `flag ? [a()] : [b()]`.
  if (t.isArrayLiteralExpression(inner)) return inner.elements.some((element) => !t.isSpreadElement(element) && isPromiseLike(ctx, element));
  if (t.isConditionalExpression(inner)) return isPromiseArray(ctx, inner.whenTrue) || isPromiseArray(ctx, inner.whenFalse);
  if (!t.isCallExpression(inner)) return false;
  const member = memberName(t, inner.expression);
  const object = memberObject(t, inner.expression);
  // `Array.from({ length: n }, async (_, i) => …)`: the global `Array`'s mapper.
  const arrayFrom = member === "from" && object !== undefined && isGlobal(t, object, "Array");
  if (member !== "map" && !arrayFrom) return false;
  const callback = inner.arguments[arrayFrom ? 1 : 0];
  return callback !== undefined && isPromiseReturningFunction(ctx, callback);
}

/**
 * A type is thenable when any union member has a `then` that takes a fulfilment and a rejection
 * callback. A `then(onReady)` that cannot take a rejection handler is not one: nothing can catch
 * what it never rejects (typescript-eslint draws the same line).
 */
export function isThenableType(ctx: AnalysisContext, type: ts.Type): boolean {
  const checker = ctx.checker;
  if (!checker) return false;
  // The rules of one pass ask about the same few types (Promise<void>, a client's method types) many
  // times; the answer depends only on the type, so it is kept for the pass's checker.
  let known = thenableTypes.get(checker);
  if (!known) thenableTypes.set(checker, (known = new WeakMap()));
  let thenable = known.get(type);
  if (thenable === undefined) known.set(type, (thenable = hasThenMethod(ctx, checker, type)));
  return thenable;
}

const thenableTypes = new WeakMap<ts.TypeChecker, WeakMap<ts.Type, boolean>>();

function hasThenMethod(ctx: AnalysisContext, checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = ctx.ts;
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown | t.TypeFlags.Never)) continue;
    const then = checker.getApparentType(part).getProperty("then");
    if (!then) continue;
    const signatures = checker.getTypeOfSymbol(then).getCallSignatures();
    if (signatures.some((signature) => takesCallbacks(ctx, checker, signature.getParameters().slice(0, 2), 2))) return true;
  }
  return false;
}

/** Whether there are `count` parameters and each admits a function. */
function takesCallbacks(ctx: AnalysisContext, checker: ts.TypeChecker, parameters: readonly ts.Symbol[], count: number): boolean {
  return (
    parameters.length >= count &&
    parameters.every((parameter) => {
      const type = checker.getNonNullableType(checker.getTypeOfSymbol(parameter));
      return (type.isUnion() ? type.types : [type]).some((part) => part.getCallSignatures().length > 0 || (part.flags & ctx.ts.TypeFlags.Any) !== 0);
    })
  );
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
  if (depth > maxDepth || !step()) return false;
  if ((t.isAsExpression(expr) || t.isTypeAssertionExpression(expr)) && typeIsPromise(ctx, expr.type, depth + 1)) return true;
  const inner = skipOuter(t, expr);
  if (t.isNewExpression(inner)) return isPromiseClass(t, inner.expression, depth + 1);
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
  const element = arrayElementTypeAt(ctx, inner, depth + 1);
  if (element) return typeIsPromise(ctx, element, depth + 1);
  // `this.ready`, `store.pending`: a getter or property of a same-file class, object or type that holds a promise.
  const member = memberName(t, inner);
  const object = memberObject(t, inner);
  if (member === undefined || object === undefined) return false;
  return memberDeclarations(ctx, object, member, depth + 1).some((declaration) => memberHoldsPromise(ctx, declaration, depth + 1));
}

function callIsPromise(ctx: AnalysisContext, call: ts.CallExpression, depth: number): boolean {
  const t = ctx.ts;
  const callee = skipOuter(t, call.expression);
  if (isFunctionExpressionLike(t, callee)) return isAsyncFunction(t, callee) || functionReturnsPromise(ctx, callee, depth + 1);
  const member = memberName(t, callee);
  if (member === "then" || member === "catch" || member === "finally") {
    const receiver = memberObject(t, callee);
    // `.then/.catch/.finally` with a handler is the promise protocol; the receiver may come from another
    // file. Unless the file declares the receiver's `then` taking no rejection handler (`then(onReady)`).
    if (receiver !== undefined && declaresOneArgumentThen(ctx, receiver, depth + 1)) return false;
    return call.arguments.length > 0 || (receiver !== undefined && promiseSyntax(ctx, receiver, depth + 1));
  }
  return calleeReturnsPromise(ctx, callee, depth);
}

/**
 * Whether the receiver's same-file type declares `then` outside the promise protocol: with fewer
 * than two parameters, or with a rejection parameter typed as a non-function (`then(a: string, b: number)`).
 */
function declaresOneArgumentThen(ctx: AnalysisContext, receiver: ts.Expression, depth: number): boolean {
  const t = ctx.ts;
  const owner = ownerOf(ctx, receiver, depth);
  const thens = owner ? lookupMember(ctx, owner, "then", depth + 1) : [];
  const k = t.SyntaxKind;
  const notCallable = (type: ts.TypeNode | undefined): boolean =>
    type !== undefined && (type.kind === k.StringKeyword || type.kind === k.NumberKeyword || type.kind === k.BooleanKeyword || t.isLiteralTypeNode(type));
  return (
    thens.length > 0 &&
    thens.every((then) => (t.isMethodSignature(then) || t.isMethodDeclaration(then)) && (then.parameters.length < 2 || notCallable(then.parameters[1]?.type)))
  );
}

/** The methods of an async iterator, each returning a promise. */
const asyncIteratorMethods = new Set(["next", "return", "throw"]);
/** Type names whose `next()` returns a promise. */
const asyncIteratorTypes = new Set(["AsyncGenerator", "AsyncIterator", "AsyncIterableIterator"]);

/** Whether calling `callee` returns a promise, resolved from the file's own declarations and known APIs. */
function calleeReturnsPromise(ctx: AnalysisContext, callee: ts.Expression, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth || !step()) return false;
  if (t.isIdentifier(callee)) {
    const declaration = findValueDeclaration(t, callee, callee.text);
    if (!declaration) return callee.text === "fetch";
    const overloads = reachableOverloads(t, overloadGroup(t, declaration), callee);
    if (overloads) return overloads.length > 0 && overloads.every((overload) => callableReturnsPromise(ctx, overload, depth + 1));
    return declarationReturnsPromise(ctx, declaration, depth + 1);
  }
  if (t.isCallExpression(callee) && memberName(t, callee.expression) === "bind") {
    const bound = memberObject(t, callee.expression);
    return bound !== undefined && calleeReturnsPromise(ctx, skipOuter(t, bound), depth + 1);
  }
  const element = arrayElementTypeAt(ctx, callee, depth + 1);
  if (element) return typeReturnsPromise(ctx, element, depth + 1);
  const member = memberName(t, callee);
  const objectExpr = memberObject(t, callee);
  if (member === undefined || objectExpr === undefined) return false;
  const object = skipOuter(t, objectExpr);
  if (t.isIdentifier(object)) {
    if (object.text === "Promise" && !findValueDeclaration(t, object, "Promise")) return promiseStatics.has(member);
    const declaration = findValueDeclaration(t, object, object.text);
    const moduleName = declaration && importModule(t, declaration);
    if (declaration && moduleName !== undefined) return importedMemberIsPromise(t, declaration, moduleName, member);
  }
  const objectMember = memberName(t, object);
  const root = memberObject(t, object);
  const rootInner = root && skipOuter(t, root);
  if (rootInner && t.isIdentifier(rootInner) && objectMember === "promises") {
    // `fs.promises.readFile()` with `import fs from "node:fs"` or `import * as fs from "fs"`.
    const declaration = findValueDeclaration(t, rootInner, rootInner.text);
    const moduleName = declaration && importModule(t, declaration);
    if (moduleName !== undefined) {
      const name = declaration && importedName(t, declaration);
      const promisesModule = promisesNamespaceOf(moduleName);
      return promisesModule !== undefined && (name === "*" || name === "default") && isKnownPromiseFunction(promisesModule, member);
    }
  }
  // `load.call(this)`, `load.apply(null, args)`: the function itself is called.
  if ((member === "call" || member === "apply") && calleeReturnsPromise(ctx, object, depth + 1)) return true;
  // `gen.next()` on an async generator: every step is a promise.
  if (asyncIteratorMethods.has(member) && isAsyncIteratorValue(ctx, object, depth + 1)) return true;
  const declarations = memberDeclarations(ctx, object, member, depth + 1);
  const overloads = reachableOverloads(t, declarations, callee);
  if (overloads) return overloads.length > 0 && overloads.every((overload) => callableReturnsPromise(ctx, overload, depth + 1));
  return declarations.some((declaration) => callableReturnsPromise(ctx, declaration, depth + 1));
}

/** A function declaration with the same-named function declarations beside it: its overloads and implementation. */
function overloadGroup(t: TS, declaration: ts.Node): ts.Node[] {
  if (!t.isFunctionDeclaration(declaration) || !declaration.name) return [declaration];
  const parent = declaration.parent;
  if (!(t.isSourceFile(parent) || t.isBlock(parent) || t.isModuleBlock(parent))) return [declaration];
  const name = declaration.name.text;
  return parent.statements.filter((statement) => t.isFunctionDeclaration(statement) && statement.name?.text === name);
}

/**
 * The overload signatures a call can reach, when the declarations are overloads: the implementation
 * is not callable, and a signature whose arity excludes the call's argument count is not chosen.
 * Undefined when the callee is not overloaded. Syntactic mode then calls it a promise only if every
 * reachable overload returns one: it cannot resolve argument types as the checker does.
 */
function reachableOverloads(t: TS, declarations: readonly ts.Node[], callee: ts.Expression): ts.SignatureDeclaration[] | undefined {
  const signatures = declarations.filter(
    (d): d is ts.FunctionDeclaration | ts.MethodDeclaration | ts.MethodSignature =>
      t.isFunctionDeclaration(d) || t.isMethodDeclaration(d) || t.isMethodSignature(d),
  );
  if (signatures.length < 2) return undefined;
  const withoutBody = signatures.filter((s) => t.isMethodSignature(s) || s.body === undefined);
  const visible = withoutBody.length > 0 ? withoutBody : signatures;
  let call: ts.Node = callee;
  while (t.isParenthesizedExpression(call.parent) || t.isNonNullExpression(call.parent)) call = call.parent;
  const parent = call.parent;
  if (!t.isCallExpression(parent) || parent.expression !== call) return visible;
  const count = parent.arguments.length;
  if (parent.arguments.some((arg) => t.isSpreadElement(arg))) return visible;
  return visible.filter((signature) => {
    const parameters = signature.parameters.filter((p) => !(t.isIdentifier(p.name) && p.name.text === "this"));
    const required = parameters.filter((p) => !p.questionToken && !p.initializer && !p.dotDotDotToken).length;
    const rest = parameters.some((p) => p.dotDotDotToken);
    return count >= required && (rest || count <= parameters.length);
  });
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
  return callableReturnsPromise(ctx, declaration, depth);
}

/**
 * Whether calling what a declaration declares returns a promise: a function or method that is async,
 * annotated `Promise<…>`/`PromiseLike<…>` or returns a promise expression; or a variable, property,
 * parameter or object literal member holding such a function or typed as one.
 */
function callableReturnsPromise(ctx: AnalysisContext, node: ts.Node, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  // A getter's value is what gets called; a setter's cannot be.
  if (t.isGetAccessorDeclaration(node)) return node.type !== undefined && typeReturnsPromise(ctx, node.type, depth + 1);
  if (t.isSetAccessorDeclaration(node) || t.isConstructorDeclaration(node)) return false;
  if (t.isFunctionLike(node)) return functionReturnsPromise(ctx, node, depth);
  if (t.isShorthandPropertyAssignment(node)) {
    const target = findValueDeclaration(t, node, node.name.text);
    return target !== undefined && declarationReturnsPromise(ctx, target, depth + 1);
  }
  if (t.isBindingElement(node)) {
    // `const { send } = api; send();`, or its default value.
    const fallback = node.initializer && skipOuter(t, node.initializer);
    if (fallback && isFunctionExpressionLike(t, fallback) && functionReturnsPromise(ctx, fallback, depth + 1)) return true;
    return destructuredMembers(ctx, node, depth + 1).some((member) => callableReturnsPromise(ctx, member, depth + 1));
  }
  if (
    t.isVariableDeclaration(node) ||
    t.isPropertyDeclaration(node) ||
    t.isPropertySignature(node) ||
    t.isParameter(node) ||
    t.isPropertyAssignment(node)
  ) {
    const type = t.isPropertyAssignment(node) ? undefined : node.type;
    if (type) return typeReturnsPromise(ctx, type, depth + 1);
    const init = t.isPropertySignature(node) || !node.initializer ? undefined : skipOuter(t, node.initializer);
    if (!init) return false;
    if (isFunctionExpressionLike(t, init)) return functionReturnsPromise(ctx, init, depth + 1);
    // `const run = load;`, `{ send: sendImpl }`, `{ send: client.send.bind(client) }`: what the reference calls.
    const reference = t.isIdentifier(init) || memberName(t, init) !== undefined || (t.isCallExpression(init) && memberName(t, init.expression) === "bind");
    return reference && calleeReturnsPromise(ctx, init, depth + 1);
  }
  return false;
}

function functionReturnsPromise(ctx: AnalysisContext, fn: ts.SignatureDeclaration, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth || !step()) return false;
  if (isAsyncFunction(t, fn)) return true;
  if (fn.type) return typeIsPromise(ctx, fn.type, depth + 1);
  if (isGeneratorLike(t, fn)) return false;
  if (t.isArrowFunction(fn) && !t.isBlock(fn.body)) return promiseSyntax(ctx, fn.body, depth + 1);
  // Without an annotation the return type is inferred from the `return` statements.
  const body = (fn as { body?: ts.Node }).body;
  return body !== undefined && t.isBlock(body) && returnedExpressions(t, body).some((value) => promiseSyntax(ctx, value, depth + 1));
}

/** The expressions a function body returns, not counting nested functions and classes. */
function returnedExpressions(t: TS, body: ts.Block): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isReturnStatement(node)) {
      if (node.expression) found.push(node.expression);
      return;
    }
    t.forEachChild(node, visit);
  };
  t.forEachChild(body, visit);
  return found;
}

function isGeneratorLike(t: TS, fn: ts.Node): boolean {
  return (t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn) || t.isMethodDeclaration(fn)) && fn.asteriskToken !== undefined;
}

/** Whether the value a declaration binds is a promise: annotated so, or initialised with one. */
function declarationHoldsPromise(ctx: AnalysisContext, declaration: ValueDeclaration, depth: number): boolean {
  const t = ctx.ts;
  if (t.isBindingElement(declaration)) {
    return destructuredMembers(ctx, declaration, depth + 1).some((member) => memberHoldsPromise(ctx, member, depth + 1));
  }
  if (!(t.isVariableDeclaration(declaration) || t.isParameter(declaration))) return false;
  if (declaration.type) return typeIsPromise(ctx, declaration.type, depth + 1);
  const constant = t.isVariableDeclaration(declaration) && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0;
  return constant && declaration.initializer !== undefined && promiseSyntax(ctx, declaration.initializer, depth);
}

/** Whether reading a member (a getter, a property, an object literal entry) gives a promise. */
function memberHoldsPromise(ctx: AnalysisContext, node: ts.Node, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isGetAccessorDeclaration(node)) return functionReturnsPromise(ctx, node, depth + 1);
  if (t.isShorthandPropertyAssignment(node)) {
    const target = findValueDeclaration(t, node, node.name.text);
    return target !== undefined && declarationHoldsPromise(ctx, target, depth + 1);
  }
  if (t.isPropertyDeclaration(node) || t.isPropertySignature(node) || t.isParameter(node)) {
    if (node.type) return typeIsPromise(ctx, node.type, depth + 1);
    // A property's type is inferred from its initialiser when it has no annotation.
    const init = t.isPropertySignature(node) ? undefined : node.initializer;
    return init !== undefined && promiseSyntax(ctx, init, depth + 1);
  }
  if (t.isPropertyAssignment(node)) return promiseSyntax(ctx, node.initializer, depth + 1);
  return false;
}

/** Whether `expr` is an async generator object or another annotated async iterator. */
function isAsyncIteratorValue(ctx: AnalysisContext, expr: ts.Expression, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  const inner = skipOuter(t, expr);
  if (t.isCallExpression(inner)) {
    const callee = skipOuter(t, inner.expression);
    if (isFunctionExpressionLike(t, callee)) return returnsAsyncIterator(ctx, callee, depth + 1);
    return calleeDeclarations(ctx, callee, depth + 1).some((declaration) => returnsAsyncIterator(ctx, declaration, depth + 1));
  }
  const declarations = t.isIdentifier(inner)
    ? [findValueDeclaration(t, inner, inner.text)].filter((d) => d !== undefined)
    : memberNameAndObject(t, inner, (object, member) => memberDeclarations(ctx, object, member, depth + 1));
  return declarations.some((declaration) => {
    if (!(t.isVariableDeclaration(declaration) || t.isParameter(declaration) || t.isPropertyDeclaration(declaration))) return false;
    if (declaration.type) return isAsyncIteratorTypeNode(t, declaration.type);
    const constant = !t.isVariableDeclaration(declaration) || (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0;
    return constant && declaration.initializer !== undefined && isAsyncIteratorValue(ctx, declaration.initializer, depth + 1);
  });
}

function returnsAsyncIterator(ctx: AnalysisContext, node: ts.Node, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isFunctionLike(node)) {
    if (node.type) return isAsyncIteratorTypeNode(t, node.type);
    return isGeneratorLike(t, node) && hasModifier(t, node, t.SyntaxKind.AsyncKeyword);
  }
  if ((t.isVariableDeclaration(node) || t.isPropertyDeclaration(node) || t.isPropertyAssignment(node)) && node.initializer) {
    const init = skipOuter(t, node.initializer);
    return isFunctionExpressionLike(t, init) && returnsAsyncIterator(ctx, init, depth + 1);
  }
  return false;
}

function isAsyncIteratorTypeNode(t: TS, typeNode: ts.TypeNode): boolean {
  if (t.isParenthesizedTypeNode(typeNode)) return isAsyncIteratorTypeNode(t, typeNode.type);
  return t.isTypeReferenceNode(typeNode) && t.isIdentifier(typeNode.typeName) && asyncIteratorTypes.has(typeNode.typeName.text);
}

function memberNameAndObject<R>(t: TS, expr: ts.Expression, then: (object: ts.Expression, member: string) => R[]): R[] {
  const member = memberName(t, expr);
  const object = memberObject(t, expr);
  return member === undefined || object === undefined ? [] : then(object, member);
}

/** The same-file declarations a callee may refer to: a local function or variable, or a member. */
function calleeDeclarations(ctx: AnalysisContext, callee: ts.Expression, depth: number): ts.Node[] {
  const t = ctx.ts;
  const inner = skipOuter(t, callee);
  if (t.isIdentifier(inner)) {
    const declaration = findValueDeclaration(t, inner, inner.text);
    return declaration && importModule(t, declaration) === undefined ? [declaration] : [];
  }
  return memberNameAndObject(t, inner, (object, member) => memberDeclarations(ctx, object, member, depth + 1));
}

/**
 * Where a member is looked up: the instance or static side of a same-file class, a type written in
 * this file, or an object literal bound to a variable.
 */
type Owner =
  | { readonly kind: "class"; readonly node: ts.ClassLikeDeclaration; readonly isStatic: boolean }
  | { readonly kind: "type"; readonly node: ts.TypeNode }
  | { readonly kind: "object"; readonly node: ts.ObjectLiteralExpression };

/**
 * The member a destructured binding reads: `send` in `const { send } = api` or
 * `function run({ send }: Api)`. Nested patterns and rest elements are not followed.
 */
function destructuredMembers(ctx: AnalysisContext, element: ts.BindingElement, depth: number): ts.Node[] {
  const t = ctx.ts;
  const pattern = element.parent;
  const holder = pattern.parent;
  if (!t.isObjectBindingPattern(pattern) || element.dotDotDotToken || !(t.isVariableDeclaration(holder) || t.isParameter(holder))) return [];
  const name = propertyNameText(t, element.propertyName ?? (t.isIdentifier(element.name) ? element.name : undefined));
  if (name === undefined || name.startsWith("[")) return [];
  if (holder.type) return lookupMember(ctx, { kind: "type", node: holder.type }, name, depth + 1);
  return holder.initializer ? memberDeclarations(ctx, holder.initializer, name, depth + 1) : [];
}

/** `handlers[i]`, `this.hooks[0]`: the element type written on a same-file array binding or member. */
function arrayElementTypeAt(ctx: AnalysisContext, expr: ts.Expression, depth: number): ts.TypeNode | undefined {
  const t = ctx.ts;
  if (depth > maxDepth || !t.isElementAccessExpression(expr) || t.isStringLiteralLike(expr.argumentExpression)) return undefined;
  const object = skipOuter(t, expr.expression);
  const declarations = t.isIdentifier(object)
    ? [findValueDeclaration(t, object, object.text)].filter((d) => d !== undefined)
    : memberNameAndObject(t, object, (inner, member) => memberDeclarations(ctx, inner, member, depth + 1));
  const [declaration, ...more] = declarations;
  if (!declaration || more.length > 0) return undefined;
  const typed =
    t.isVariableDeclaration(declaration) || t.isParameter(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertySignature(declaration);
  return typed && declaration.type ? arrayElementType(ctx, declaration.type, depth + 1) : undefined;
}

function arrayElementType(ctx: AnalysisContext, typeNode: ts.TypeNode, depth: number): ts.TypeNode | undefined {
  const t = ctx.ts;
  if (depth > maxDepth) return undefined;
  if (t.isArrayTypeNode(typeNode)) return typeNode.elementType;
  if (t.isParenthesizedTypeNode(typeNode)) return arrayElementType(ctx, typeNode.type, depth);
  if (t.isTypeOperatorNode(typeNode) && typeNode.operator === t.SyntaxKind.ReadonlyKeyword) return arrayElementType(ctx, typeNode.type, depth);
  if (!t.isTypeReferenceNode(typeNode) || !t.isIdentifier(typeNode.typeName)) return undefined;
  const name = typeNode.typeName.text;
  if ((name === "Array" || name === "ReadonlyArray") && typeNode.typeArguments?.length === 1) return typeNode.typeArguments[0];
  const alias = localTypeAlias(t, typeNode);
  return alias && arrayElementType(ctx, alias.type, depth + 1);
}

/** The declarations of `object.member` found in this file, nearest first; empty when unknown. */
function memberDeclarations(ctx: AnalysisContext, object: ts.Expression, member: string, depth: number): ts.Node[] {
  const owner = ownerOf(ctx, object, depth + 1);
  return owner === undefined ? [] : lookupMember(ctx, owner, member, depth + 1);
}

/** What `expr` is an instance of, as far as this file tells: `this`, `super`, `new C()`, a typed or initialised binding. */
function ownerOf(ctx: AnalysisContext, expr: ts.Expression, depth: number): Owner | undefined {
  const t = ctx.ts;
  if (depth > maxDepth || !step()) return undefined;
  const inner = skipOuter(t, expr);
  if (inner.kind === t.SyntaxKind.ThisKeyword) return thisOwner(t, inner);
  if (inner.kind === t.SyntaxKind.SuperKeyword) {
    const self = thisOwner(t, inner);
    const base = self?.kind === "class" ? baseClass(t, self.node) : undefined;
    return self?.kind === "class" && base ? { kind: "class", node: base, isStatic: self.isStatic } : undefined;
  }
  if (t.isNewExpression(inner)) {
    const cls = classOf(t, inner.expression);
    return cls && { kind: "class", node: cls, isStatic: false };
  }
  if (t.isClassExpression(inner)) return { kind: "class", node: inner, isStatic: true };
  if (t.isObjectLiteralExpression(inner)) return { kind: "object", node: inner };
  if (t.isIdentifier(inner)) {
    const declaration = findValueDeclaration(t, inner, inner.text);
    return declaration && declarationOwner(ctx, declaration, depth + 1);
  }
  if (t.isCallExpression(inner)) {
    // `getStore().flush()`: the callee's declared return type.
    const [declaration, ...more] = calleeDeclarations(ctx, inner.expression, depth + 1);
    const returnType = declaration && more.length === 0 ? declaredReturnType(t, declaration) : undefined;
    return returnType && { kind: "type", node: returnType };
  }
  // `this.store`, `app.services.store`: the member's declared type or initialiser.
  const [declaration, ...more] = memberNameAndObject(t, inner, (object, member) => memberDeclarations(ctx, object, member, depth + 1));
  return declaration && more.length === 0 ? declarationOwner(ctx, declaration, depth + 1) : undefined;
}

function declarationOwner(ctx: AnalysisContext, declaration: ts.Node, depth: number): Owner | undefined {
  const t = ctx.ts;
  if (depth > maxDepth) return undefined;
  if (t.isClassDeclaration(declaration)) return { kind: "class", node: declaration, isStatic: true };
  if (t.isBindingElement(declaration)) {
    const [member, ...more] = destructuredMembers(ctx, declaration, depth + 1);
    return member && more.length === 0 ? declarationOwner(ctx, member, depth + 1) : undefined;
  }
  if (t.isShorthandPropertyAssignment(declaration)) {
    const target = findValueDeclaration(t, declaration, declaration.name.text);
    return target && declarationOwner(ctx, target, depth + 1);
  }
  if (
    !(
      t.isVariableDeclaration(declaration) ||
      t.isParameter(declaration) ||
      t.isPropertyDeclaration(declaration) ||
      t.isPropertySignature(declaration) ||
      t.isPropertyAssignment(declaration)
    )
  ) {
    return undefined;
  }
  const type = t.isPropertyAssignment(declaration) ? undefined : declaration.type;
  if (type) return { kind: "type", node: type };
  const init = t.isPropertySignature(declaration) ? undefined : declaration.initializer;
  return init && ownerOf(ctx, init, depth + 1);
}

/** The return type written on a function, or on the function a variable or property holds. */
export function declaredReturnType(t: TS, declaration: ts.Node): ts.TypeNode | undefined {
  if (t.isFunctionLike(declaration)) return t.isGetAccessorDeclaration(declaration) || t.isSetAccessorDeclaration(declaration) ? undefined : declaration.type;
  if (!(t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertyAssignment(declaration))) return undefined;
  const type = t.isPropertyAssignment(declaration) ? undefined : declaration.type;
  if (type) return t.isFunctionTypeNode(type) ? type.type : undefined;
  const init = declaration.initializer && skipOuter(t, declaration.initializer);
  return init && isFunctionExpressionLike(t, init) ? init.type : undefined;
}

/** The class, or the object literal bound to a variable, that `this` refers to at `node`. */
function thisOwner(t: TS, node: ts.Node): Owner | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isArrowFunction(current)) continue;
    if (t.isClassStaticBlockDeclaration(current)) return { kind: "class", node: current.parent, isStatic: true };
    if (t.isFunctionExpression(current)) {
      // `{ run: function () { this.load(); } }`
      const holder = current.parent;
      return t.isPropertyAssignment(holder) && t.isObjectLiteralExpression(holder.parent) ? objectLiteralOwner(t, holder.parent) : undefined;
    }
    if (t.isFunctionLike(current) || t.isPropertyDeclaration(current)) {
      const parent = current.parent;
      if (parent && t.isClassLike(parent)) {
        return { kind: "class", node: parent, isStatic: hasModifier(t, current, t.SyntaxKind.StaticKeyword) };
      }
      const objectMember = t.isMethodDeclaration(current) || t.isGetAccessorDeclaration(current) || t.isSetAccessorDeclaration(current);
      return objectMember && parent && t.isObjectLiteralExpression(parent) ? objectLiteralOwner(t, parent) : undefined;
    }
    // `this` in a computed member name or a heritage clause is not an instance.
    if (t.isClassLike(current)) return undefined;
  }
  return undefined;
}

/**
 * `this` in an object literal's method is the literal when the literal initialises an unannotated
 * variable; anywhere else (an argument, a typed variable) a `ThisType` may say otherwise.
 */
function objectLiteralOwner(t: TS, literal: ts.ObjectLiteralExpression): Owner | undefined {
  let node: ts.Node = literal;
  while (
    node.parent &&
    (t.isParenthesizedExpression(node.parent) || t.isAsExpression(node.parent) || t.isSatisfiesExpression(node.parent))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  return parent && t.isVariableDeclaration(parent) && parent.initializer === node && parent.type === undefined
    ? { kind: "object", node: literal }
    : undefined;
}

/** The class `expr` names: a same-file class declaration, a `const` bound to a class expression, or one inline. */
function classOf(t: TS, expr: ts.Expression): ts.ClassLikeDeclaration | undefined {
  const inner = skipOuter(t, expr);
  if (t.isClassExpression(inner)) return inner;
  if (!t.isIdentifier(inner)) return undefined;
  const declaration = findValueDeclaration(t, inner, inner.text);
  if (!declaration) return undefined;
  if (t.isClassDeclaration(declaration)) return declaration;
  if (t.isVariableDeclaration(declaration) && declaration.initializer && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0) {
    const init = skipOuter(t, declaration.initializer);
    return t.isClassExpression(init) ? init : undefined;
  }
  return undefined;
}

function baseClass(t: TS, cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
  const base = heritageTypes(t, cls)[0];
  return base && classOf(t, base.expression);
}

function lookupMember(ctx: AnalysisContext, owner: Owner, member: string, depth: number): ts.Node[] {
  if (depth > maxDepth) return [];
  if (owner.kind === "class") return classMembers(ctx, owner.node, member, owner.isStatic, depth);
  if (owner.kind === "type") return typeMembers(ctx, owner.node, member, depth);
  return objectMembers(ctx.ts, owner.node, member);
}

/** A class's own members called `member` on the given side, else its base class's: the nearest declaration decides. */
function classMembers(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration, member: string, isStatic: boolean, depth: number): ts.Node[] {
  const t = ctx.ts;
  if (depth > maxDepth) return [];
  const own: ts.Node[] = cls.members.filter(
    (candidate) =>
      !t.isConstructorDeclaration(candidate) &&
      !t.isClassStaticBlockDeclaration(candidate) &&
      propertyNameText(t, candidate.name) === member &&
      hasModifier(t, candidate, t.SyntaxKind.StaticKeyword) === isStatic,
  );
  const parameter = isStatic ? undefined : parameterProperty(t, cls, member);
  if (parameter) own.push(parameter);
  if (own.length > 0) return own;
  const base = baseClass(t, cls);
  return base ? classMembers(ctx, base, member, isStatic, depth + 1) : [];
}

function typeMembers(ctx: AnalysisContext, typeNode: ts.TypeNode, member: string, depth: number): ts.Node[] {
  const t = ctx.ts;
  if (depth > maxDepth) return [];
  if (t.isTypeLiteralNode(typeNode)) return typeNode.members.filter((candidate) => propertyNameText(t, candidate.name) === member);
  if (t.isParenthesizedTypeNode(typeNode)) return typeMembers(ctx, typeNode.type, member, depth);
  // `Store | undefined`: what `store?.m()` calls when it calls anything; `A & B`: either part.
  if (t.isUnionTypeNode(typeNode) || t.isIntersectionTypeNode(typeNode)) {
    return typeNode.types.flatMap((part) => typeMembers(ctx, part, member, depth + 1));
  }
  if (t.isTypeQueryNode(typeNode)) {
    // `typeof api`: the declared value's members.
    const name = typeNode.exprName;
    const declaration = t.isIdentifier(name) ? findValueDeclaration(t, typeNode, name.text) : undefined;
    const owner = declaration && declarationOwner(ctx, declaration, depth + 1);
    return owner ? lookupMember(ctx, owner, member, depth + 1) : [];
  }
  const typeName = t.isTypeReferenceNode(typeNode) ? typeNode.typeName : t.isExpressionWithTypeArguments(typeNode) ? typeNode.expression : undefined;
  if (!typeName || !t.isIdentifier(typeName)) return [];
  const declaration = findTypeDeclaration(t, typeNode, typeName.text);
  if (!declaration) return [];
  if (t.isTypeAliasDeclaration(declaration)) return typeMembers(ctx, declaration.type, member, depth + 1);
  if (t.isClassDeclaration(declaration)) return classMembers(ctx, declaration, member, false, depth + 1);
  const own = declaration.members.filter((candidate) => propertyNameText(t, candidate.name) === member);
  if (own.length > 0) return own;
  return heritageTypes(t, declaration).flatMap((base) => typeMembers(ctx, base, member, depth + 1));
}

/** The entry an object literal ends up with for `member`; unknown (empty) when a later spread may replace it. */
function objectMembers(t: TS, literal: ts.ObjectLiteralExpression, member: string): ts.Node[] {
  let found: ts.Node[] = [];
  for (const property of literal.properties) {
    if (t.isSpreadAssignment(property)) {
      found = [];
    } else if (propertyNameText(t, property.name) === member) {
      // A getter and a setter together make one property; anything else replaces what came before.
      const accessor = t.isGetAccessorDeclaration(property) || t.isSetAccessorDeclaration(property);
      found = accessor ? [...found.filter((f) => t.isGetAccessorDeclaration(f) || t.isSetAccessorDeclaration(f)), property] : [property];
    }
  }
  return found;
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

/** Whether `expr` names the global `Promise`, or a same-file class that extends it (`class Deferred<T> extends Promise<T>`). */
function isPromiseClass(t: TS, expr: ts.Expression, depth: number): boolean {
  if (depth > maxDepth) return false;
  const inner = skipOuter(t, expr);
  if (t.isIdentifier(inner) && inner.text === "Promise") return true;
  const cls = classOf(t, inner);
  const base = cls && heritageTypes(t, cls)[0];
  return base !== undefined && isPromiseClass(t, base.expression, depth + 1);
}

/** Whether `expr` is the global `name` (`Array`, `Promise`), not a local or imported binding. */
function isGlobal(t: TS, expr: ts.Expression, name: string): boolean {
  const inner = skipOuter(t, expr);
  return t.isIdentifier(inner) && inner.text === name && findValueDeclaration(t, inner, name) === undefined;
}

/** Whether a value of this type, written in this file, is a promise: `Promise<…>`, `PromiseLike<…>`, a union with one, or a local alias of one. */
function typeIsPromise(ctx: AnalysisContext, typeNode: ts.TypeNode, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (isPromiseTypeNode(t, typeNode)) return true;
  if (t.isParenthesizedTypeNode(typeNode)) return typeIsPromise(ctx, typeNode.type, depth);
  if (t.isUnionTypeNode(typeNode)) return typeNode.types.some((part) => typeIsPromise(ctx, part, depth + 1));
  // `MyPromise<T>` for a same-file `class MyPromise<T> extends Promise<T>`.
  const named = t.isTypeReferenceNode(typeNode) && t.isIdentifier(typeNode.typeName) ? findTypeDeclaration(t, typeNode, typeNode.typeName.text) : undefined;
  if (named && t.isClassDeclaration(named) && named.name && isPromiseClass(t, named.name, depth + 1)) return true;
  const alias = localTypeAlias(t, typeNode);
  return alias !== undefined && typeIsPromise(ctx, alias.type, depth + 1);
}

/** Whether calling a value of this type returns a promise: a function type, a call signature, or an alias or union of one. */
function typeReturnsPromise(ctx: AnalysisContext, typeNode: ts.TypeNode, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isFunctionTypeNode(typeNode)) return typeIsPromise(ctx, typeNode.type, depth + 1);
  if (t.isParenthesizedTypeNode(typeNode)) return typeReturnsPromise(ctx, typeNode.type, depth);
  // `(() => Promise<void>) | undefined`: what `f?.()` calls when it calls anything.
  if (t.isUnionTypeNode(typeNode) || t.isIntersectionTypeNode(typeNode)) {
    return typeNode.types.some((part) => typeReturnsPromise(ctx, part, depth + 1));
  }
  const callSignatures = (members: readonly ts.Node[]): boolean =>
    members.some((member) => t.isCallSignatureDeclaration(member) && member.type !== undefined && typeIsPromise(ctx, member.type, depth + 1));
  if (t.isTypeLiteralNode(typeNode)) return callSignatures(typeNode.members);
  const declaration = t.isTypeReferenceNode(typeNode) && t.isIdentifier(typeNode.typeName) ? findTypeDeclaration(t, typeNode, typeNode.typeName.text) : undefined;
  if (declaration && t.isTypeAliasDeclaration(declaration)) return typeReturnsPromise(ctx, declaration.type, depth + 1);
  return declaration !== undefined && t.isInterfaceDeclaration(declaration) && callSignatures(declaration.members);
}

function localTypeAlias(t: TS, typeNode: ts.TypeNode): ts.TypeAliasDeclaration | undefined {
  if (!t.isTypeReferenceNode(typeNode) || !t.isIdentifier(typeNode.typeName)) return undefined;
  const declaration = findTypeDeclaration(t, typeNode, typeNode.typeName.text);
  return declaration && t.isTypeAliasDeclaration(declaration) ? declaration : undefined;
}

/** `Promise<…>`, `PromiseLike<…>`, or a union or intersection containing one. */
export function isPromiseTypeNode(t: TS, typeNode: ts.TypeNode): boolean {
  if (t.isParenthesizedTypeNode(typeNode)) return isPromiseTypeNode(t, typeNode.type);
  // `Promise<T> & { cancel(): void }` is a promise too.
  if (t.isUnionTypeNode(typeNode) || t.isIntersectionTypeNode(typeNode)) return typeNode.types.some((part) => isPromiseTypeNode(t, part));
  return (
    t.isTypeReferenceNode(typeNode) &&
    t.isIdentifier(typeNode.typeName) &&
    (typeNode.typeName.text === "Promise" || typeNode.typeName.text === "PromiseLike")
  );
}
