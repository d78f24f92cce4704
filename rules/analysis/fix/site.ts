// The edits at the site itself: wrap the started work in `<set>.spawn(() => …)`, or await it.
// Edits are narrow insertions around the original text, so a finding nested inside another
// (a floating call inside a floating callback) is rewritten in the same pass.
import type * as ts from "typescript";
import { isPromiseArray } from "../promise.js";
import { hasModifier } from "../syntax.js";
import type { AnalysisContext, Finding, ManualStep, TextEdit, TS } from "../types.js";
import { isPromiseOfVoid, isWhollyThenable } from "./decide.js";
import { handlerField } from "./owner.js";
import { fileIdentifiers, isTypeScriptFile } from "./scaffold.js";
import { reindent } from "./reindent.js";
import { braces, continuesStatement, type FileStyle, fileStyle, indentAt, lineStartOf, lineWidth, quote, semi, startsLine } from "./style.js";

export type SiteRewrite = { readonly edits: TextEdit[] } | { readonly manualStep: ManualStep };

/** `<ref>.spawn(() => <work>, { name })` in place of the finding's promise, callback or binding. */
export function trackSite(ctx: AnalysisContext, finding: Finding, ref: string, name: string): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const style = fileStyle(t, sourceFile);
  const options = braces(`name: ${quote(name, style)}`, style);
  const manual = (node: ts.Node, message: string): SiteRewrite => ({ manualStep: { pos: node.getStart(sourceFile), message } });

  if (finding.kind === "floatingCallback") return trackCallback(ctx, finding.target, ref, options, name);

  if (finding.kind === "dangling") {
    const parts = danglingParts(t, finding.target);
    if (!parts) return manual(finding.target, `\`${name}\` is bound in a declaration list: move it to its own \`const\` and run the fix again.`);
    if (containsAwait(t, parts.initializer)) return manual(finding.target, awaitInsideMessage(name));
    const narrowed = closureLosesNarrowing(ctx, parts.initializer);
    if (narrowed) return manual(finding.target, lostNarrowingMessage(narrowed));
    const parens = needsArrowParens(t, parts.initializer);
    const end = statementEnd(ctx, parts.statement, parts.initializer);
    const start = parts.statement.getStart(sourceFile);
    const wrap = spawnWrap(ctx, parts.statement, start, parts.initializer, ref, "() => ", options, parens);
    const moved = wrap.reindent ? deeper(t, sourceFile, parts.initializer, wrap.reindent, style) : [];
    return { edits: [replace(wrap.from, parts.initializer.getStart(sourceFile), wrap.before), ...moved, insert(parts.initializer.end, `${wrap.after}${end}`)] };
  }

  const { voided, work } = siteExpression(t, finding);
  const start = voided ? voided.getStart(sourceFile) : work.getStart(sourceFile);
  const iife = asyncIife(t, work);
  if (iife) {
    // `(async () => { … })()` is already the function to spawn.
    const end = statementEnd(ctx, finding.node, work);
    if (style.layout === "prettier" && startsLine(sourceFile.text, start) && sourceFile.text.slice(start, work.end).includes("\n")) {
      const indent = indentAt(sourceFile.text, start);
      const inner = indent + style.indentUnit;
      const tail = `,\n${inner}${options}${style.trailingCommas ? "," : ""}\n${indent})${end}`;
      const moved = deeper(t, sourceFile, iife, style.indentUnit, style);
      return { edits: [replace(start, iife.getStart(sourceFile), `${ref}.spawn(\n${inner}`), ...moved, replace(iife.end, work.end, tail)] };
    }
    return { edits: [replace(start, iife.getStart(sourceFile), `${ref}.spawn(`), replace(iife.end, work.end, `, ${options})${end}`)] };
  }
  if (containsAwait(t, work)) return manual(work, awaitInsideMessage(name));
  const narrowed = closureLosesNarrowing(ctx, work);
  if (narrowed) return manual(work, lostNarrowingMessage(narrowed));
  const array = promiseArray(ctx, work);
  if (array === "branch") return manual(work, promiseArrayBranchMessage(name));
  // An array of promises is spawned as the one promise that settles with all of them.
  const parens = array !== "whole" && t.isExpression(work) && needsArrowParens(t, work);
  const end = statementEnd(ctx, finding.node, work);
  const wrap = spawnWrap(ctx, finding.node, start, work, ref, array === "whole" ? "() => Promise.all(" : "() => ", options, parens, array === "whole" ? ")" : "");
  const moved = wrap.reindent ? deeper(t, sourceFile, work, wrap.reindent, style) : [];
  return { edits: [replace(wrap.from, work.getStart(sourceFile), wrap.before), ...moved, insert(work.end, `${wrap.after}${end}`)] };
}

