// What a rewritten site needs around it: the `TaskSet` import, the set itself (a class field or a
// module-level const, reused when one exists) and the `shutdown()` call that drains it.
import type * as ts from "typescript";
import type { AnalysisContext, ManualStep, TextEdit, TS } from "../types.js";
import { continuesStatement, fileStyle, indentAt, lineStartOf, quote, semi, startsLine } from "./style.js";

/** The set a site spawns into, and the edits and follow-ups that make it exist. */
export interface SetTarget {
  /** How the site reaches the set: `this.tasks`, `this.#tasks`, `tasks`. */
  readonly ref: string;
  readonly edits: readonly TextEdit[];
  readonly manualSteps: readonly ManualStep[];
}

const packageName = "taskguard";
const lifecycleNames = ["stop", "close", "dispose", "shutdown", "destroy"];
const identifierCache = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

export function classSet(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration): SetTarget {
  const existing = existingClassField(ctx, cls);
  if (existing) return { ref: `this.${existing}`, ...shutdownEdits(ctx, cls, `this.${existing}`) };
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  const ctor = taskSetConstructor(ctx);
  const name = freeName(memberNames(ctx, cls));
  const ref = `this.${name}`;
  const modifiers = isTypeScriptFile(sourceFile) ? "private readonly " : "";
  const declaration = `${modifiers}${name} = new ${ctor.name}({ name: ${quote(className(t, cls), style)} })`;
  const first = cls.members[0];
  let field: TextEdit;
  if (!first) {
    field = insert(cls.members.pos, ` ${declaration}; `);
  } else {
    // Above the first member and its leading comments, so a doc comment stays with its member.
    const comments = t.getLeadingCommentRanges(text, first.pos);
    const anchor = comments?.[0]?.pos ?? first.getStart(sourceFile);
    // Without semicolons a member starting with `[`, `(` or `*` would continue the field's line.
    const terminator = style.semicolons || /^[[(*]/.test(first.getText(sourceFile)) ? ";" : "";
    // A blank line separates the field from a first member that is not a field itself.
    const gap = t.isPropertyDeclaration(first) ? "" : "\n";
    field = startsLine(text, anchor)
      ? insert(lineStartOf(text, anchor), `${indentAt(text, anchor)}${declaration}${terminator}\n${gap}`)
      : insert(anchor, `${declaration}; `);
  }
  const shutdown = shutdownEdits(ctx, cls, ref);
  return { ref, edits: [...ctor.edits, field, ...shutdown.edits], manualSteps: shutdown.manualSteps };
}

export function moduleSet(ctx: AnalysisContext): SetTarget {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  for (const statement of sourceFile.statements) {
    if (!t.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (t.isIdentifier(declaration.name) && isNewTaskSet(ctx, declaration.initializer)) {
        return { ref: declaration.name.text, edits: [], manualSteps: [] };
      }
    }
  }
  const style = fileStyle(t, sourceFile);
  const ctor = taskSetConstructor(ctx);
  const name = freeName(fileIdentifiers(t, sourceFile));
  const base = sourceFile.fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const anchor = importAnchor(t, sourceFile);
  // Without semicolons, a next line starting with `(`, `[` or a template literal would call the new set.
  const terminator = style.semicolons || continuesStatement(sourceFile.text, anchor.pos) ? ";" : "";
  const declaration = `const ${name} = new ${ctor.name}({ name: ${quote(base, style)} })${terminator}`;
  const edit = anchor.afterImport ? insert(anchor.pos, `\n\n${declaration}`) : insert(anchor.pos, `${declaration}\n\n`);
  const step: ManualStep = {
    pos: anchor.pos,
    message: `The module-level \`${name}\` is never shut down: hand it to installShutdownHooks(${name}) or await \`${name}.shutdown()\` in your teardown.`,
  };
  return { ref: name, edits: [...ctor.edits, edit], manualSteps: [step] };
}

/** `await <ref>.shutdown();` at the end of the class's async stop/close/dispose method, or why not. */
export function shutdownEdits(
  ctx: AnalysisContext,
  cls: ts.ClassLikeDeclaration,
  ref: string,
): { edits: TextEdit[]; manualSteps: ManualStep[] } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  const name = className(t, cls);
  const methods = cls.members.filter(
    (member): member is ts.MethodDeclaration & { body: ts.Block } =>
      t.isMethodDeclaration(member) && member.body !== undefined && !hasModifier(t, member, t.SyntaxKind.StaticKeyword) && isLifecycleName(t, member.name),
  );
  const method = methods.find((m) => hasModifier(t, m, t.SyntaxKind.AsyncKeyword));
  if (!method) {
    const sync = methods[0];
    const message = sync
      ? `\`${name}.${sync.name.getText(sourceFile)}()\` is synchronous, so it cannot wait for its tasks: make it async and await \`${ref}.shutdown()\` at its end.`
      : `\`${name}\` has no async stop/close/dispose method: add one that awaits \`${ref}.shutdown()\`.`;
    return { edits: [], manualSteps: [{ pos: (sync ?? cls).getStart(sourceFile), message }] };
  }
  const body = method.body;
  if (body.getText(sourceFile).includes(`${ref}.shutdown(`)) return { edits: [], manualSteps: [] };
  const call = `await ${ref}.shutdown()${semi(style)}`;
  const last = body.statements[body.statements.length - 1];
  const close = body.end - 1;
  // Before a final `return`, so the drain still runs; otherwise just before the closing brace.
  // On a line of its own the call needs no `;`; inside a line it does, whatever the file's style.
  const inline = `await ${ref}.shutdown();`;
  if (last && t.isReturnStatement(last)) {
    const at = last.getStart(sourceFile);
    return { edits: [startsLine(text, at) ? insert(lineStartOf(text, at), `${indentAt(text, at)}${call}\n`) : insert(at, `${inline} `)], manualSteps: [] };
  }
  if (startsLine(text, close) && text.slice(body.getStart(sourceFile), close).includes("\n")) {
    const indent = last ? indentAt(text, last.getStart(sourceFile)) : indentAt(text, close) + style.indentUnit;
    return { edits: [insert(lineStartOf(text, close), `${indent}${call}\n`)], manualSteps: [] };
  }
  // `{ this.flush() }` without semicolons: the `;` goes right after the last statement.
  if (last && !endsWithoutAsi(t, text, last)) return { edits: [insert(last.end, `; ${call}`)], manualSteps: [] };
  const padded = text[close - 1] === " " ? `${call} ` : ` ${call} `;
  return { edits: [insert(close, padded)], manualSteps: [] };
}

/** Whether a statement ends in `;` or a block's `}`, so that another statement may follow on its line. */
function endsWithoutAsi(t: TS, text: string, statement: ts.Statement): boolean {
  if (text[statement.end - 1] === ";") return true;
  if (t.isIfStatement(statement)) return endsWithoutAsi(t, text, statement.elseStatement ?? statement.thenStatement);
  if (t.isIterationStatement(statement, false) && !t.isDoStatement(statement)) return endsWithoutAsi(t, text, statement.statement);
  if (t.isLabeledStatement(statement) || t.isWithStatement(statement)) return endsWithoutAsi(t, text, statement.statement);
  return (
    t.isBlock(statement) ||
    t.isTryStatement(statement) ||
    t.isSwitchStatement(statement) ||
    t.isFunctionDeclaration(statement) ||
    t.isClassDeclaration(statement) ||
    t.isEnumDeclaration(statement) ||
    t.isModuleDeclaration(statement) ||
    t.isInterfaceDeclaration(statement)
  );
}

/** The name of a class's own `TaskSet` field (`x = new TaskSet(…)`), if it has one. */
export function existingClassField(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration): string | undefined {
  const t = ctx.ts;
  for (const member of cls.members) {
    if (
      t.isPropertyDeclaration(member) &&
      !hasModifier(t, member, t.SyntaxKind.StaticKeyword) &&
      (t.isIdentifier(member.name) || t.isPrivateIdentifier(member.name)) &&
      isNewTaskSet(ctx, member.initializer)
    ) {
      return member.name.text;
    }
  }
  return undefined;
}

export function className(t: TS, cls: ts.ClassLikeDeclaration): string {
  if (cls.name) return cls.name.text;
  const parent = cls.parent;
  if (t.isVariableDeclaration(parent) && t.isIdentifier(parent.name)) return parent.name.text;
  return "anonymous class";
}

export function hasModifier(t: TS, node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (t.canHaveModifiers(node) ? t.getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;
}

export function isTypeScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.fileName);
}

