// The decision table: per site, the fix a careful engineer would make, and why. The ESLint
// suggestions and the codemod both ask `decide()`, so an editor and `taskguard fix` never disagree.
// Documented in codemods/README.md ("Which fix?") and in each rule doc's "Fix safety".
//
// | the site                                                                  | fix                  |
// | ------------------------------------------------------------------------- | -------------------- |
// | in an async function whose own work it is (nothing awaited before it, or it awaits after the site, or ends right after it, or it is in a try/catch/finally; not background or dispatched work, not a timer's first tick, not cleanup before a rethrow, not a handled chain, no "don't await" comment) | `await` |
// | started in a loop of an async function (the loop awaits and returns not) | `await Promise.all`  |
// | `forEach(async …)` in an async function                                   | `await Promise.all(map)` |
// | an async executor, signal handler or listener that never awaits nor starts work | drop `async`     |
// | handlers, timers, background and dispatched work, work started from sync methods | `spawn` on the owner |
// | a promise taken from a collection, work that waits for the owner's stop, anything else | manual step |
import type * as ts from "typescript";
import { isPromiseArray, isThenableType } from "../promise.js";
import { hasModifier } from "../syntax.js";
import type { AnalysisContext, Finding, TS } from "../types.js";
import { intentComment } from "./intent.js";
import { handlerField, isHandlerField, siteOwner, type Owner } from "./owner.js";
import { retrievedPromise } from "./retrieved.js";
import { lifecycleCallIn, type SelfWait } from "./self-wait.js";
import { isSignalHandler } from "./signal-handler.js";

export type Decision =
  | { readonly fix: "await" }
  | { readonly fix: "awaitAll"; readonly loop: ts.IterationStatement }
  | { readonly fix: "awaitMap"; readonly call: ts.CallExpression & { expression: ts.PropertyAccessExpression } }
  | { readonly fix: "dropAsync"; readonly fn: ts.ArrowFunction | ts.FunctionExpression; readonly why: string }
  | { readonly fix: "spawn"; readonly owner: Exclude<Owner, { kind: "none" }> }
  | { readonly fix: "manual"; readonly reason: string; readonly newSet?: boolean };

const siteKinds = new Set(["floating", "floatingVoid", "floatingHandled", "floatingUnrejectable", "floatingInConstructor", "dangling", "floatingCallback"]);
/** Registering a listener: an emitter calls it and drops what it returns. */
const listenerMethods = new Set(["on", "once", "addListener", "addEventListener", "prependListener", "prependOnceListener"]);
/** Callees that run until stopped: awaiting them would never return. */
const backgroundName = /(loop|poll|pump|listen|forever|consume|watch|tick|heartbeat|keepAlive)$/i;
/**
 * Callees named as work that runs beside its caller: a watcher, a poller, a queue's worker, a
 * handler or dispatcher (`watchServers`, `sendQueue`, `onAnswerReceived`, `handleInvocation`).
 * Awaiting one serialises whatever dispatched it (an event loop, a lock, a start path).
 */
const dispatchName = /^(watch|poll|start|run|handle)[A-Z_]|^on[A-Z]|^(process|send)\w*Queue$|Loop$/;