/**
 * The text around `work` in `<ref>.spawn(<fn><work>, <options>)`, replacing `[from, work start)`:
 * on one line when it fits the print width; else with the options object broken over lines
 * (Prettier's last-argument hug); else with every argument on a line of its own. A statement that
 * shares its line with an `if (…)` moves to a line of its own first, as Prettier prints it; one
 * inside an expression (a default value, an arrow on one line) stays on one line.
 */
function spawnWrap(
  ctx: AnalysisContext,
  statement: ts.Node,
  start: number,
  work: ts.Node,
  ref: string,
  fn: string,
  options: string,
  parens: boolean,
  close = "",
): { from: number; before: string; after: string; reindent?: string } {
  const t = ctx.ts;
  const text = ctx.sourceFile.text;
  const style = fileStyle(t, ctx.sourceFile);
  const head = `${ref}.spawn(${fn}${parens ? "(" : ""}`;
  const body = `${parens ? ")" : ""}${close}`;
  const workText = text.slice(work.getStart(ctx.sourceFile), work.end);
  const lineEndAt = text.indexOf("\n", work.end);
  const suffix = text.slice(work.end, lineEndAt === -1 ? text.length : lineEndAt);
  const fits = (line: string): boolean => lineWidth(line, style) <= style.printWidth;
  const flat = { from: start, before: head, after: `${body}, ${options})` };
  const lines = workText.split("\n");
  const lastLine = lines[lines.length - 1] ?? "";
  const comma = style.trailingCommas ? "," : "";
  // `() =>` and what follows it in the function's text (`Promise.all(` or nothing).
  const [arrowHead = fn, arrowRest = ""] = fn.split(/(?<==>) /);
  if (lines.length > 1 && style.layout === "prettier" && startsLine(text, start)) {
    // Prettier breaks every argument out when one spans lines, and the arrow's body after `=>`.
    const indent = indentAt(text, start);
    const inner = indent + style.indentUnit;
    const unit = style.indentUnit;
    // `() => Promise.all(` around the work: its argument on a line of its own too.
    const opens = arrowRest.endsWith("(");
    return {
      from: start,
      before: `${ref}.spawn(\n${inner}${arrowHead}\n${inner}${unit}${arrowRest}${opens ? `\n${inner}${unit}${unit}` : ""}${parens ? "(" : ""}`,
      after: opens ? `${parens ? ")" : ""}${comma}\n${inner}${unit}${close},\n${inner}${options}${comma}\n${indent})` : `${body},\n${inner}${options}${comma}\n${indent})`,
      reindent: unit.repeat(opens ? 3 : 2),
    };
  }
  if (lines.length > 1 ? fits(`${lastLine}${flat.after}${suffix}`) : fits(`${text.slice(lineStartOf(text, start), start)}${head}${workText}${flat.after}${suffix}`)) {
    return flat;
  }
  let from = start;
  let lead = "";
  let indent = indentAt(text, start);
  if (!startsLine(text, start)) {
    const parent = statement.parent;
    const isBody = parent && (t.isIfStatement(parent) || t.isIterationStatement(parent, false)) && !t.isBlock(statement) && statement.getStart(ctx.sourceFile) === start;
    if (!isBody || lines.length > 1) return flat;
    indent += style.indentUnit;
    while (from > 0 && /[ \t]/.test(text[from - 1] ?? "")) from--;
    lead = `\n${indent}`;
  }
  const inner = indent + style.indentUnit;
  const nameValue = options.slice(options.indexOf(":") + 2, options.lastIndexOf("}")).trim();
  const hugged = { from, before: `${lead}${head}`, after: `${body}, {\n${inner}name: ${nameValue}${comma}\n${indent}})` };
  if (lines.length > 1 || fits(`${lead ? indent : text.slice(lineStartOf(text, start), start)}${head}${workText}${body}, {`)) return hugged;
  // Prettier also moves the arrow's body after `=>` when the argument's line is still too long.
  const bodyBreaks = style.layout === "prettier" && !fits(`${inner}${fn}${parens ? "(" : ""}${workText}${body},`);
  const arrow = bodyBreaks ? `${arrowHead}\n${inner}${style.indentUnit}${arrowRest}` : fn;
  return { from, before: `${lead}${ref}.spawn(\n${inner}${arrow}${parens ? "(" : ""}`, after: `${body},\n${inner}${options}${comma}\n${indent})` };
}

