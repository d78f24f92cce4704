// no-floating-callback: a promise-returning function handed to a caller that drops what it returns.
// Known droppers (emitters, timers, fs.watch, forEach) are found by name in both modes; type-aware
// mode also reports any callback whose parameter type returns `void` in every overload.
import type * as ts from "typescript";
import { isModule, listenerMethods, listenerRemovalMethods, timerFunctions } from "./known-apis.js";
import { isHandled } from "./floating-task.js";
import { declaredMemberReturnsPromise, isPromiseLike, isPromiseReturningFunction, isThenableType, parameterAcceptsPromise } from "./promise.js";
import { findValueDeclaration, importedName, importModule } from "./scope.js";
import { baseMemberTypes, bodilessMember, classMemberOf, isSyncDisposer, type Member } from "./overrides.js";
import { argumentDropsResult, droppingBase, valueDropsResult } from "./void-context.js";
import { dottedName, enclosingFunction, isAsyncFunction, isFunctionExpressionLike, lastName, memberName, memberObject, skipOuter } from "./syntax.js";
import type { AnalysisContext, Finding } from "./types.js";

/** A value whose caller is known through a declared type: a function, a reference to one, or a method. */
export type CallbackValue = ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration | ts.Identifier | ts.PropertyAccessExpression | ts.CallExpression | ts.ConditionalExpression;

/** How a parameter treats the function passed to it. */
type Acceptance = "drops" | "accepts-promise" | "unknown";

export function checkCallbackArguments(ctx: AnalysisContext, node: ts.CallExpression | ts.NewExpression): Finding[] {
  const findings: Finding[] = [];
  // `.finally(fn)` waits for the promise its callback returns; `.off(event, fn)` never calls `fn`.
  const method = memberName(ctx.ts, node.expression);
  if (method === "finally" || (method !== undefined && listenerRemovalMethods.has(method))) return findings;
  // Resolved on first need: most calls have no callback argument.
  let known: KnownDropper | undefined | null = null;
  const knownSiteAt = (index: number): string | undefined => {
    if (known === null) known = ctx.ts.isCallExpression(node) ? knownDropper(ctx, node) : undefined;
    return known?.drops(index) ? known.name : undefined;
  };
  positionedArguments(ctx, node).forEach(([arg, index]) => {
    if (!isCallbackCandidate(ctx, arg)) return;
    const inner = skipOuter(ctx.ts, arg);
    // An inline function that is neither async nor returns anything cannot return a promise.
    if (isFunctionExpressionLike(ctx.ts, inner) && !isAsyncFunction(ctx.ts, inner) && !returnsValue(ctx, inner)) return;
    const knownSite = knownSiteAt(index);
    // Without types, an unknown callee is looked up only for an inline function: resolving every
    // referenced argument of every call would cost more than the rare finding is worth.
    if (!knownSite && !ctx.checker && !isFunctionExpressionLike(ctx.ts, skipOuter(ctx.ts, arg))) return;
    const acceptance = (): Acceptance =>
      ctx.checker
        ? argumentAcceptance(ctx, node, index)
        : parameterAcceptsPromise(ctx, node, index)
          ? "accepts-promise"
          : argumentDropsResult(ctx, node, index)
            ? "drops"
            : "unknown";
    // A named dropper is reported unless its type explicitly takes a promise-returning callback.
    const reports = (verdict: Acceptance): boolean => (knownSite ? verdict !== "accepts-promise" : verdict === "drops");
    // With types, the parameter first for a plain inline function: few parameters drop a function's
    // result, and ruling that out is cheaper than the function's return type, which may have to be
    // inferred from its body. The argument first for an async function (no question at all) and for
    // a reference or a call, whose type is looked up rather than inferred and is rarely a function.
    // Without types, the argument first too: resolving the callee is the dearer question.
    const plainFunction = isFunctionExpressionLike(ctx.ts, inner) && !isAsyncFunction(ctx.ts, inner);
    const verdict = plainFunction && ctx.checker ? acceptance() : undefined;
    if (verdict !== undefined && !reports(verdict)) return;
    if (!isPromiseReturningFunction(ctx, arg) || returnsOnlyHandled(ctx, arg)) return;
    if (!reports(verdict ?? acceptance())) return;
    const name = knownSite ?? calleeName(ctx, node.expression);
    findings.push({ rule: "no-floating-callback", kind: "floatingCallback", node: arg, target: arg, data: { name, calls: "calls" } });
  });
  const spread = spreadFunctions(ctx, node);
  if (spread) findings.push({ rule: "no-floating-callback", kind: "floatingCallback", node: spread, target: spread, data: { name: calleeName(ctx, node.expression), calls: "calls" } });
  return findings;
}