export function decide(ctx: AnalysisContext, finding: Finding): Decision {
  const t = ctx.ts;
  if (!siteKinds.has(finding.kind)) {
    return manual(`taskguard has no safe rewrite for this kind of finding (\`${finding.kind}\`) yet: fix it by hand as the rule's message says.`);
  }
  if (finding.kind === "floatingCallback") return decideCallback(ctx, finding);

  const work = siteWork(t, finding);
  if (work && isPromiseReject(t, work)) {
    return manual(
      "`Promise.reject(…)` here raises an unhandled rejection on purpose (the process crashes unless something listens): if that is the intent, keep it and silence the rule here; otherwise report the error where it belongs.",
    );
  }
  const retrieved = work && retrievedPromise(ctx, work);
  if (retrieved) {
    return manual(
      `\`${retrieved}\` hands back a promise that was created and stored earlier: whoever stored it owns it. Awaiting or spawning it here could wait for work that settles only after this line, or for this very function: leave it to its owner, and silence the rule on this line if taking it out of the collection is all this line means to do.`,
    );
  }
  const fn = enclosingFunction(t, finding.node);
  // A function that loses its `async` (see `losesAsync`) cannot take an `await`: its sites are work started from sync code.
  const inAsync =
    fn !== undefined && !t.isConstructorDeclaration(fn) && hasModifier(t, fn, t.SyntaxKind.AsyncKeyword) && !isGenerator(t, fn) && !losesAsync(ctx, fn);
  const owner = siteOwner(ctx, finding.node);
  const selfStop = work && lifecycleCallIn(ctx, work, owner);
  // The author said it runs on its own (`// don't await`): spawned, or left to them, never awaited.
  const intent = intentComment(ctx, finding.node);

  // A site after the function's last await that nothing waits for: awaiting it would make every caller wait too.
  let trailing = false;
  // A handled chain (`p.catch(report)`, strict config) chose not to wait: it is tracked, not awaited.
  if (inAsync && fn && finding.kind !== "floatingHandled" && !intent) {
    const loop = outerLoop(t, finding.node, fn);
    // Work that runs on its own is neither awaited nor collected, in a loop or not.
    const onItsOwn = work !== undefined && isBackgroundWork(ctx, work);
    if (loop) {
      if (!onItsOwn && isCollectable(t, loop, finding) && !awaitsAfter(t, loop, fn)) return { fix: "awaitAll", loop };
    } else if (!onItsOwn && !(work && isTimerTick(t, work, fn)) && !beforeRethrow(t, finding.node)) {
      if (ownsCompletion(t, finding.node, fn) || (work && isPromiseArray(ctx, work))) return { fix: "await" };
      trailing = true;
    }
  }
  if (selfStop) return selfWait(selfStop, selfStop.via && `\`${selfStop.via}()\``, beforeRethrow(t, finding.node) ? "rethrown" : inAsync ? "await" : "catch");
  if (owner.kind === "none" && intent) {
    return newSet(
      `\`${intent}\` says this runs on its own, so the fix does not await it; and no TaskSet can own it here: ${owner.reason}`,
    );
  }
  if (owner.kind === "none" && trailing) {
    return newSet(
      `This call comes after its async function's last \`await\`, and nothing after it waits for it, so the fix does not await it (every caller would then wait for it too; await it by hand if that is meant). Left to run on its own, it needs an owner: ${lowerFirst(owner.reason)}`,
    );
  }
  if (owner.kind === "none") return newSet(`${registryHint(ctx, work)}${owner.reason}`);
  return { fix: "spawn", owner };
}

/**
 * `this.addPendingPromise(send())`: a promise handed to a call that returns a promise too is often
 * the project's own registry of pending work, which taskguard cannot see into. Said first, so the
 * user can tell it so (`allowedCalls`) instead of adding a second registry.
 */