/** `(async () => { … })()` or `(async function () { … })()` without arguments, `this` or `arguments`. */
function asyncIife(t: TS, work: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (!t.isCallExpression(work) || work.arguments.length > 0 || work.questionDotToken) return undefined;
  let callee: ts.Expression = work.expression;
  while (t.isParenthesizedExpression(callee)) callee = callee.expression;
  if (!(t.isArrowFunction(callee) || t.isFunctionExpression(callee)) || callee.parameters.length > 0) return undefined;
  if (!hasModifier(t, callee, t.SyntaxKind.AsyncKeyword) || (t.isFunctionExpression(callee) && (callee.asteriskToken || callee.name))) return undefined;
  if (t.isFunctionExpression(callee) && usesOwnThisOrArguments(t, callee.body)) return undefined;
  return callee;
}

/** `const pending: Promise<unknown>[] = [];` before the loop, `pending.push(<work>)` at the site, `await Promise.all(pending);` after it. */
export function awaitAllSite(ctx: AnalysisContext, finding: Finding, loop: ts.IterationStatement): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  const { voided, work } = siteExpression(t, finding);
  const manual = (message: string): SiteRewrite => ({ manualStep: { pos: work.getStart(sourceFile), message } });
  const loopStart = loop.getStart(sourceFile);
  if (!t.isExpression(work) || !isWhollyThenable(ctx, work) || !startsLine(text, loopStart) || promiseArray(ctx, work) !== undefined) {
    return manual("This work is started in a loop of an async function: collect the promises (`pending.push(…)`) and `await Promise.all(pending)` after the loop.");
  }
  const name = pendingName(t, sourceFile);
  const indent = indentAt(text, loopStart);
  const type = isTypeScriptFile(sourceFile) ? ": Promise<unknown>[]" : "";
  const start = voided ? voided.getStart(sourceFile) : work.getStart(sourceFile);
  const parens = !isTight(t, work) && t.isBinaryExpression(work) && work.operatorToken.kind === t.SyntaxKind.CommaToken;
  return {
    edits: [
      insert(lineStartOf(text, loopStart), `${indent}const ${name}${type} = []${semi(style)}\n`),
      replace(start, work.getStart(sourceFile), `${name}.push(${parens ? "(" : ""}`),
      insert(work.end, `${parens ? ")" : ""})${statementEnd(ctx, finding.node, work)}`),
      insert(loop.end, `\n${indent}await Promise.all(${name})${semi(style)}`),
    ],
  };
}

/** `await Promise.all(xs.map(async (x) => …))` in place of `xs.forEach(async (x) => …)`. */
export function awaitMapSite(ctx: AnalysisContext, call: ts.CallExpression & { expression: ts.PropertyAccessExpression }): SiteRewrite {
  const { name } = call.expression;
  return {
    edits: [
      insert(call.getStart(ctx.sourceFile), "await Promise.all("),
      replace(name.getStart(ctx.sourceFile), name.end, "map"),
      insert(call.end, ")"),
    ],
  };
}

