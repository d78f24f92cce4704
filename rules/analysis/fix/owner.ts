// Who owns the work a site starts: the object whose lifecycle can wait for it, or the module's
// entry point, or nobody (then the site is a manual step). A per-instance set only ever lives in a
// class with an async stop method (its own or inherited), declared where that method is declared.
import type * as ts from "typescript";
import { isThenableType } from "../promise.js";
import { hasModifier, propertyNameText } from "../syntax.js";
import type { AnalysisContext, TS } from "../types.js";

/** Methods that end an object's life, and hooks whose last word says so (`onModuleDestroy`). */
const stopNames = new Set(["stop", "close", "dispose", "shutdown", "destroy", "terminate", "disconnect", "[Symbol.asyncDispose]"]);
const stopHook = /^(onModuleDestroy|onApplicationShutdown|beforeApplicationShutdown|ngOnDestroy|disconnectedCallback)$/;
/** Methods that bring an object (back) to life: beside a stop, the object can be used again after it. */
const openNames = /^(open|connect|reconnect|start|restart|subscribe|resubscribe|listen|resume|join|rejoin)$/i;
/** Registering a handler: it can fire after the owner stopped, and must not find the set closed. */
const handlerMethods = new Set(["on", "once", "addListener", "addEventListener", "prependListener", "subscribe"]);
const timerFunctions = new Set(["setInterval", "setTimeout", "setImmediate"]);

export type Owner =
  | {
      readonly kind: "class";
      /** The class whose instance `this` is at the site. */
      readonly site: ts.ClassLikeDeclaration;
      /** The class that holds the set: the one that declares the lifecycle, or already has a set. */
      readonly home: ts.ClassLikeDeclaration;
      /** A set the hierarchy already has, by field name. */
      readonly existing: string | undefined;
      /** The async stop method the drain goes into (undefined when an existing set is already stopped elsewhere). */
      readonly stopMethod: (ts.MethodDeclaration & { body: ts.Block }) | undefined;
      /** The owner can be opened again, or its handlers and timers can fire after the stop (see stop-kind.ts). */
      readonly reopenable: boolean;
      /** Names of the hierarchy's lifecycle methods: calls to them are never spawned into the set. */
      readonly lifecycle: ReadonlySet<string>;
    }
  | { readonly kind: "module" }
  | { readonly kind: "none"; readonly reason: string; readonly lifecycle: ReadonlySet<string> };