function registryHint(ctx: AnalysisContext, work: ts.Expression | undefined): string {
  const t = ctx.ts;
  const checker = ctx.checker;
  if (!checker || !work || !t.isCallExpression(work)) return "";
  const callee = t.isPropertyAccessExpression(work.expression) ? work.expression.name.text : t.isIdentifier(work.expression) ? work.expression.text : undefined;
  if (!callee || !work.arguments.some((argument) => isThenableType(ctx, checker.getTypeAtLocation(argument)))) return "";
  return `\`${callee}\` is handed a promise: if it is this project's own registry of pending work (it keeps the promise until shutdown awaits it), list \`${callee}\` in the rule's \`allowedCalls\` and its calls stop being findings. Otherwise: `;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function decideCallback(ctx: AnalysisContext, finding: Finding): Decision {
  const t = ctx.ts;
  let callback: ts.Node = finding.target;
  while (t.isParenthesizedExpression(callback)) callback = callback.expression;
  const call = callback.parent && (t.isCallExpression(callback.parent) || t.isNewExpression(callback.parent)) ? callback.parent : undefined;

  if (call && isPromiseExecutor(t, callback)) {
    if ((t.isArrowFunction(callback) || t.isFunctionExpression(callback)) && !awaitsInOwnBody(t, callback.body)) {
      return { fix: "dropAsync", fn: callback, why: "Drop `async` from the executor: a throw then rejects the promise." };
    }
    return manual(
      "This promise executor awaits: a rejection inside it never reaches the promise, so a caller hangs on failure. Move the awaited steps before `new Promise(…)` (or make the enclosing function async and drop the `new Promise`), then run the fix again.",
    );
  }
  // `on('x', this.onEvent)`: the fix rewrites the arrow field, so its body decides.
  if (t.isPropertyAccessExpression(callback)) callback = handlerField(t, callback)?.initializer ?? callback;
  if (isSignalHandler(ctx, callback)) {
    if (losesAsync(ctx, callback)) return { fix: "dropAsync", fn: callback, why: "Drop `async` from the handler: it awaits nothing." };
    return manual(
      "A process signal handler is not a task of a set the shutdown drains (Ctrl+C would wait for it): handle its rejection here (`.catch(…)` that reports it and exits) or use `installShutdownHooks`.",
    );
  }
  if (call && t.isCallExpression(call) && isArrayForEachStatement(ctx, call)) {
    const fn = enclosingFunction(t, call);
    if (fn && !t.isConstructorDeclaration(fn) && hasModifier(t, fn, t.SyntaxKind.AsyncKeyword)) return { fix: "awaitMap", call };
  }
  if (losesAsync(ctx, callback)) return { fix: "dropAsync", fn: callback, why: "Drop `async` from the listener: it awaits nothing and starts no async work." };
  const owner = siteOwner(ctx, callback);
  const selfStop = lifecycleCallIn(ctx, callback, owner);
  if (selfStop) return selfWait(selfStop, "this callback");
  if (owner.kind === "none") return newSet(owner.reason);
  return { fix: "spawn", owner };
}

function manual(reason: string): Decision {
  return { fix: "manual", reason };
}

/** A manual step whose fix is a TaskSet the user has to create or reach (the owner has none). */
function newSet(reason: string): Decision {
  return { fix: "manual", reason, newSet: true };
}

/** `what` calls the owner's stop (`this.close()` itself, when `what` is not given). */
function selfWait({ stop, conditional }: SelfWait, what: string | undefined, fix: "await" | "catch" | "rethrown" = "await"): Decision {
  const calls = conditional ? `may call \`${stop}()\` (on some of its paths),` : `calls \`${stop}()\`,`;
  const advice = {
    await: "Await it where the caller can wait, or handle its error here (`.catch(…)` that reports it).",
    catch: "Handle its error here (`.catch(…)` that reports it): nothing here can await it.",
    rethrown: "Handle its error here (`.catch(…)` that reports it): awaiting it before the rethrow would let its failure replace the error being rethrown.",
  }[fix];
  return manual(
    `${what ? `${what} ${calls}` : `\`${stop}()\` is`} the owner's own stop: spawned into the set it drains, it ${conditional ? "could" : "would"} wait for itself. ${advice}`,
  );
}

/** The promise-valued expression at the site: the statement's, the binding's initialiser. */
export function siteWork(t: TS, finding: Finding): ts.Expression | undefined {
  let node: ts.Node | undefined = t.isVariableDeclaration(finding.target) ? finding.target.initializer : finding.target;
  while (node && (t.isParenthesizedExpression(node) || t.isVoidExpression(node) || t.isAsExpression(node) || t.isNonNullExpression(node))) {
    node = node.expression;
  }
  return node && t.isExpression(node) ? node : undefined;
}

function isPromiseReject(t: TS, work: ts.Expression): boolean {
  return t.isCallExpression(work) && work.expression.getText() === "Promise.reject";
}

/**
 * A call to work that runs on its own: a loop that runs until stopped (`this.processingLoop()`: its
 * declaration loops and awaits inside the loop, or its name says so), or a watcher, queue worker or
 * handler by its name. Awaiting it would never return, or would hold up its caller.
 */