/** The function without `async` (an executor, a handler that awaits nothing): a throw in it then goes where a sync one would. */
export function dropAsyncSite(ctx: AnalysisContext, fn: ts.ArrowFunction | ts.FunctionExpression): SiteRewrite {
  const t = ctx.ts;
  const modifier = t.getModifiers(fn)?.find((m) => m.kind === t.SyntaxKind.AsyncKeyword);
  if (!modifier) return { manualStep: { pos: fn.getStart(ctx.sourceFile), message: "Drop `async` from this function." } };
  let end = modifier.end;
  while (/[ \t]/.test(ctx.sourceFile.text[end] ?? "")) end++;
  const edits = [replace(modifier.getStart(ctx.sourceFile), end, "")];
  // A listener field that said `: Promise<void>` now returns nothing.
  if (fn.type && isPromiseOfVoid(t, fn.type)) edits.push(replace(fn.type.getStart(ctx.sourceFile), fn.type.end, "void"));
  return { edits };
}

/** The name of the collected promises: the same for every site of a file, so one loop gets one array. */
function pendingName(t: TS, sourceFile: ts.SourceFile): string {
  const taken = fileIdentifiers(t, sourceFile);
  for (const name of ["pending", "started", "inFlight"]) if (!taken.has(name)) return name;
  let n = 2;
  while (taken.has(`pending${n}`)) n++;
  return `pending${n}`;
}

/** `await <work>` in place of the bare statement, the `void` or the unread binding. */
export function awaitSite(ctx: AnalysisContext, finding: Finding, name: string): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  if (finding.kind === "dangling") {
    const parts = danglingParts(t, finding.target);
    if (!parts) return { manualStep: { pos: finding.target.getStart(sourceFile), message: `\`${name}\` is bound in a declaration list: move it to its own \`const\` and await it.` } };
    const parens = !isTight(t, parts.initializer);
    const edits = [replace(parts.statement.getStart(sourceFile), parts.initializer.getStart(sourceFile), parens ? "await (" : "await ")];
    return { edits: parens ? [...edits, insert(parts.initializer.end, `)${statementEnd(ctx, parts.statement, parts.initializer)}`)] : edits };
  }
  const { voided, work } = siteExpression(t, finding);
  const array = promiseArray(ctx, work);
  if (array === "branch") return { manualStep: { pos: work.getStart(sourceFile), message: promiseArrayBranchMessage(name) } };
  const tight = array !== "whole" && (!t.isExpression(work) || isTight(t, work));
  const open = array === "whole" ? "await Promise.all(" : tight ? "await " : "await (";
  const edits = [voided ? replace(voided.getStart(sourceFile), work.getStart(sourceFile), open) : insert(work.getStart(sourceFile), open)];
  return { edits: tight ? edits : [...edits, insert(work.end, `)${statementEnd(ctx, finding.node, work)}`)] };
}

/**
 * Whether the site drops an array of promises (`ids.map(async (id) => …)`): as a `whole`, which
 * `Promise.all(…)` turns into one promise to spawn or await, or in a `branch` of `?:`, `&&`, `||`,
 * `??` or `,`, where wrapping the whole would not type-check and the user has to choose.
 */
function promiseArray(ctx: AnalysisContext, work: ts.Node): "whole" | "branch" | undefined {
  const t = ctx.ts;
  if (!t.isExpression(work)) return undefined;
  if (isPromiseArray(ctx, work)) return "whole";
  const inBranch = (node: ts.Expression): boolean => {
    let inner = node;
    while (t.isParenthesizedExpression(inner)) inner = inner.expression;
    if (t.isConditionalExpression(inner)) return isOrHas(inner.whenTrue) || isOrHas(inner.whenFalse);
    if (t.isBinaryExpression(inner) && isBranchingOperator(t, inner.operatorToken.kind)) return isOrHas(inner.left) || isOrHas(inner.right);
    return false;
  };
  const isOrHas = (node: ts.Expression): boolean => isPromiseArray(ctx, node) || inBranch(node);
  return inBranch(work) ? "branch" : undefined;
}

function isBranchingOperator(t: TS, kind: ts.SyntaxKind): boolean {
  const k = t.SyntaxKind;
  return kind === k.AmpersandAmpersandToken || kind === k.BarBarToken || kind === k.QuestionQuestionToken || kind === k.CommaToken;
}

/**
 * `;` after a rewritten statement that had none, when the next line starts with `(`, `[`, a
 * template literal or another token that would otherwise continue the new closing `)`.
 */
