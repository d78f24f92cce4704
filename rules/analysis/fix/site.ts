// The edits at the site itself: wrap the started work in `<set>.spawn(() => …)`, or await it.
// Edits are narrow insertions around the original text, so a finding nested inside another
// (a floating call inside a floating callback) is rewritten in the same pass.
import type * as ts from "typescript";
import { isPromiseArray } from "../promise.js";
import type { AnalysisContext, Finding, ManualStep, TextEdit, TS } from "../types.js";
import { isTypeScriptFile } from "./scaffold.js";
import { continuesStatement, fileStyle, indentAt, quote, semi } from "./style.js";

export type SiteRewrite = { readonly edits: TextEdit[] } | { readonly manualStep: ManualStep };

/** `<ref>.spawn(() => <work>, { name })` in place of the finding's promise, callback or binding. */
export function trackSite(ctx: AnalysisContext, finding: Finding, ref: string, name: string): SiteRewrite {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const style = fileStyle(t, sourceFile);
  const options = `{ name: ${quote(name, style)} }`;
  const open = `${ref}.spawn(() => `;
  const close = `, ${options})`;
  const manual = (node: ts.Node, message: string): SiteRewrite => ({ manualStep: { pos: node.getStart(sourceFile), message } });

  if (finding.kind === "floatingCallback") return trackCallback(ctx, finding.target, ref, options, name);

  if (finding.kind === "dangling") {
    const parts = danglingParts(t, finding.target);
    if (!parts) return manual(finding.target, `\`${name}\` is bound in a declaration list: move it to its own \`const\` and run the fix again.`);
    if (containsAwait(t, parts.initializer)) return manual(finding.target, awaitInsideMessage(name));
    const parens = needsArrowParens(t, parts.initializer);
    const end = statementEnd(ctx, parts.statement, parts.initializer);
    return {
      edits: [
        replace(parts.statement.getStart(sourceFile), parts.initializer.getStart(sourceFile), parens ? `${open}(` : open),
        insert(parts.initializer.end, `${parens ? `)${close}` : close}${end}`),
      ],
    };
  }

  const { voided, work } = siteExpression(t, finding);
  if (containsAwait(t, work)) return manual(work, awaitInsideMessage(name));
  const array = promiseArray(ctx, work);
  if (array === "branch") return manual(work, promiseArrayBranchMessage(name));
  // An array of promises is spawned as the one promise that settles with all of them.
  const parens = array !== "whole" && t.isExpression(work) && needsArrowParens(t, work);
  const before = array === "whole" ? "Promise.all(" : parens ? "(" : "";
  const after = array === "whole" || parens ? ")" : "";
  const start = voided ? voided.getStart(sourceFile) : work.getStart(sourceFile);
  const end = statementEnd(ctx, finding.node, work);
  return {
    edits: [replace(start, work.getStart(sourceFile), `${open}${before}`), insert(work.end, `${after}${close}${end}`)],
  };
}

/** `await <work>` in place of the bare statement, the `void` or the unread binding. */
export function awaitSite(ctx: AnalysisContext, finding: Finding): TextEdit[] | undefined {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  if (finding.kind === "dangling") {
    const parts = danglingParts(t, finding.target);
    if (!parts) return undefined;
    const parens = !isTight(t, parts.initializer);
    const edits = [replace(parts.statement.getStart(sourceFile), parts.initializer.getStart(sourceFile), parens ? "await (" : "await ")];
    return parens ? [...edits, insert(parts.initializer.end, `)${statementEnd(ctx, parts.statement, parts.initializer)}`)] : edits;
  }
  const { voided, work } = siteExpression(t, finding);
  const array = promiseArray(ctx, work);
  if (array === "branch") return undefined;
  const tight = array !== "whole" && (!t.isExpression(work) || isTight(t, work));
  const open = array === "whole" ? "await Promise.all(" : tight ? "await " : "await (";
  const edits = [voided ? replace(voided.getStart(sourceFile), work.getStart(sourceFile), open) : insert(work.getStart(sourceFile), open)];
  return tight ? edits : [...edits, insert(work.end, `)${statementEnd(ctx, finding.node, work)}`)];
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
  const multiline = text.slice(start, callback.end).includes("\n");
  const outer = indentAt(text, start);
  const inner = outer + style.indentUnit;
  const head = multiline ? `(${parameters}) => {\n${inner}${ref}.spawn(` : `(${parameters}) => { ${ref}.spawn(`;
  const tail = multiline ? `, ${options})${semi(style)}\n${outer}}` : `, ${options})${semi(style)} }`;
  edits.unshift(insert(start, head));
  // Lines of a multi-line parameter list move to the outer head as they are.
  const kept = openParen && closeParen ? ([openParen.end, closeParen.getStart(sourceFile)] as const) : undefined;
  if (multiline) edits.push(...reindent(t, sourceFile, callback, style.indentUnit, kept));
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

/** One more indentation unit at every line start inside the callback, except inside template literals. */
function reindent(t: TS, sourceFile: ts.SourceFile, callback: ts.Node, unit: string, kept?: readonly [number, number]): TextEdit[] {
  const text = sourceFile.text;
  const templates: (readonly [number, number])[] = kept ? [kept] : [];
  const visit = (node: ts.Node): void => {
    if (t.isNoSubstitutionTemplateLiteral(node) || t.isTemplateExpression(node)) templates.push([node.getStart(sourceFile), node.end]);
    else t.forEachChild(node, visit);
  };
  visit(callback);
  const edits: TextEdit[] = [];
  for (let i = text.indexOf("\n", callback.getStart(sourceFile)); i !== -1 && i < callback.end; i = text.indexOf("\n", i + 1)) {
    const lineStart = i + 1;
    if (text[lineStart] === "\n" || text[lineStart] === "\r") continue;
    if (templates.some(([from, to]) => lineStart > from && lineStart < to)) continue;
    edits.push(insert(lineStart, unit));
  }
  return edits;
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

function awaitInsideMessage(name: string): string {
  return `\`${name}\` is started in an expression that itself awaits: move the awaited part out, then track the rest.`;
}

function insert(pos: number, text: string): TextEdit {
  return { start: pos, end: pos, text };
}

function replace(start: number, end: number, text: string): TextEdit {
  return { start, end, text };
}