/** The owner of work started at `node`. */
export function siteOwner(ctx: AnalysisContext, node: ts.Node): Owner {
  const t = ctx.ts;
  const cls = ownerClass(t, node);
  if (!cls) {
    // A module that already has a set (exported to its owner, or shut down by it) keeps using it.
    if (hasModuleSet(ctx)) return { kind: "module" };
    if (hasEntryPoint(ctx) && importsParentPort(ctx)) {
      return {
        kind: "none",
        lifecycle: new Set(),
        reason: `this file runs in a worker thread (it imports \`parentPort\` from \`worker_threads\`): signals reach the main thread, not this one, so a module-level set handed to \`installShutdownHooks\` would never be shut down here. Create the set yourself and shut it down when the thread is told to stop (the message that says so, or \`parentPort.on("close")\`), then run the fix again.`,
      };
    }
    if (hasEntryPoint(ctx)) return { kind: "module" };
    const where = enclosingName(t, node);
    const what = isInStaticMember(t, node) ? "a static member" : "module code of a file without an entry point";
    return {
      kind: "none",
      lifecycle: new Set(),
      reason: `${where ? `\`${where}\` is` : "this is"} ${what}, so no TaskSet here would ever be shut down: await or return the work so the caller owns it, or hand it to the caller's TaskSet.`,
    };
  }
  const chain = classChain(ctx, cls);
  const lifecycle = new Set(chain.flatMap((c) => lifecycleMethods(t, c).map((m) => propertyNameText(t, m.name) ?? "")));
  for (const name of inheritedLifecycle(ctx, chain)) lifecycle.add(name);
  const name = className(t, cls);
  const reopenable = chain.some((c) => isReopenable(t, c));

  for (const c of chain) {
    const field = existingClassField(ctx, c, c === cls);
    if (field) return { kind: "class", site: cls, home: c, existing: field, stopMethod: asyncStopMethod(t, c), reopenable, lifecycle };
    // A second set beside a base's private one would not be stopped with it.
    const hidden = c === cls ? undefined : existingClassField(ctx, c, true);
    if (hidden) {
      return {
        kind: "none",
        lifecycle,
        reason: `\`${className(t, c)}\` keeps its TaskSet \`${hidden}\` private, so \`${name}\` cannot spawn into it: make it \`protected readonly ${hidden.replace(/^#/, "")}\`, then run the fix again.`,
      };
    }
  }
  const declaring = chain.filter((c) => asyncStopMethod(t, c) !== undefined);
  const home = declaring[declaring.length - 1];
  if (home) return { kind: "class", site: cls, home, existing: undefined, stopMethod: asyncStopMethod(t, home), reopenable, lifecycle };

  const sync = chain.flatMap((c) => lifecycleMethods(t, c))[0];
  if (sync) {
    const owner = className(t, sync.parent as ts.ClassLikeDeclaration);
    return {
      kind: "none",
      lifecycle,
      reason: `\`${owner}.${sync.name.getText(ctx.sourceFile)}()\` is synchronous, so it cannot wait for the work \`${name}\` starts: make it async (awaiting what it stops), then run the fix again.`,
    };
  }
  const inherited = [...inheritedLifecycle(ctx, chain)][0];
  if (inherited) {
    return {
      kind: "none",
      lifecycle,
      reason: `\`${name}\` inherits \`${inherited}()\` from a class declared in another file: declare \`protected readonly tasks = new TaskSet(…)\` there and drain it in \`${inherited}()\`, then run the fix again.`,
    };
  }
  return {
    kind: "none",
    lifecycle,
    reason: `\`${name}\` has no async stop/close/dispose method, so a TaskSet in it would never be shut down: give \`${name}\` an async \`close()\` that its owner calls (or hand the work to the owner's TaskSet), then run the fix again.`,
  };
}

/** Calls that take a handler and drop what it returns, or remove it again. */
const droppingCallees = new Set([
  ...["on", "once", "addListener", "addEventListener", "prependListener", "prependOnceListener"],
  ...["off", "removeListener", "removeEventListener"],
  ...["setTimeout", "setInterval", "setImmediate"],
]);

/**
 * `emitter.on('x', this.onEvent)` where `onEvent` is a private async arrow field of the class that
 * is only handed to emitters and timers: the field itself becomes the sync arrow that spawns its
 * body, so the reference `off(…)` removes stays the same function.
 */
export function handlerField(t: TS, reference: ts.PropertyAccessExpression): { initializer: ts.ArrowFunction; name: string } | undefined {
  const cls = ownerClass(t, reference);
  const field = cls?.members.find((member): member is ts.PropertyDeclaration => t.isPropertyDeclaration(member) && member.name.getText() === reference.name.text);
  if (!cls || !field || !isHandlerField(t, field)) return undefined;
  return { initializer: field.initializer, name: `${className(t, cls)}.${reference.name.text}` };
}

/** A private async arrow field of a class, every use of which hands it to an emitter or a timer (which drop what it returns). */
export function isHandlerField(t: TS, field: ts.PropertyDeclaration): field is ts.PropertyDeclaration & { initializer: ts.ArrowFunction } {
  const cls = field.parent;
  const { initializer } = field;
  if (!t.isClassLike(cls) || !initializer || !t.isArrowFunction(initializer) || !hasModifier(t, initializer, t.SyntaxKind.AsyncKeyword)) return false;
  if (!t.isPrivateIdentifier(field.name) && !hasModifier(t, field, t.SyntaxKind.PrivateKeyword)) return false;
  const wanted = field.name.getText();
  const usedOtherwise = (node: ts.Node): boolean => {
    if (t.isPropertyAccessExpression(node) && node.name.getText() === wanted && node.expression.kind === t.SyntaxKind.ThisKeyword) {
      const call = node.parent;
      if (!t.isCallExpression(call) || call.expression === node) return true;
      const callee = call.expression;
      const method = t.isPropertyAccessExpression(callee) ? callee.name.text : t.isIdentifier(callee) ? callee.text : "";
      if (!droppingCallees.has(method)) return true;
    }
    return t.forEachChild(node, usedOtherwise) ?? false;
  };
  return !usedOtherwise(cls);
}

