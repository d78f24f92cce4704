// What a spawned site needs around it: the `TaskSet` import, the set itself (a `protected` field
// of the class that declares the lifecycle, or a module-level const handed to
// `installShutdownHooks`, reused when one exists) and the stop that drains it.
import type * as ts from "typescript";
import { isThenableType } from "../promise.js";
import type { AnalysisContext, ManualStep, TextEdit, TS } from "../types.js";
import { className, isNewTaskSet, spawnAccepts, type Owner } from "./owner.js";
import { reindent } from "./reindent.js";
import { stopKind } from "./stop-kind.js";
import { braces, continuesStatement, fileStyle, indentAt, lineStartOf, quote, semi, startsLine } from "./style.js";

/** The set a site spawns into, and the edits and follow-ups that make it exist. */
export interface SetTarget {
  /** How the site reaches the set: `this.tasks`, `this.#tasks`, `tasks`. */
  readonly ref: string;
  readonly edits: readonly TextEdit[];
  readonly manualSteps: readonly ManualStep[];
}

const packageName = "taskguard";
const identifierCache = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/**
 * The class owner's set: the existing one when its `spawn` accepts `work` (the checker decides),
 * else a new `protected readonly` field in the class that declares the lifecycle, drained in its
 * stop method. `undefined` with a reason when an existing set cannot take the work.
 */
export function classSet(
  ctx: AnalysisContext,
  owner: Extract<Owner, { kind: "class" }>,
  work: ts.Node | "promise",
): SetTarget | { readonly refused: string } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  const home = owner.home;
  if (owner.existing) {
    const ref = `this.${owner.existing}`;
    const field = home.members.find((m) => t.isPropertyDeclaration(m) && m.name.getText(sourceFile) === owner.existing);
    if (field && t.isPropertyDeclaration(field) && field.initializer && !spawnAccepts(ctx, field.initializer, work)) {
      return {
        refused: `\`${ref}.spawn\` does not accept a function returning what this site starts (the checker says the call would not type-check): wrap the work to fit it, or track it in a taskguard TaskSet.`,
      };
    }
    return { ref, ...stopEdits(ctx, owner, ref) };
  }
  const ctor = taskSetConstructor(ctx);
  const name = freeName(hierarchyMemberNames(ctx, home));
  const ref = `this.${name}`;
  const modifiers = isTypeScriptFile(sourceFile) ? "protected readonly " : "";
  const declaration = `${modifiers}${name} = new ${ctor.name}(${braces(`name: ${quote(className(t, home), style)}`, style)})`;
  const first = home.members[0];
  let field: TextEdit;
  if (!first) {
    field = insert(home.members.pos, ` ${declaration}; `);
  } else {
    // Above the first member and its leading comments, so a doc comment stays with its member.
    const comments = t.getLeadingCommentRanges(text, first.pos);
    const anchor = comments?.[0]?.pos ?? first.getStart(sourceFile);
    // Without semicolons a member starting with `[`, `(` or `*` would continue the field's line.
    const terminator = style.semicolons || /^[[(*]/.test(first.getText(sourceFile)) ? ";" : "";
    // A blank line separates the field from a first member that is not a plain field: a method, a
    // documented field, or a field the class already sets apart from the next field by a blank line.
    const second = home.members[1];
    const spaced = second && t.isPropertyDeclaration(second) && /\n[ \t]*\r?\n/.test(text.slice(first.end, second.getStart(sourceFile)));
    const packed = t.isPropertyDeclaration(first) && !comments?.length && !spaced;
    const gap = packed ? "" : "\n";
    field = startsLine(text, anchor)
      ? insert(lineStartOf(text, anchor), `${indentAt(text, anchor)}${declaration}${terminator}\n${gap}`)
      : insert(anchor, `${declaration}; `);
  }
  const stop = stopEdits(ctx, owner, ref);
  return { ref, edits: [...ctor.edits, field, ...stop.edits], manualSteps: stop.manualSteps };
}

/** The module's set for a file with an entry point: created once, and handed to `installShutdownHooks`. */
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
  const hooks = namedImport(ctx, `${packageName}/guard`, "installShutdownHooks");
  const name = freeName(fileIdentifiers(t, sourceFile));
  const base = sourceFile.fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const anchor = importAnchor(t, sourceFile);
  // Without semicolons, a next line starting with `(`, `[` or a template literal would call the new set.
  const terminator = style.semicolons || continuesStatement(sourceFile.text, anchor.pos) ? ";" : "";
  const declaration = `const ${name} = new ${ctor.name}(${braces(`name: ${quote(base, style)}`, style)})${semi(style)}\n${hooks.name}(${name})${terminator}`;
  // A blank line after the set, unless the code after the imports starts with one already.
  const text = sourceFile.text;
  const gap = text.startsWith("\n\n", anchor.pos) || text.startsWith("\r\n\r\n", anchor.pos) ? "" : "\n";
  const edit = anchor.afterImport ? insert(anchor.pos, `\n\n${declaration}${gap}`) : insert(anchor.pos, `${declaration}\n\n`);
  // Without imports, both are inserted at the first statement: the hooks import goes first, the blank line last.
  const imports = anchor.afterImport ? [...ctor.edits, ...hooks.edits] : [...hooks.edits, ...ctor.edits];
  return { ref: name, edits: [...imports, edit], manualSteps: [] };
}