/**
 * Type-aware: a function, or a reference to one, whose caller is known only through a declared type
 * that returns `void`: an object literal property (`{ onDone }`), a typed variable, an assignment, a
 * returned value, a JSX attribute, or a class member overriding or implementing a `void` one. An
 * async `[Symbol.dispose]` is reported in both modes: `using` drops its promise whatever the types say.
 */
export function checkCallbackValue(ctx: AnalysisContext, node: CallbackValue): Finding | undefined {
  const t = ctx.ts;
  if (returnsNothing(ctx, node)) return undefined;
  const member = classMemberOf(ctx, node);
  const checker = ctx.checker;
  if (member && isSyncDisposer(ctx, member) && isAsyncFunction(t, t.isPropertyDeclaration(member) ? (member.initializer ?? member) : member)) {
    return overrideFinding(node, member, "Disposable[Symbol.dispose]");
  }
  // `using r = { async [Symbol.dispose]() {} }`: the same for an object literal's member.
  const literalMember = t.isMethodDeclaration(node) ? node : t.isPropertyAssignment(node.parent) && node.parent.initializer === node ? node.parent : undefined;
  if (literalMember && t.isObjectLiteralExpression(literalMember.parent) && isSyncDisposer(ctx, literalMember) && isAsyncFunction(t, node)) {
    return { rule: "no-floating-callback", kind: "floatingOverride", node, target: node, data: { name: literalMember.name.getText(), base: "Disposable[Symbol.dispose]" } };
  }
  if (member) {
    // Only a class with bases can override anything; the base's declaration is cheaper to rule out
    // than the member's own return type, which may have to be inferred from its body.
    if (!t.isClassLike(member.parent) || !member.parent.heritageClauses) return undefined;
    const base = checker ? baseMemberTypes(ctx, member).find((candidate) => typeAcceptance(ctx, candidate.type) === "drops")?.base : droppingBase(ctx, member);
    return base !== undefined && returnsPromise(ctx, checker, node) ? overrideFinding(node, member, base) : undefined;
  }
  // For a function, and without types, the declared type first: few positions expect a void
  // function, and that is cheaper to rule out than a return type inferred from the body (or, without
  // types, than resolving what a reference refers to). With types, a reference's or a call's own
  // type first: looked up, not inferred, and rarely a function.
  const drops = (): boolean => {
    if (!checker) return valueDropsResult(ctx, node);
    const contextual = contextualTypeOf(ctx, checker, node);
    return contextual !== undefined && typeAcceptance(ctx, contextual) === "drops";
  };
  const declaredFirst = !checker || isFunctionExpressionLike(t, node) || t.isMethodDeclaration(node);
  if (declaredFirst ? !drops() || !returnsPromise(ctx, checker, node) : !returnsPromise(ctx, checker, node) || !drops()) return undefined;
  if (isFunctionExpressionLike(t, node) && returnsOnlyHandled(ctx, node)) return undefined;
  const target = t.isShorthandPropertyAssignment(node.parent) ? node.parent : node;
  const returned = returningFunction(ctx, node);
  if (returned) return { rule: "no-floating-callback", kind: "floatingReturnedCallback", node, target, data: { name: returned } };
  // Not the holder calls it but whoever calls through its declared type.
  const calls = "is declared as a void function, so its caller runs";
  return { rule: "no-floating-callback", kind: "floatingCallback", node, target, data: { name: valueSiteName(ctx, node), calls } };
}

/** A plain function or method that returns nothing (no annotation, no `return <value>`): never a promise. */
function returnsNothing(ctx: AnalysisContext, node: CallbackValue): boolean {
  const t = ctx.ts;
  if (!(isFunctionExpressionLike(t, node) || t.isMethodDeclaration(node)) || node.type || !node.body || isAsyncFunction(t, node)) return false;
  return !returnsValue(ctx, node);
}

/**
 * A member declared without a body (an interface's method or property, an abstract member) whose
 * type returns a promise where a base it extends or implements declares it returning `void`: every
 * implementation is then called by code that knows the base type and drops what it returns.
 */