/** The class whose instance `this` is at the site, if any (arrows keep it, other functions do not). */
export function ownerClass(t: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isArrowFunction(current)) continue;
    if (t.isClassStaticBlockDeclaration(current)) return undefined;
    if (t.isFunctionLike(current) || t.isPropertyDeclaration(current)) {
      const parent = current.parent;
      const isInstanceMember = parent && t.isClassLike(parent) && !hasModifier(t, current, t.SyntaxKind.StaticKeyword);
      return isInstanceMember ? parent : undefined;
    }
  }
  return undefined;
}

function isInStaticMember(t: TS, node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isClassStaticBlockDeclaration(current)) return true;
    if (current.parent && t.isClassLike(current.parent)) return hasModifier(t, current, t.SyntaxKind.StaticKeyword);
  }
  return false;
}

/** The async stop method the class declares itself: the one no other stop method of it calls into. */
export function asyncStopMethod(t: TS, cls: ts.ClassLikeDeclaration): (ts.MethodDeclaration & { body: ts.Block }) | undefined {
  const methods = lifecycleMethods(t, cls).filter((m) => hasModifier(t, m, t.SyntaxKind.AsyncKeyword));
  const names = methods.map((m) => propertyNameText(t, m.name));
  // `[Symbol.asyncDispose]() { await this.close(); }`: the drain goes into close().
  const callsAnother = (m: ts.MethodDeclaration): boolean =>
    names.some((n) => n !== propertyNameText(t, m.name) && n !== undefined && m.body!.getText().includes(`this.${n}(`));
  return methods.find((m) => !callsAnother(m)) ?? methods[0];
}

export function className(t: TS, cls: ts.ClassLikeDeclaration): string {
  if (cls.name) return cls.name.text;
  const parent = cls.parent;
  if (t.isVariableDeclaration(parent) && t.isIdentifier(parent.name)) return parent.name.text;
  return "anonymous class";
}

/**
 * The name of a `TaskSet` field a class has (`x = new TaskSet(…)`), if a member of `from` may use
 * it: its own, or a base class's when not private.
 */
export function existingClassField(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration, own = true): string | undefined {
  const t = ctx.ts;
  for (const member of cls.members) {
    if (!t.isPropertyDeclaration(member) || hasModifier(t, member, t.SyntaxKind.StaticKeyword)) continue;
    if (!(t.isIdentifier(member.name) || t.isPrivateIdentifier(member.name)) || !isNewTaskSet(ctx, member.initializer)) continue;
    if (!own && (t.isPrivateIdentifier(member.name) || hasModifier(t, member, t.SyntaxKind.PrivateKeyword))) continue;
    return member.name.text;
  }
  return undefined;
}

export function isNewTaskSet(ctx: AnalysisContext, node: ts.Node | undefined): boolean {
  if (!node || !ctx.ts.isNewExpression(node)) return false;
  return /(^|\.)(TaskSet|TaskGuardSet\d*)$/.test(node.expression.getText(ctx.sourceFile));
}

/**
 * Whether `<ref>.spawn(fn)` type-checks for a function returning `work`'s type: the set's `spawn`
 * must take a function whose return type accepts it. A home-made set whose `spawn` wants
 * `(signal) => Promise<T>` does not accept `() => this.maybe()` returning `void | Promise<void>`.
 * Without types, only a `TaskSet` imported from taskguard is trusted.
 */