function statementEnd(ctx: AnalysisContext, statement: ts.Node, rewritten: ts.Node): string {
  const text = ctx.sourceFile.text;
  if (!ctx.ts.isExpressionStatement(statement) && !ctx.ts.isVariableStatement(statement)) return "";
  if (rewritten.end !== statement.end || text[statement.end - 1] === ";") return "";
  return continuesStatement(text, statement.end) ? ";" : "";
}

/**
 * A callback whose promise the caller drops becomes a synchronous callback with the same
 * parameters that spawns the original body: `(p) => { set.spawn(async () => { … }, { name }); }`.
 */
function trackCallback(ctx: AnalysisContext, target: ts.Node, ref: string, options: string, name: string): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  let callback: ts.Node = target;
  while (t.isParenthesizedExpression(callback)) callback = callback.expression;
  const manual = (message: string): SiteRewrite => ({ manualStep: { pos: callback.getStart(sourceFile), message } });

  if (t.isIdentifier(callback)) return trackReference(ctx, callback, ref, options, name);
  // An async method overriding one that returns void: its callers, not this site, drop the promise.
  if (t.isMethodDeclaration(callback)) {
    return manual(`\`${name}\` overrides a method that returns void, so its callers drop the promise: spawn its body in \`${ref}\` by hand, or make the base method return the promise.`);
  }
  if (t.isPropertyAccessExpression(callback) && callback.expression.kind === t.SyntaxKind.ThisKeyword) {
    const field = handlerField(t, callback);
    if (field) return trackCallback(ctx, field.initializer, ref, braces(`name: ${quote(field.name, style)}`, style), field.name);
    const member = callback.name.getText(sourceFile);
    const removed = new RegExp(`\\b(off|removeListener|removeEventListener)\\([^)]*\\bthis\\.${member.replace("#", "\\#")}\\b`).test(text);
    return manual(
      removed
        ? `\`${callback.getText(sourceFile)}\` is passed to \`${name}\` by reference and removed by the same reference, so an arrow in its place would never be removed: make \`${member}\` itself a synchronous arrow field that spawns its body in \`${ref}\` (once nothing awaits it), then run the fix again.`
        : `\`${callback.getText(sourceFile)}\` is passed to \`${name}\` by reference and is public (or called elsewhere), so the fix does not change what it returns: pass \`(...args) => { ${ref}.spawn(() => ${callback.getText(sourceFile)}(...args)); }\` instead, or make it a private field that spawns its body, then run the fix again.`,
    );
  }
  if (!t.isArrowFunction(callback) && !t.isFunctionExpression(callback)) {
    return manual(`The callback passed to \`${name}\` is not a function literal: pass \`(...args) => { ${ref}.spawn(…); }\` instead, keeping the \`this\` it needs.`);
  }
  if (callback.asteriskToken) return manual(`The generator callback passed to \`${name}\` cannot be spawned as is: rewrite it by hand.`);
  if (callback.typeParameters?.length) return manual(`The generic callback passed to \`${name}\` cannot keep its type parameters: spawn its body in \`${ref}\` by hand.`);
  // Only an arrow keeps `this`: a `function` that reads `this` or `arguments` would change meaning.
  if (t.isFunctionExpression(callback) && usesOwnThisOrArguments(t, callback.body)) {
    return manual(
      `The \`function\` callback passed to \`${name}\` uses \`this\` or \`arguments\`, which an arrow would change: spawn its work in \`${ref}\` by hand.`,
    );
  }

  const children = callback.getChildren(sourceFile);
  const openParen = children.find((c) => c.kind === t.SyntaxKind.OpenParenToken);
  const closeParen = children.find((c) => c.kind === t.SyntaxKind.CloseParenToken);
  const firstParameter = callback.parameters[0];
  const edits: TextEdit[] = [];
  let parameters: string;
  if (openParen && closeParen) {
    parameters = text.slice(openParen.end, closeParen.getStart(sourceFile));
    if (parameters.length > 0) edits.push(replace(openParen.end, closeParen.getStart(sourceFile), ""));
  } else if (firstParameter) {
    // `async p => …`: the inner function takes no parameters, the outer one gets `(p)`.
    parameters = firstParameter.getText(sourceFile);
    edits.push(replace(firstParameter.getStart(sourceFile), firstParameter.end, "()"));
  } else {
    return manual(`The callback passed to \`${name}\` has an unexpected shape: spawn its work in \`${ref}\` by hand.`);
  }

  const start = callback.getStart(sourceFile);
  const outer = indentAt(text, start);
  const inner = outer + style.indentUnit;
  const plain = callback.parameters.length === 1 && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(parameters.trim());
  const outerParameters = plain && style.arrowParens === "avoid" ? parameters.trim() : `(${parameters})`;
  // The spawned function as it will read: the callback without its parameters.
  const spawned = text.slice(start, callback.end).replace(text.slice(openParen ? openParen.end : start, closeParen ? closeParen.getStart(sourceFile) : start), "");
  const lineEnd = text.indexOf("\n", callback.end);
  const flat = `${text.slice(lineStartOf(text, start), start)}${outerParameters} => { ${ref}.spawn(${spawned}, ${options})${semi(style)} }${text.slice(callback.end, lineEnd === -1 ? text.length : lineEnd)}`;
  const multiline = text.slice(start, callback.end).includes("\n") || lineWidth(flat, style) > style.printWidth;
  const innerLine = `${inner}${ref}.spawn(${spawned}, ${options})${semi(style)}`;
  const hug = !text.slice(start, callback.end).includes("\n") && lineWidth(innerLine, style) > style.printWidth;
  const nameValue = options.slice(options.indexOf(":") + 2, options.lastIndexOf("}")).trim();
  const spawnTail = hug ? `, {\n${inner}${style.indentUnit}name: ${nameValue}${style.trailingCommas ? "," : ""}\n${inner}})` : `, ${options})`;
  const spansLines = text.slice(start, callback.end).includes("\n");
  // Prettier breaks every argument out when one of them spans lines.
  const broken = spansLines && style.layout === "prettier";
  const argument = inner + style.indentUnit;
  const comma = style.trailingCommas ? "," : "";
  const head = broken
    ? `${outerParameters} => {\n${inner}${ref}.spawn(\n${argument}`
    : multiline
      ? `${outerParameters} => {\n${inner}${ref}.spawn(`
      : `${outerParameters} => { ${ref}.spawn(`;
  const tail = broken
    ? `,\n${argument}${options}${comma}\n${inner})${semi(style)}\n${outer}}`
    : multiline
      ? `${spawnTail}${semi(style)}\n${outer}}`
      : `, ${options})${semi(style)} }`;
  edits.unshift(insert(start, head));
  // Lines of a multi-line parameter list move to the outer head as they are.
  const kept = openParen && closeParen ? ([openParen.end, closeParen.getStart(sourceFile)] as const) : undefined;
  if (spansLines) edits.push(...deeper(t, sourceFile, callback, broken ? style.indentUnit.repeat(2) : style.indentUnit, style, kept));
  edits.push(insert(callback.end, tail));
  return { edits };
}