function isBackgroundWork(ctx: AnalysisContext, work: ts.Expression): boolean {
  const t = ctx.ts;
  if (!t.isCallExpression(work)) return false;
  const callee = work.expression;
  const name = t.isPropertyAccessExpression(callee) ? callee.name.text : t.isIdentifier(callee) ? callee.text : undefined;
  if (name && (backgroundName.test(name) || dispatchName.test(name))) return true;
  const declaration = ctx.checker?.getSymbolAtLocation(t.isPropertyAccessExpression(callee) ? callee.name : callee)?.declarations?.[0];
  const body = declaration && (t.isFunctionLike(declaration) ? (declaration as ts.FunctionLikeDeclaration).body : undefined);
  return body !== undefined && loopsForever(t, body);
}

/**
 * `setInterval(() => this.refresh(), ms); this.refresh();`: the first tick of a poll the same
 * function starts, which runs beside its caller like every later tick.
 */
function isTimerTick(t: TS, work: ts.Expression, fn: ts.Node): boolean {
  if (!t.isCallExpression(work)) return false;
  const callee = work.expression.getText();
  const inTimer = (node: ts.Node): boolean => {
    if (t.isCallExpression(node) && t.isIdentifier(node.expression) && /^set(Interval|Timeout)$/.test(node.expression.text)) {
      const callback = node.arguments[0];
      return callback !== undefined && callsCallee(t, callback, callee);
    }
    return t.forEachChild(node, inTimer) ?? false;
  };
  return t.forEachChild(fn, inTimer) ?? false;
}

function callsCallee(t: TS, node: ts.Node, callee: string): boolean {
  if (t.isCallExpression(node) && node.expression.getText() === callee) return true;
  // `setInterval(this.refresh, ms)` passes the callee itself.
  if (node.getText() === callee) return true;
  return t.forEachChild(node, (child) => callsCallee(t, child, callee)) ?? false;
}

/**
 * A site in a `catch` block that then rethrows: awaiting it there lets its own rejection replace
 * the error being rethrown, and delays that error for cleanup the caller never waited for.
 */
function beforeRethrow(t: TS, node: ts.Node): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (t.isFunctionLike(parent)) return false;
    if (t.isCatchClause(parent)) return rethrows(t, parent.block);
  }
  return false;
}

function rethrows(t: TS, block: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => t.isThrowStatement(node) || (!t.isFunctionLike(node) && (t.forEachChild(node, visit) ?? false));
  return t.forEachChild(block, visit) ?? false;
}

/**
 * Whether the site's completion is its async function's own work, by what surrounds it: nothing is
 * awaited before it on its path (the call is what makes the function async: `async onKeys() {
 * this.store(k); this.upload(); }`); the function awaits something after it (it is sequential
 * past this line); the next thing it does is to end (`return x`, `throw`, `process.exit(…)`, or a
 * `return` that leaves early), which must come after the work; or it sits in a `try`, `catch` or
 * `finally` (the author's handler is meant for its failure, or it is the function's own failure
 * path and cleanup). A call after the function's own awaited work, followed only by synchronous
 * steps or by nothing, is none of these: nothing in the function waits for it, and awaiting it
 * would make every caller wait for it too.
 */
function ownsCompletion(t: TS, node: ts.Node, fn: ts.SignatureDeclaration): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  let next: ts.Statement | undefined;
  let awaitedBefore = false;
  for (let current: ts.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (t.isTryStatement(parent) || t.isCatchClause(parent)) return true;
    if ((t.isIfStatement(parent) || t.isSwitchStatement(parent)) && parent.expression !== current && awaitsInOwnBody(t, parent.expression)) awaitedBefore = true;
    const siblings = t.isBlock(parent) || t.isCaseClause(parent) || t.isDefaultClause(parent) ? parent.statements : undefined;
    if (!siblings) continue;
    const index = siblings.indexOf(current as ts.Statement);
    if (siblings.slice(0, index).some((statement) => awaitsInOwnBody(t, statement))) awaitedBefore = true;
    next ??= siblings[index + 1];
  }
  if (!awaitedBefore) return true;
  return (next !== undefined && endsFunction(t, next, body)) || awaitsAfter(t, node, fn);
}