export function spawnAccepts(ctx: AnalysisContext, setNode: ts.Node, work: ts.Node | "promise"): boolean {
  const t = ctx.ts;
  const checker = ctx.checker;
  if (!checker) return importsTaskguardTaskSet(ctx);
  const spawn = checker.getTypeAtLocation(setNode).getProperty("spawn");
  if (!spawn) return false;
  const signatures = checker.getTypeOfSymbolAtLocation(spawn, setNode).getCallSignatures();
  return signatures.some((signature) => {
    const parameter = signature.parameters[0];
    if (!parameter) return false;
    const fnType = checker.getTypeOfSymbolAtLocation(parameter, setNode);
    return fnType.getCallSignatures().some((fn) => {
      const expected = fn.getReturnType();
      if (mentionsTypeParameter(t, expected, false)) {
        // `T | PromiseLike<T>` takes anything; `Promise<T>` takes promises only.
        if (expected.flags & t.TypeFlags.TypeParameter) return true;
        if (expected.isUnion() && expected.types.some((part) => part.flags & t.TypeFlags.TypeParameter)) return true;
        return work === "promise" || everyPartThenable(ctx, checker.getTypeAtLocation(work));
      }
      if (work === "promise") return isThenableType(ctx, expected);
      return checker.isTypeAssignableTo(checker.getTypeAtLocation(work), expected);
    });
  });
}

function everyPartThenable(ctx: AnalysisContext, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => isThenableType(ctx, part));
}

function mentionsTypeParameter(t: TS, type: ts.Type, deep: boolean): boolean {
  if (type.flags & t.TypeFlags.TypeParameter) return true;
  if (type.isUnion() || type.isIntersection()) return type.types.some((part) => mentionsTypeParameter(t, part, deep));
  const args = (type as ts.TypeReference).typeArguments;
  return !deep && (args ?? []).some((arg) => mentionsTypeParameter(t, arg, true));
}

function importsTaskguardTaskSet(ctx: AnalysisContext): boolean {
  const t = ctx.ts;
  return ctx.sourceFile.statements.some(
    (s) => t.isImportDeclaration(s) && t.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === "taskguard",
  );
}

/** `cls`, then its base classes declared in the same file (the ones this file's edits can change). */
export function classChain(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
  const chain = [cls];
  for (let base = baseClass(ctx, cls); base && base.getSourceFile() === ctx.sourceFile && !chain.includes(base); base = baseClass(ctx, base)) {
    chain.push(base);
  }
  return chain;
}