/** `emitter.on('x', handler)` where `handler` is a same-file function that does not use `this`. */
function trackReference(ctx: AnalysisContext, reference: ts.Identifier, ref: string, options: string, name: string): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const fn = referencedFunction(ctx, reference);
  const style = fileStyle(t, sourceFile);
  if (!fn || ((t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn)) && fn.body && usesOwnThisOrArguments(t, fn.body))) {
    return {
      manualStep: {
        pos: reference.getStart(sourceFile),
        message: `\`${reference.text}\` is passed to \`${name}\` by reference and may depend on the \`this\` it is called with: pass \`(...args) => { ${ref}.spawn(() => ${reference.text}(...args)); }\` if it does not.`,
      },
    };
  }
  const parameters = isTypeScriptFile(sourceFile) ? `...args: Parameters<typeof ${reference.text}>` : "...args";
  const text = `(${parameters}) => { ${ref}.spawn(() => ${reference.text}(...args), ${options})${semi(style)} }`;
  return { edits: [replace(reference.getStart(sourceFile), reference.end, text)] };
}

function referencedFunction(ctx: AnalysisContext, reference: ts.Identifier): ts.SignatureDeclaration | undefined {
  const t = ctx.ts;
  const isFunction = (node: ts.Node | undefined): node is ts.SignatureDeclaration =>
    node !== undefined && (t.isFunctionDeclaration(node) || t.isArrowFunction(node) || t.isFunctionExpression(node));
  const fromDeclaration = (declaration: ts.Node): ts.SignatureDeclaration | undefined => {
    if (isFunction(declaration)) return declaration;
    if (t.isVariableDeclaration(declaration) && t.isVariableDeclarationList(declaration.parent)) {
      const isConst = (declaration.parent.flags & t.NodeFlags.Const) !== 0;
      if (isConst && isFunction(declaration.initializer)) return declaration.initializer;
    }
    return undefined;
  };
  if (ctx.checker) {
    const declarations = ctx.checker.getSymbolAtLocation(reference)?.declarations ?? [];
    return declarations.length === 1 && declarations[0] ? fromDeclaration(declarations[0]) : undefined;
  }
  // Without types: the file's only declaration of that name, when it is a function.
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if ((t.isFunctionDeclaration(node) || t.isVariableDeclaration(node) || t.isParameter(node)) && node.name && t.isIdentifier(node.name)) {
      if (node.name.text === reference.text) found.push(node);
    }
    t.forEachChild(node, visit);
  };
  visit(ctx.sourceFile);
  return found.length === 1 && found[0] ? fromDeclaration(found[0]) : undefined;
}