export function checkMemberDeclaration(ctx: AnalysisContext, node: ts.Node): Finding | undefined {
  const t = ctx.ts;
  const member = bodilessMember(ctx, node);
  const owner = member?.parent;
  if (!member || !owner || !(t.isClassLike(owner) || t.isInterfaceDeclaration(owner)) || !owner.heritageClauses) return undefined;
  const checker = ctx.checker;
  const base = checker ? baseMemberTypes(ctx, member).find((candidate) => typeAcceptance(ctx, candidate.type) === "drops")?.base : droppingBase(ctx, member);
  if (base === undefined) return undefined;
  const returnsPromise = checker ? memberTypeReturnsPromise(ctx, checker, member) : declaredMemberReturnsPromise(ctx, member);
  return returnsPromise ? overrideFinding(member, member, base) : undefined;
}

/**
 * Type-aware: `using lease = pool.acquire()` or `const d: Disposable = handle` where the value's
 * `[Symbol.dispose]` returns a promise: `using` (or whoever disposes through the declared type)
 * calls it and drops the promise.
 */
export function checkDisposerBinding(ctx: AnalysisContext, declaration: ts.VariableDeclaration): Finding | undefined {
  const t = ctx.ts;
  const checker = ctx.checker;
  const value = declaration.initializer && skipOuter(t, declaration.initializer);
  if (!checker || !value || t.isObjectLiteralExpression(value) || isFunctionExpressionLike(t, value)) return undefined;
  const isUsing = (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Using) !== 0;
  if (!isUsing && !declaration.type) return undefined;
  // TypeScript names a well-known symbol's property `__@dispose@<id>`.
  const wellKnown = (type: ts.Type, name: string): ts.Type | undefined => {
    const property = checker.getPropertiesOfType(type).find((candidate) => String(candidate.escapedName).startsWith(`__@${name}@`));
    return property && checker.getTypeOfSymbol(property);
  };
  const declared = isUsing ? undefined : wellKnown(checker.getTypeFromTypeNode(declaration.type!), "dispose");
  if (!isUsing && (declared === undefined || typeAcceptance(ctx, declared) !== "drops")) return undefined;
  const valueType = checker.getTypeAtLocation(value);
  // `await using` awaits `[Symbol.asyncDispose]` when there is one (and drops `[Symbol.dispose]`'s result otherwise).
  const isAwaitUsing = isUsing && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0; // AwaitUsing is Using | Const
  if (isAwaitUsing && wellKnown(valueType, "asyncDispose")) return undefined;
  const own = wellKnown(valueType, "dispose");
  const returnsPromise = own?.getCallSignatures().some((signature) => isThenableType(ctx, signature.getReturnType())) ?? false;
  if (!returnsPromise) return undefined;
  return { rule: "no-floating-callback", kind: "floatingOverride", node: value, target: value, data: { name: `${value.getText(ctx.sourceFile)}[Symbol.dispose]`, base: "Disposable[Symbol.dispose]" } };
}

function memberTypeReturnsPromise(ctx: AnalysisContext, checker: ts.TypeChecker, member: Member): boolean {
  const t = ctx.ts;
  const signatures =
    t.isMethodDeclaration(member) || t.isMethodSignature(member)
      ? [checker.getSignatureFromDeclaration(member)]
      : checker.getTypeAtLocation(member.name).getNonNullableType().getCallSignatures();
  return signatures.some((signature) => signature !== undefined && isThenableType(ctx, signature.getReturnType()));
}

function overrideFinding(node: ts.Node, member: Member, base: string): Finding {
  const name = member.name.getText();
  return { rule: "no-floating-callback", kind: "floatingOverride", node, target: node, data: { name, base } };
}

/** The name of the function whose declared return type receives `node` (`return async () => …`), if any. */
function returningFunction(ctx: AnalysisContext, node: ts.Node): string | undefined {
  const t = ctx.ts;
  const parent = node.parent;
  const fn = t.isReturnStatement(parent) ? enclosingFunction(t, parent) : t.isArrowFunction(parent) && parent.body === node ? parent : undefined;
  if (!fn) return undefined;
  const holder = fn.parent;
  const name = "name" in fn && fn.name && t.isIdentifier(fn.name) ? fn.name : holder && t.isVariableDeclaration(holder) && t.isIdentifier(holder.name) ? holder.name : undefined;
  return name ? name.text : "the function";
}

function returnsPromise(ctx: AnalysisContext, checker: ts.TypeChecker | undefined, node: CallbackValue): boolean {
  if (!ctx.ts.isMethodDeclaration(node)) return isPromiseReturningFunction(ctx, node);
  if (isAsyncFunction(ctx.ts, node)) return true;
  const signature = checker?.getSignatureFromDeclaration(node);
  return signature !== undefined && isThenableType(ctx, signature.getReturnType());
}