function isNewTaskSet(ctx: AnalysisContext, node: ts.Node | undefined): boolean {
  if (!node || !ctx.ts.isNewExpression(node)) return false;
  const callee = node.expression.getText(ctx.sourceFile);
  return callee === taskSetConstructor(ctx).name || /(^|\.)TaskSet$/.test(callee);
}

function isLifecycleName(t: TS, name: ts.PropertyName): boolean {
  if (t.isIdentifier(name) || t.isStringLiteral(name)) return lifecycleNames.includes(name.text);
  if (t.isComputedPropertyName(name)) return /^Symbol\.asyncDispose$/.test(name.expression.getText());
  return false;
}

/** `TaskSet` (imported, merged into an existing taskguard import, or aliased when the name is taken). */
function taskSetConstructor(ctx: AnalysisContext): { name: string; edits: TextEdit[] } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const style = fileStyle(t, sourceFile);
  let mergeInto: ts.NamedImports | undefined;
  for (const statement of sourceFile.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== packageName) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings) continue;
    if (t.isNamespaceImport(clause.namedBindings)) return { name: `${clause.namedBindings.name.text}.TaskSet`, edits: [] };
    for (const element of clause.namedBindings.elements) {
      if (!element.isTypeOnly && (element.propertyName ?? element.name).text === "TaskSet") return { name: element.name.text, edits: [] };
    }
    if (clause.namedBindings.elements.length > 0) mergeInto ??= clause.namedBindings;
  }
  const taken = fileIdentifiers(t, sourceFile);
  let local = "TaskSet";
  for (let n = 1; taken.has(local); n++) local = n === 1 ? "TaskGuardSet" : `TaskGuardSet${n}`;
  const specifier = local === "TaskSet" ? "TaskSet" : `TaskSet as ${local}`;
  const lastElement = mergeInto?.elements[mergeInto.elements.length - 1];
  if (lastElement) return { name: local, edits: [insert(lastElement.end, `, ${specifier}`)] };
  const declaration = `import { ${specifier} } from ${quote(packageName, style)}${semi(style)}`;
  const anchor = importAnchor(t, sourceFile);
  return { name: local, edits: [anchor.afterImport ? insert(anchor.pos, `\n${declaration}`) : insert(anchor.pos, `${declaration}\n\n`)] };
}