function baseClass(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
  const t = ctx.ts;
  const heritage = cls.heritageClauses?.find((clause) => clause.token === t.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return undefined;
  const expression = heritage.expression;
  if (ctx.checker) {
    const symbol = ctx.checker.getSymbolAtLocation(expression);
    const resolved = symbol && symbol.flags & t.SymbolFlags.Alias ? ctx.checker.getAliasedSymbol(symbol) : symbol;
    return resolved?.declarations?.find((d): d is ts.ClassLikeDeclaration => t.isClassLike(d));
  }
  if (!t.isIdentifier(expression)) return undefined;
  return ctx.sourceFile.statements.find((s): s is ts.ClassDeclaration => t.isClassDeclaration(s) && s.name?.text === expression.text);
}

/** Lifecycle methods of the topmost base outside the file, as the checker sees them. */
function inheritedLifecycle(ctx: AnalysisContext, chain: readonly ts.ClassLikeDeclaration[]): string[] {
  const top = chain[chain.length - 1]!;
  const checker = ctx.checker;
  const heritage = top.heritageClauses?.find((clause) => clause.token === ctx.ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!checker || !heritage) return [];
  const type = checker.getTypeAtLocation(heritage);
  return type
    .getProperties()
    .filter((property) => isStopName(property.name.replace(/^__@asyncDispose@\d+$/, "[Symbol.asyncDispose]")))
    .filter((property) =>
      checker
        .getTypeOfSymbolAtLocation(property, heritage)
        .getCallSignatures()
        .some((signature) => isThenableType(ctx, signature.getReturnType())),
    )
    .map((property) => property.name);
}

function lifecycleMethods(t: TS, cls: ts.ClassLikeDeclaration): (ts.MethodDeclaration & { body: ts.Block })[] {
  return cls.members.filter(
    (member): member is ts.MethodDeclaration & { body: ts.Block } =>
      t.isMethodDeclaration(member) &&
      member.body !== undefined &&
      !hasModifier(t, member, t.SyntaxKind.StaticKeyword) &&
      isStopName(propertyNameText(t, member.name) ?? ""),
  );
}

function isStopName(name: string): boolean {
  return stopNames.has(name) || stopHook.test(name);
}

const reopenableCache = new WeakMap<ts.ClassLikeDeclaration, boolean>();

/** An open/connect/start method beside the stop, or a handler or timer registered by a member. */
function isReopenable(t: TS, cls: ts.ClassLikeDeclaration): boolean {
  let found = reopenableCache.get(cls);
  if (found !== undefined) return found;
  found = cls.members.some((member) => {
    const name = propertyNameText(t, member.name);
    return (t.isMethodDeclaration(member) && name !== undefined && openNames.test(name)) || registersHandler(t, member);
  });
  reopenableCache.set(cls, found);
  return found;
}

/** A handler that works on the owner (`() => this.retry()`): a bare `setTimeout(resolve, 5)` is not one. */
function registersHandler(t: TS, root: ts.Node): boolean {
  const usesThis = (fn: ts.Node): boolean => fn.kind === t.SyntaxKind.ThisKeyword || (t.forEachChild(fn, usesThis) ?? false);
  const visit = (node: ts.Node): boolean => {
    if (t.isCallExpression(node) && node.arguments.some((a) => (t.isArrowFunction(a) || t.isFunctionExpression(a)) && usesThis(a.body))) {
      const callee = node.expression;
      if (t.isPropertyAccessExpression(callee) && handlerMethods.has(callee.name.text)) return true;
      if (t.isIdentifier(callee) && timerFunctions.has(callee.text)) return true;
    }
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

export function hasModuleSet(ctx: AnalysisContext): boolean {
  const t = ctx.ts;
  return ctx.sourceFile.statements.some(
    (s) => t.isVariableStatement(s) && s.declarationList.declarations.some((d) => t.isIdentifier(d.name) && isNewTaskSet(ctx, d.initializer)),
  );
}

const entryCache = new WeakMap<ts.SourceFile, boolean>();

/** A script runs on its own: a shebang, top-level await, or a top-level statement that calls something. */
export function hasEntryPoint(ctx: AnalysisContext): boolean {
  const { sourceFile } = ctx;
  let found = entryCache.get(sourceFile);
  if (found === undefined) {
    const t = ctx.ts;
    const calls = (node: ts.Node): boolean =>
      t.isCallExpression(node) || t.isAwaitExpression(node) || (!t.isFunctionLike(node) && !t.isClassLike(node) && (t.forEachChild(node, calls) ?? false));
    found =
      sourceFile.text.startsWith("#!") ||
      sourceFile.statements.some((s) => (t.isExpressionStatement(s) || t.isIfStatement(s) || t.isForOfStatement(s)) && calls(s));
    entryCache.set(sourceFile, found);
  }
  return found;
}

/** Whether the file imports `parentPort` from `worker_threads`: its entry runs in a worker. */
function importsParentPort(ctx: AnalysisContext): boolean {
  const t = ctx.ts;
  return ctx.sourceFile.statements.some((statement) => {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) return false;
    if (statement.moduleSpecifier.text.replace(/^node:/, "") !== "worker_threads") return false;
    const bindings = statement.importClause?.namedBindings;
    return bindings !== undefined && t.isNamedImports(bindings) && bindings.elements.some((e) => (e.propertyName ?? e.name).text === "parentPort");
  });
}

/** `Queue.retry`, `main`: the function a site sits in, for messages. */
export function enclosingName(t: TS, node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if ((t.isFunctionDeclaration(current) || t.isMethodDeclaration(current)) && current.name) {
      const cls = current.parent && t.isClassLike(current.parent) ? `${className(t, current.parent)}.` : "";
      return `${cls}${current.name.getText()}`;
    }
    if (t.isConstructorDeclaration(current)) return `${className(t, current.parent)} constructor`;
    if ((t.isArrowFunction(current) || t.isFunctionExpression(current)) && t.isVariableDeclaration(current.parent) && t.isIdentifier(current.parent.name)) {
      return current.parent.name.text;
    }
  }
  return undefined;
}