function contextualTypeOf(ctx: AnalysisContext, checker: ts.TypeChecker, node: CallbackValue): ts.Type | undefined {
  const t = ctx.ts;
  // A method's or shorthand property's contextual type is its property's type in the object literal's.
  if (t.isMethodDeclaration(node)) return objectPropertyType(ctx, checker, node);
  return t.isShorthandPropertyAssignment(node.parent) ? objectPropertyType(ctx, checker, node.parent) : checker.getContextualType(node);
}

function objectPropertyType(ctx: AnalysisContext, checker: ts.TypeChecker, holder: ts.MethodDeclaration | ts.ShorthandPropertyAssignment): ts.Type | undefined {
  const t = ctx.ts;
  const name = t.isIdentifier(holder.name) || t.isStringLiteral(holder.name) ? holder.name.text : undefined;
  // `Hooks | undefined` still types the literal's members; `Record<string, () => void>` through its index signature.
  const objectType = t.isObjectLiteralExpression(holder.parent) ? checker.getContextualType(holder.parent)?.getNonNullableType() : undefined;
  if (!objectType || name === undefined) return undefined;
  const property = objectType.getProperty(name);
  return property ? checker.getTypeOfSymbol(property) : checker.getIndexTypeOfType(objectType, t.IndexKind.String);
}

function valueSiteName(ctx: AnalysisContext, node: ts.Node): string {
  const t = ctx.ts;
  const parent = node.parent;
  if ((t.isPropertyAssignment(parent) || t.isVariableDeclaration(parent) || t.isShorthandPropertyAssignment(parent)) && t.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (t.isJsxExpression(parent) && parent.parent && t.isJsxAttribute(parent.parent)) return parent.parent.name.getText(ctx.sourceFile);
  if (t.isMethodDeclaration(node) && t.isIdentifier(node.name)) return node.name.text;
  if (t.isBinaryExpression(parent)) return dottedName(t, parent.left) ?? "assignment";
  return "callback";
}

/**
 * `() => this.drain().catch(log)`: a plain (not async) function whose every returned promise has a
 * rejection handler. Dropping it loses no error, as `.catch(fn)` at statement level does not; like
 * that statement it is the strict config's concern (untracked), not a floating task.
 */
function returnsOnlyHandled(ctx: AnalysisContext, arg: ts.Expression): boolean {
  const t = ctx.ts;
  const fn = skipOuter(t, arg);
  if (!isFunctionExpressionLike(t, fn) || isAsyncFunction(t, fn) || fn.asteriskToken) return false;
  if (!t.isBlock(fn.body)) return isHandled(ctx, fn.body);
  const returned: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isReturnStatement(node) && node.expression) returned.push(node.expression);
    t.forEachChild(node, visit);
  };
  t.forEachChild(fn.body, visit);
  return returned.length > 0 && returned.every((value) => isHandled(ctx, value) || !isPromiseLike(ctx, value));
}

/**
 * Each argument with the parameter position it lands in; the elements of a spread array literal
 * (`f(...[async () => …])`) land one by one. Past any other spread, positions are unknown.
 */
/**
 * Type-aware: `all(...handlers)` where `handlers` is an array (not a literal) of promise-returning
 * functions and the rest parameter it fills drops what they return.
 */
function spreadFunctions(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const t = ctx.ts;
  const checker = ctx.checker;
  const args = call.arguments ?? [];
  const at = args.findIndex((arg) => t.isSpreadElement(arg) && !t.isArrayLiteralExpression(skipOuter(t, arg.expression)));
  const spread = args[at];
  if (!checker || !spread || !t.isSpreadElement(spread) || args.slice(0, at).some((arg) => t.isSpreadElement(arg))) return undefined;
  const element = checker.getIndexTypeOfType(checker.getTypeAtLocation(spread.expression), t.IndexKind.Number)?.getNonNullableType();
  const returnsPromise = element?.getCallSignatures().some((signature) => isThenableType(ctx, signature.getReturnType())) ?? false;
  return returnsPromise && argumentAcceptance(ctx, call, at) === "drops" ? spread.expression : undefined;
}