/** `unit` more at every line start inside `node` after its first line (see reindent.ts). */
function deeper(t: TS, sourceFile: ts.SourceFile, node: ts.Node, unit: string, style: FileStyle, kept?: readonly [number, number]): TextEdit[] {
  const first = sourceFile.text.indexOf("\n", node.getStart(sourceFile));
  if (first === -1 || first >= node.end) return [];
  return reindent(t, sourceFile, node, unit, { from: first + 1, to: node.end + 1, kept }, style);
}

function danglingParts(t: TS, target: ts.Node): { statement: ts.VariableStatement; initializer: ts.Expression } | undefined {
  if (!t.isVariableDeclaration(target) || !target.initializer) return undefined;
  const list = target.parent;
  const statement = list.parent;
  if (!t.isVariableDeclarationList(list) || list.declarations.length !== 1 || !t.isVariableStatement(statement)) return undefined;
  return { statement, initializer: target.initializer };
}

/**
 * The whole statement expression, not just the promise inside it, so that parentheses and
 * assertions around the promise stay around it and `void` goes away.
 */
function siteExpression(t: TS, finding: Finding): { voided?: ts.VoidExpression; work: ts.Node } {
  let node: ts.Node = t.isExpressionStatement(finding.node) ? finding.node.expression : finding.target;
  while (t.isParenthesizedExpression(node)) node = node.expression;
  return t.isVoidExpression(node) ? { voided: node, work: node.expression } : { work: t.isExpressionStatement(finding.node) ? finding.node.expression : node };
}

/** `await`/`yield` belong to the enclosing function: moved into an arrow they would not compile. */
function containsAwait(t: TS, node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || t.isFunctionLike(child) || t.isClassLike(child)) return;
    if (t.isAwaitExpression(child) || t.isYieldExpression(child) || (t.isForOfStatement(child) && child.awaitModifier)) found = true;
    else t.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function usesOwnThisOrArguments(t: TS, body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === t.SyntaxKind.ThisKeyword || (t.isIdentifier(node) && node.text === "arguments") || t.isMetaProperty(node)) {
      found = true;
      return;
    }
    // Arrows share the function's `this`; other functions and classes bring their own.
    if ((t.isFunctionLike(node) && !t.isArrowFunction(node)) || t.isClassLike(node)) return;
    t.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** An arrow body that starts with `{` or holds a comma needs parentheses. */
function needsArrowParens(t: TS, node: ts.Expression): boolean {
  return t.isObjectLiteralExpression(node) || (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.CommaToken);
}

/** Expressions that `await x` binds as a whole, without parentheses. */
function isTight(t: TS, node: ts.Expression): boolean {
  return (
    t.isCallExpression(node) ||
    t.isNewExpression(node) ||
    t.isPropertyAccessExpression(node) ||
    t.isElementAccessExpression(node) ||
    t.isIdentifier(node) ||
    t.isParenthesizedExpression(node) ||
    t.isTaggedTemplateExpression(node) ||
    t.isNonNullExpression(node)
  );
}