/**
 * `await <ref>.shutdown()` (or `drain()` for owners that reopen) where nothing after it can spawn:
 * at the end of the stop method, and a final `return <work>` is awaited into `result` first.
 */
export function stopEdits(ctx: AnalysisContext, owner: Extract<Owner, { kind: "class" }>, ref: string): { edits: TextEdit[]; manualSteps: ManualStep[] } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const text = sourceFile.text;
  const style = fileStyle(t, sourceFile);
  const method = owner.stopMethod;
  if (!method) {
    const message = `\`${className(t, owner.home)}\` has no async stop/close/dispose method: add one that awaits \`${ref}.${stopKind(ctx, owner)}()\`.`;
    return { edits: [], manualSteps: [{ pos: owner.home.getStart(sourceFile), message }] };
  }
  const body = method.body;
  if (new RegExp(`${escape(ref)}\\s*\\.\\s*(shutdown|drain)\\(`).test(body.getText(sourceFile))) return { edits: [], manualSteps: [] };
  const call = `await ${ref}.${stopKind(ctx, owner)}()`;
  const last = body.statements[body.statements.length - 1];
  const close = body.end - 1;
  const multiline = text.slice(body.getStart(sourceFile), close).includes("\n");
  if (multiline && last && hasEarlyReturn(t, body, last) && startsLine(text, body.statements[0]!.getStart(sourceFile)) && startsLine(text, close)) {
    // A `return` before the end would skip a drain placed there: the stop goes in a `finally`.
    const indent = indentAt(text, body.statements[0]!.getStart(sourceFile));
    const first = lineStartOf(text, body.statements[0]!.getStart(sourceFile));
    return {
      edits: [
        insert(first, `${indent}try {\n`),
        ...reindent(t, sourceFile, body, style.indentUnit, { from: first, to: lineStartOf(text, close) }, style),
        insert(lineStartOf(text, close), `${indent}} finally {\n${indent}${style.indentUnit}${call}${semi(style)}\n${indent}}\n`),
      ],
      manualSteps: [],
    };
  }
  if (last && t.isReturnStatement(last)) {
    const at = last.getStart(sourceFile);
    const expression = last.expression;
    if (expression && maySpawn(t, expression)) {
      // The returned work may still spawn: it finishes before the drain, and its value is kept.
      const result = freeLocal(t, method, "result");
      // `await` only what may be a promise: awaiting a plain value is what `await-thenable` rejects.
      const type = ctx.checker?.getTypeAtLocation(expression);
      const plain = type !== undefined && !(type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) && !(type.isUnion() ? type.types : [type]).some((part) => isThenableType(ctx, part));
      const value = plain ? expression.getText(sourceFile) : `await ${expression.getText(sourceFile)}`;
      const lines = [`const ${result} = ${value};`, `${call};`, `return ${result};`];
      const joined = multiline && startsLine(text, at) ? lines.map((l) => (style.semicolons ? l : l.replace(/;$/, ""))).join(`\n${indentAt(text, at)}`) : lines.join(" ");
      return { edits: [replace(at, last.end, joined)], manualSteps: [] };
    }
    return { edits: [startsLine(text, at) ? insert(lineStartOf(text, at), `${indentAt(text, at)}${call}${semi(style)}\n`) : insert(at, `${call}; `)], manualSteps: [] };
  }
  if (!last && !multiline && startsLine(text, method.getStart(sourceFile))) {
    // `async close() {}` opens up, as a formatter would print it.
    const indent = indentAt(text, method.getStart(sourceFile));
    return { edits: [replace(body.getStart(sourceFile), body.end, `{\n${indent}${style.indentUnit}${call}${semi(style)}\n${indent}}`)], manualSteps: [] };
  }
  if (startsLine(text, close) && multiline) {
    const indent = last ? indentAt(text, last.getStart(sourceFile)) : indentAt(text, close) + style.indentUnit;
    return { edits: [insert(lineStartOf(text, close), `${indent}${call}${semi(style)}\n`)], manualSteps: [] };
  }
  // `{ this.flush() }` without semicolons: the `;` goes right after the last statement.
  if (last && !endsWithoutAsi(t, text, last)) return { edits: [insert(last.end, `; ${call}${semi(style)}`)], manualSteps: [] };
  const padded = text[close - 1] === " " ? `${call}${semi(style)} ` : ` ${call}${semi(style)} `;
  return { edits: [insert(close, padded)], manualSteps: [] };
}

/** A `return` anywhere in the body but its last statement (nested functions aside). */
function hasEarlyReturn(t: TS, body: ts.Block, last: ts.Statement): boolean {
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isReturnStatement(node)) return node !== last;
    return t.forEachChild(node, visit) ?? false;
  };
  return t.forEachChild(body, visit) ?? false;
}