function positionedArguments(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression): [ts.Expression, number][] {
  const t = ctx.ts;
  const positioned: [ts.Expression, number][] = [];
  let index = 0;
  for (const arg of call.arguments ?? []) {
    if (!t.isSpreadElement(arg)) {
      positioned.push([arg, index++]);
      continue;
    }
    const spread = skipOuter(t, arg.expression);
    if (!t.isArrayLiteralExpression(spread) || spread.elements.some((element) => t.isSpreadElement(element))) break;
    for (const element of spread.elements) positioned.push([element, index++]);
  }
  return positioned;
}

/** Whether a function's body yields a value: an expression body, or a `return <value>` of its own. */
function returnsValue(ctx: AnalysisContext, fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration): boolean {
  const t = ctx.ts;
  if (!fn.body || !t.isBlock(fn.body)) return true;
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isReturnStatement(node) && node.expression) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(fn.body);
}

function isCallbackCandidate(ctx: AnalysisContext, arg: ts.Expression): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, arg);
  return (
    isFunctionExpressionLike(t, inner) ||
    t.isIdentifier(inner) ||
    t.isPropertyAccessExpression(inner) ||
    // With types, any call or choice whose value is a promise-returning function (`makeHandler()`, `a ? f : g`).
    (t.isCallExpression(inner) && (ctx.checker !== undefined || memberName(t, inner.expression) === "bind")) ||
    (t.isConditionalExpression(inner) && ctx.checker !== undefined)
  );
}

interface KnownDropper {
  /** The site shown in the message: `watcher.on('add')`, `setInterval`, `forEach`. */
  readonly name: string;
  drops(index: number): boolean;
}

function knownDropper(ctx: AnalysisContext, call: ts.CallExpression): KnownDropper | undefined {
  const t = ctx.ts;
  const callee = skipOuter(t, call.expression);
  const member = memberName(t, callee);
  const object = memberObject(t, callee);
  if (member !== undefined && object !== undefined) {
    if (listenerMethods.has(member)) {
      const event = call.arguments[0];
      const eventText = event && t.isStringLiteralLike(event) ? `'${event.text}'` : "";
      const owner = lastName(t, object);
      return { name: `${owner === undefined ? "" : `${owner}.`}${member}(${eventText})`, drops: (index) => index >= 1 };
    }
    if (member === "forEach") return { name: "forEach", drops: (index) => index === 0 };
    const path = dottedName(t, object);
    if (path === "process" && member === "nextTick") return { name: "process.nextTick", drops: (index) => index === 0 };
    if (timerFunctions.has(member) && (path === "globalThis" || path === "window" || isImportOf(ctx, object, "timers"))) {
      return { name: member, drops: (index) => index === 0 };
    }
    if ((member === "watch" || member === "watchFile") && isImportOf(ctx, object, "fs")) {
      return { name: `fs.${member}`, drops: (index) => index === call.arguments.length - 1 && index > 0 };
    }
    return undefined;
  }
  if (!t.isIdentifier(callee)) return undefined;
  const declaration = findValueDeclaration(t, callee, callee.text);
  const imported = declaration === undefined ? undefined : importedName(t, declaration);
  const moduleName = declaration === undefined ? undefined : importModule(t, declaration);
  const original = imported ?? callee.text;
  if (timerFunctions.has(original) && (!declaration || (moduleName !== undefined && isModule(moduleName, "timers")))) {
    return { name: original, drops: (index) => index === 0 };
  }
  if ((original === "watch" || original === "watchFile") && moduleName !== undefined && isModule(moduleName, "fs")) {
    return { name: `fs.${original}`, drops: (index) => index === call.arguments.length - 1 && index > 0 };
  }
  return undefined;
}

/** Whether `expr` names a namespace or default import of the Node module `bare`. */
function isImportOf(ctx: AnalysisContext, expr: ts.Expression, bare: string): boolean {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  if (!t.isIdentifier(inner)) return false;
  const declaration = findValueDeclaration(t, inner, inner.text);
  const moduleName = declaration && importModule(t, declaration);
  const name = declaration && importedName(t, declaration);
  return moduleName !== undefined && isModule(moduleName, bare) && (name === "*" || name === "default");
}

function calleeName(ctx: AnalysisContext, callee: ts.Expression): string {
  return dottedName(ctx.ts, callee) ?? lastName(ctx.ts, callee) ?? "the caller";
}

/**
 * How the callee treats argument `index`, over every call or construct signature: it drops the
 * result only if no signature's parameter accepts a promise-returning function.
 */