/** `return x`, `throw`, `process.exit(…)`, or a bare `return` that leaves before the body's end. */
function endsFunction(t: TS, statement: ts.Statement, body: ts.Node | undefined): boolean {
  if (t.isReturnStatement(statement)) return statement.expression !== undefined || statement.parent !== body;
  if (t.isThrowStatement(statement)) return true;
  return t.isExpressionStatement(statement) && t.isCallExpression(statement.expression) && statement.expression.expression.getText() === "process.exit";
}

function loopsForever(t: TS, body: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node)) return false;
    if ((t.isWhileStatement(node) || t.isDoStatement(node) || (t.isForStatement(node) && !node.condition)) && awaitsInOwnBody(t, node.statement)) {
      return true;
    }
    return t.forEachChild(node, visit) ?? false;
  };
  return t.forEachChild(body, visit) ?? false;
}

/** The outermost loop around `node` inside `fn`. */
function outerLoop(t: TS, node: ts.Node, fn: ts.Node): ts.IterationStatement | undefined {
  let found: ts.IterationStatement | undefined;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (t.isIterationStatement(current, false)) found = current;
  }
  return found;
}

/**
 * Work started in a loop can be collected and awaited together when the loop awaits nothing
 * (it only starts work), cannot leave the function early, sits in a block (so statements can go
 * before and after it), and the site is a statement of its own.
 */
function isCollectable(t: TS, loop: ts.IterationStatement, finding: Finding): boolean {
  if (!t.isBlock(loop.parent) && !t.isCaseClause(loop.parent) && !t.isDefaultClause(loop.parent)) return false;
  if (awaitsInOwnBody(t, loop) || returnsInside(t, loop)) return false;
  if (finding.kind === "dangling") return false;
  if (!t.isExpressionStatement(finding.node)) return false;
  // The statement must be one of the loop's own statements, not an arm of `a ? p : q`.
  return true;
}

/**
 * Whether the function awaits anything after `from`: after a site, the function is sequential past
 * it; after a loop, the work started in it runs beside what follows on purpose (often awaited
 * another way), and collecting it would change the order.
 */
function awaitsAfter(t: TS, from: ts.Node, fn: ts.SignatureDeclaration): boolean {
  for (let node: ts.Node = from; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    const siblings = t.isBlock(parent) || t.isCaseClause(parent) || t.isDefaultClause(parent) ? parent.statements : undefined;
    if (siblings && siblings.slice(siblings.indexOf(node as ts.Statement) + 1).some((s) => awaitsInOwnBody(t, s))) return true;
  }
  return false;
}

function returnsInside(t: TS, root: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isReturnStatement(node) || t.isThrowStatement(node)) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

export function awaitsInOwnBody(t: TS, root: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isAwaitExpression(node) || (t.isForOfStatement(node) && node.awaitModifier)) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(root);
}

/**
 * Whether the fix drops this function's `async`: an async `new Promise` executor that awaits
 * nothing, or a process signal handler or an emitter's listener that awaits nothing, starts no async
 * work (work it starts is awaited there instead, so the handler keeps its `async`) and returns
 * nothing. Such a body can only fail by a synchronous throw, which its `async` turned into an
 * unhandled rejection (a crash, by Node's default) and which now reaches the emitter's caller.
 * The function's own decision and the decisions of the sites inside it both ask this, so a site in
 * a function that loses `async` is never given an `await` (it is work started from sync code then).
 */