/** A returned expression that runs code (a call, `new`, an await): it may spawn before it settles. */
function maySpawn(t: TS, expression: ts.Expression): boolean {
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node)) return false;
    if (t.isCallExpression(node) || t.isNewExpression(node) || t.isAwaitExpression(node) || t.isTaggedTemplateExpression(node)) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(expression);
}

function freeLocal(t: TS, fn: ts.Node, wanted: string): string {
  const taken = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (t.isIdentifier(node)) taken.add(node.text);
    t.forEachChild(node, visit);
  };
  visit(fn);
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
  return name;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\#]/g, "\\$&");
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

export function isTypeScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.fileName);
}

/** `TaskSet` (imported, merged into an existing taskguard import, or aliased when the name is taken). */
function taskSetConstructor(ctx: AnalysisContext): { name: string; edits: TextEdit[] } {
  const t = ctx.ts;
  for (const statement of ctx.sourceFile.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== packageName) continue;
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause && !statement.importClause.isTypeOnly && bindings && t.isNamespaceImport(bindings)) {
      return { name: `${bindings.name.text}.TaskSet`, edits: [] };
    }
  }
  return namedImport(ctx, packageName, "TaskSet");
}

/** A value import of `exported` from `module`: found, merged into an import of that module, or added. */
function namedImport(ctx: AnalysisContext, module: string, exported: string): { name: string; edits: TextEdit[] } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  const style = fileStyle(t, sourceFile);
  let mergeInto: ts.NamedImports | undefined;
  for (const statement of sourceFile.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== module) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings || t.isNamespaceImport(clause.namedBindings)) continue;
    for (const element of clause.namedBindings.elements) {
      if (!element.isTypeOnly && (element.propertyName ?? element.name).text === exported) return { name: element.name.text, edits: [] };
    }
    if (clause.namedBindings.elements.length > 0) mergeInto ??= clause.namedBindings;
  }
  const taken = fileIdentifiers(t, sourceFile);
  const alias = exported === "TaskSet" ? "TaskGuardSet" : `taskguard${exported[0]!.toUpperCase()}${exported.slice(1)}`;
  let local = exported;
  for (let n = 1; taken.has(local); n++) local = n === 1 ? alias : `${alias}${n}`;
  const specifier = local === exported ? exported : `${exported} as ${local}`;
  const lastElement = mergeInto?.elements[mergeInto.elements.length - 1];
  if (lastElement) return { name: local, edits: [insert(lastElement.end, `, ${specifier}`)] };
  const declaration = `import ${braces(specifier, style)} from ${quote(module, style)}${semi(style)}`;
  const anchor = importAnchor(t, sourceFile);
  // Without imports, the first import added ends with the blank line before the code.
  return { name: local, edits: [anchor.afterImport ? insert(anchor.pos, `\n${declaration}`) : insert(anchor.pos, `${declaration}\n${exported === "TaskSet" ? "\n" : ""}`)] };
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
  // Past a shebang and the comments above the first statement stay where they are.
  return { pos: first ? first.getStart(sourceFile) : 0, afterImport: false };
}

/**
 * Names a new member of `home` must not take: those of `home`, of the same-file classes that
 * extend it (a subclass's own `tasks` would clash), and inherited ones when types are known.
 */
function hierarchyMemberNames(ctx: AnalysisContext, home: ts.ClassLikeDeclaration): Set<string> {
  const t = ctx.ts;
  const names = new Set<string>();
  const classes = [home, ...subclassesInFile(ctx, home)];
  for (const cls of classes) {
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
  }
  return names;
}

function subclassesInFile(ctx: AnalysisContext, home: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
  const t = ctx.ts;
  const found: ts.ClassLikeDeclaration[] = [];
  const names = new Set(home.name ? [home.name.text] : []);
  let grew = true;
  while (grew) {
    grew = false;
    const visit = (node: ts.Node): void => {
      if (t.isClassLike(node) && !found.includes(node) && node !== home) {
        const base = node.heritageClauses?.find((c) => c.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        if (base && t.isIdentifier(base) && names.has(base.text)) {
          found.push(node);
          if (node.name) names.add(node.name.text);
          grew = true;
        }
      }
      t.forEachChild(node, visit);
    };
    visit(ctx.sourceFile);
  }
  return found;
}

function freeName(taken: ReadonlySet<string>): string {
  if (!taken.has("tasks")) return "tasks";
  if (!taken.has("taskSet")) return "taskSet";
  let n = 2;
  while (taken.has(`taskSet${n}`)) n++;
  return `taskSet${n}`;
}

/** Every identifier spelled in the file: a new module-level name outside this set cannot shadow or be shadowed. */
export function fileIdentifiers(t: TS, sourceFile: ts.SourceFile): ReadonlySet<string> {
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

function replace(start: number, end: number, text: string): TextEdit {
  return { start, end, text };
}