function argumentAcceptance(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression, index: number): Acceptance {
  const checker = ctx.checker;
  if (!checker) return "unknown";
  const t = ctx.ts;
  const calleeType = checker.getTypeAtLocation(call.expression);
  const declared = checker.getSignaturesOfType(calleeType, t.isNewExpression(call) ? t.SignatureKind.Construct : t.SignatureKind.Call);
  if (declared.length === 0) return "unknown";
  // Generic signatures only say what they drop once instantiated; the resolved one is.
  const resolved = checker.getResolvedSignature(call);
  // Only the overloads the call's argument count can reach (`ask(q, cb)` never means `ask(q, options, cb)`).
  const count = (call.arguments ?? []).length;
  const hasSpread = (call.arguments ?? []).some((arg) => t.isSpreadElement(arg));
  const reachable = declared.filter((signature) => hasSpread || acceptsCount(ctx, signature, count));
  const signatures = reachable.map((s) => (resolved && s.getDeclaration() === resolved.getDeclaration() ? resolved : s));
  // As typescript-eslint decides: some reachable overload drops the result and none takes a
  // promise-returning function (`it(name, cb: () => number)` beside `it(name, cb: () => void)`).
  let verdict: Acceptance = "unknown";
  for (const signature of signatures) {
    const parameterType = parameterTypeAt(ctx, signature, index);
    if (!parameterType) continue;
    const acceptance = typeAcceptance(ctx, parameterType);
    if (acceptance === "accepts-promise") return acceptance;
    if (acceptance === "drops") verdict = "drops";
  }
  return verdict;
}

function acceptsCount(ctx: AnalysisContext, signature: ts.Signature, count: number): boolean {
  const t = ctx.ts;
  const declarations = signature.getParameters().map((parameter) => parameter.valueDeclaration);
  if (declarations.some((d) => d === undefined || !t.isParameter(d))) return true;
  const parameters = declarations as ts.ParameterDeclaration[];
  if (parameters.some((p) => p.dotDotDotToken)) return true;
  const required = parameters.filter((p) => !p.questionToken && !p.initializer).length;
  return count >= required && count <= parameters.length;
}

function parameterTypeAt(ctx: AnalysisContext, signature: ts.Signature, index: number): ts.Type | undefined {
  const checker = ctx.checker;
  if (!checker) return undefined;
  const parameters = signature.getParameters();
  const last = parameters[parameters.length - 1];
  const lastDeclaration = last?.valueDeclaration;
  const isRest = lastDeclaration !== undefined && ctx.ts.isParameter(lastDeclaration) && lastDeclaration.dotDotDotToken !== undefined;
  if (index < parameters.length - (isRest ? 1 : 0)) {
    const parameter = parameters[index];
    return parameter && checker.getTypeOfSymbol(parameter);
  }
  if (!isRest || !last) return undefined;
  const restType = checker.getTypeOfSymbol(last);
  // `...args: [boolean, () => void]`: the tuple's element at this position.
  if (checker.isTupleType(restType)) return checker.getTypeArguments(restType as ts.TypeReference)[index - (parameters.length - 1)];
  return checker.getIndexTypeOfType(restType, ctx.ts.IndexKind.Number) ?? undefined;
}

/**
 * A parameter type drops a callback's promise when every function it admits returns `void`.
 * It accepts one when some admitted function returns anything else (a promise, `unknown`, `T`).
 */
function typeAcceptance(ctx: AnalysisContext, type: ts.Type): Acceptance {
  const t = ctx.ts;
  const checker = ctx.checker;
  if (!checker) return "unknown";
  let sawFunction = false;
  let explicitPromise = false;
  let other = false;
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & (t.TypeFlags.Undefined | t.TypeFlags.Null | t.TypeFlags.Void)) continue;
    const signatures = part.getCallSignatures();
    if (signatures.length === 0) {
      // An object like `EventListenerObject` or a primitive (`(() => void) | boolean`) is not called;
      // a type parameter, `any` or `unknown` could be anything.
      if (part.flags & (t.TypeFlags.Instantiable | t.TypeFlags.Any | t.TypeFlags.Unknown)) other = true;
      continue;
    }
    sawFunction = true;
    for (const signature of signatures) {
      const returnType = signature.getReturnType();
      if (isThenableType(ctx, returnType)) explicitPromise = true;
      else if (!(returnType.flags & t.TypeFlags.Void)) other = true;
    }
  }
  if (explicitPromise) return "accepts-promise";
  if (!sawFunction || other) return "unknown";
  return "drops";
}