function promiseArrayBranchMessage(name: string): string {
  return `\`${name}\` drops an array of promises in one branch of the expression: wrap that array in \`Promise.all(…)\`, then track the rest.`;
}

/**
 * A read in `work` that the checker narrowed here and a closure would not keep narrowed, so
 * `() => this.session.notify()` would not type-check: a property read (`this.session` after
 * `if (this.session)`), or a `let`, `var` or parameter assigned after this point or in another
 * function (TypeScript keeps a local's narrowing only up to its last assignment).
 */
function closureLosesNarrowing(ctx: AnalysisContext, work: ts.Node): string[] | undefined {
  const t = ctx.ts;
  const checker = ctx.checker;
  if (!checker) return undefined;
  const narrowed = (node: ts.Node, symbol: ts.Symbol): boolean => {
    const declared = checker.getTypeOfSymbol(symbol);
    return declared.isUnion() && checker.getTypeAtLocation(node) !== declared;
  };
  // Every such read, so one run names all the bindings to make.
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      const symbol = checker.getSymbolAtLocation(t.isPropertyAccessExpression(node) ? node.name : node.argumentExpression);
      if (symbol && symbol.flags & t.SymbolFlags.Property && narrowed(node, symbol)) {
        found.add(node.getText(ctx.sourceFile));
        return;
      }
    }
    if (t.isIdentifier(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      if (symbol && isReassignedAfter(ctx, checker, symbol, work) && narrowed(node, symbol)) {
        found.add(node.text);
        return;
      }
    }
    t.forEachChild(node, visit);
  };
  visit(work);
  return found.size > 0 ? [...found] : undefined;
}

/** Whether a mutable local or parameter is assigned after `site`, or inside a function other than its own. */
function isReassignedAfter(ctx: AnalysisContext, checker: ts.TypeChecker, symbol: ts.Symbol, site: ts.Node): boolean {
  const t = ctx.ts;
  const declaration = symbol.valueDeclaration;
  if (!declaration || !(t.isVariableDeclaration(declaration) || t.isParameter(declaration))) return false;
  const list = declaration.parent;
  if (t.isVariableDeclarationList(list) && list.flags & t.NodeFlags.Const) return false;
  const home = t.findAncestor(declaration.parent, (node) => t.isFunctionLike(node) || t.isSourceFile(node));
  if (!home) return false;
  let reassigned = false;
  const isTarget = (node: ts.Node): boolean => t.isIdentifier(node) && node.text === symbol.name && checker.getSymbolAtLocation(node) === symbol;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (reassigned) return;
    const assigned =
      (t.isBinaryExpression(node) && node.operatorToken.kind >= t.SyntaxKind.FirstAssignment && node.operatorToken.kind <= t.SyntaxKind.LastAssignment && isTarget(node.left)) ||
      ((t.isPrefixUnaryExpression(node) || t.isPostfixUnaryExpression(node)) &&
        (node.operator === t.SyntaxKind.PlusPlusToken || node.operator === t.SyntaxKind.MinusMinusToken) &&
        isTarget(node.operand));
    if (assigned && (nested || node.pos >= site.end)) {
      reassigned = true;
      return;
    }
    t.forEachChild(node, (child) => visit(child, nested || (t.isFunctionLike(child) && child !== home)));
  };
  visit(home, false);
  return reassigned;
}

function lostNarrowingMessage(references: readonly string[]): string {
  const [first = ""] = references;
  const named = references.map((reference) => `\`${reference}\``).join(", ");
  const what = references.length > 1 ? "are narrowed here and a closure would not keep that narrowing" : "is narrowed here and a closure would not keep that narrowing";
  return `${named} ${what} (tsc would reject \`() => ${first}…\`): bind ${references.length > 1 ? "each" : "it"} to a \`const\` before this statement, then run the fix again.`;
}

function awaitInsideMessage(name: string): string {
  return `\`${name}\` is started in an expression that itself awaits: move the awaited part out, then track the rest.`;
}

function insert(pos: number, text: string): TextEdit {
  return { start: pos, end: pos, text };
}

function replace(start: number, end: number, text: string): TextEdit {
  return { start, end, text };
}