/** After the last import, or before the first statement when there is none. */
function importAnchor(t: TS, sourceFile: ts.SourceFile): { pos: number; afterImport: boolean } {
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) || t.isImportEqualsDeclaration(statement)) last = statement;
  }
  if (last) {
    // Without semicolons a `;` guarding the next line (`;[a, b].forEach(…)`) ends the import in
    // the parser's eyes; the new lines go before it, so that it keeps guarding the same line.
    const children = last.getChildren(sourceFile);
    const semicolon = children[children.length - 1];
    const before = children[children.length - 2];
    const guards = semicolon?.kind === t.SyntaxKind.SemicolonToken && before && sourceFile.text.slice(before.end, semicolon.getStart(sourceFile)).includes("\n");
    return { pos: guards ? before.end : last.end, afterImport: true };
  }
  const first = sourceFile.statements[0];
  return { pos: first ? first.getStart(sourceFile) : 0, afterImport: false };
}

/** Names a new member must not take: the class's own members, its parameter properties, and inherited ones when types are known. */
function memberNames(ctx: AnalysisContext, cls: ts.ClassLikeDeclaration): Set<string> {
  const t = ctx.ts;
  const names = new Set<string>();
  for (const member of cls.members) {
    if (member.name && (t.isIdentifier(member.name) || t.isStringLiteral(member.name) || t.isPrivateIdentifier(member.name))) {
      names.add(member.name.text);
    }
    if (t.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (t.isIdentifier(parameter.name) && t.getModifiers(parameter)?.length) names.add(parameter.name.text);
      }
    }
  }
  const symbol = ctx.checker && cls.name ? ctx.checker.getSymbolAtLocation(cls.name) : undefined;
  if (ctx.checker && symbol) {
    for (const property of ctx.checker.getDeclaredTypeOfSymbol(symbol).getProperties()) names.add(property.name);
  }
  return names;
}

function freeName(taken: ReadonlySet<string>): string {
  if (!taken.has("tasks")) return "tasks";
  if (!taken.has("taskSet")) return "taskSet";
  let n = 2;
  while (taken.has(`taskSet${n}`)) n++;
  return `taskSet${n}`;
}

/** Every identifier spelled in the file: a new module-level name outside this set cannot shadow or be shadowed. */
function fileIdentifiers(t: TS, sourceFile: ts.SourceFile): ReadonlySet<string> {
  let names = identifierCache.get(sourceFile);
  if (!names) {
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (t.isIdentifier(node)) found.add(node.text);
      t.forEachChild(node, visit);
    };
    visit(sourceFile);
    identifierCache.set(sourceFile, found);
    names = found;
  }
  return names;
}

function insert(pos: number, text: string): TextEdit {
  return { start: pos, end: pos, text };
}