function losesAsync(ctx: AnalysisContext, fn: ts.Node): fn is ts.ArrowFunction | ts.FunctionExpression {
  const t = ctx.ts;
  if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn)) || !hasModifier(t, fn, t.SyntaxKind.AsyncKeyword)) return false;
  if (t.isFunctionExpression(fn) && fn.asteriskToken) return false;
  if (awaitsInOwnBody(t, fn.body)) return false;
  if (isPromiseExecutor(t, fn)) return true;
  // A listener field's `: Promise<void>` becomes `: void` with it (see dropAsyncSite).
  const field = isListenerField(t, fn);
  if ((fn.type && !(field && isPromiseOfVoid(t, fn.type))) || returnsValue(t, fn.body)) return false;
  return (isSignalHandler(ctx, fn) || isListener(t, fn) || field) && !startsAsyncWork(ctx, fn.body);
}

/** A private async arrow field only handed to emitters and timers (see isHandlerField). */
function isListenerField(t: TS, fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  return t.isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn && isHandlerField(t, fn.parent);
}

export function isPromiseOfVoid(t: TS, type: ts.TypeNode): boolean {
  return t.isTypeReferenceNode(type) && type.typeName.getText() === "Promise" && type.typeArguments?.length === 1 && type.typeArguments[0]!.kind === t.SyntaxKind.VoidKeyword;
}

function isListener(t: TS, fn: ts.Node): boolean {
  const call = fn.parent;
  return call !== undefined && t.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) && t.isPropertyAccessExpression(call.expression) && listenerMethods.has(call.expression.name.text);
}

/** A `return <value>` in a block body (an expression body's value goes to the void context, as before). */
function returnsValue(t: TS, body: ts.Node): boolean {
  if (!t.isBlock(body)) return false;
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isReturnStatement(node) && node.expression) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

function isPromiseExecutor(t: TS, fn: ts.Node): boolean {
  const call = fn.parent;
  return call !== undefined && t.isNewExpression(call) && t.isIdentifier(call.expression) && call.expression.text === "Promise" && call.arguments?.[0] === fn;
}

/**
 * Whether a body may start async work of its own: a statement, binding or returned value the
 * checker types as a promise. Without a checker nobody can tell, so it may.
 */
function startsAsyncWork(ctx: AnalysisContext, body: ts.Node): boolean {
  const t = ctx.ts;
  const checker = ctx.checker;
  if (!checker) return true;
  const thenable = (node: ts.Expression | undefined): boolean => node !== undefined && isThenableType(ctx, checker.getTypeAtLocation(node));
  if (!t.isBlock(body)) return thenable(body as ts.Expression);
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isExpressionStatement(node) || t.isReturnStatement(node) || t.isVariableDeclaration(node)) {
      const expression = t.isVariableDeclaration(node) ? node.initializer : node.expression;
      if (thenable(expression && t.isVoidExpression(expression) ? expression.expression : expression)) return true;
    }
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

/** `xs.forEach(async …)` as a statement of its own, on an array (the checker says so). */
function isArrayForEachStatement(ctx: AnalysisContext, call: ts.CallExpression): call is ts.CallExpression & { expression: ts.PropertyAccessExpression } {
  const t = ctx.ts;
  const callee = call.expression;
  if (!t.isPropertyAccessExpression(callee) || callee.name.text !== "forEach" || call.arguments.length !== 1) return false;
  if (!t.isExpressionStatement(call.parent) || !ctx.checker) return false;
  const type = ctx.checker.getTypeAtLocation(callee.expression);
  return ctx.checker.isArrayType(type) || ctx.checker.isTupleType(type);
}

function enclosingFunction(t: TS, node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isFunctionLike(current)) return current;
    if (t.isClassStaticBlockDeclaration(current) || t.isPropertyDeclaration(current)) return undefined;
  }
  return undefined;
}

function isGenerator(t: TS, fn: ts.SignatureDeclaration): boolean {
  return (t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn) || t.isMethodDeclaration(fn)) && fn.asteriskToken !== undefined;
}

/** Whether every part of the site's type is a promise, so it can go into a `Promise<unknown>[]`. */
export function isWhollyThenable(ctx: AnalysisContext, work: ts.Expression): boolean {
  if (!ctx.checker) return true;
  const type = ctx.checker.getTypeAtLocation(work);
  return (type.isUnion() ? type.types : [type]).every((part) => isThenableType(ctx, part));
}
