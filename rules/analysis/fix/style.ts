// The file's own habits (quotes, semicolons, indentation, arrow parentheses, bracket spacing,
// trailing commas), read once so every inserted line looks like its neighbours. A project's
// formatter settings, when the caller knows them (Prettier, EditorConfig), win over the guess.
import type * as ts from "typescript";
import type { TS } from "../types.js";

export interface FileStyle {
  readonly quote: '"' | "'";
  readonly semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  readonly indentUnit: string;
  /** The column a written line must not pass. */
  readonly printWidth: number;
  /** `(x) =>` ("always") or `x =>` ("avoid") for a single plain parameter. */
  readonly arrowParens: "always" | "avoid";
  /** `{ x }` (true) or `{x}` (false) in object literals and imports. */
  readonly bracketSpacing: boolean;
  /** A trailing comma after the last argument of a call broken over lines. */
  readonly trailingCommas: boolean;
  /**
   * "prettier" when the project formats with Prettier, or the file shows no other habit: a spawn
   * whose function spans lines puts each argument on a line of its own, as Prettier prints it.
   * "compact" keeps `}, { name })`, where the file already writes calls that way.
   */
  readonly layout: "prettier" | "compact";
}

/** What the project's formatter config says; every field is optional and beats what the file shows. */
export type StyleOverrides = Partial<FileStyle>;

/** Prettier's and EditorConfig's default when neither the project nor the file says otherwise. */
export const defaultPrintWidth = 100;

const cache = new WeakMap<ts.SourceFile, { overrides: StyleOverrides | undefined; style: FileStyle }>();

export function fileStyle(t: TS, sourceFile: ts.SourceFile, overrides?: StyleOverrides): FileStyle {
  const cached = cache.get(sourceFile);
  if (cached && (overrides === undefined || cached.overrides === overrides)) return cached.style;
  const detected: FileStyle = {
    quote: detectQuote(t, sourceFile),
    semicolons: detectSemicolons(t, sourceFile),
    indentUnit: detectIndent(t, sourceFile),
    printWidth: defaultPrintWidth,
    arrowParens: detectArrowParens(t, sourceFile),
    bracketSpacing: detectBracketSpacing(t, sourceFile),
    trailingCommas: detectTrailingCommas(sourceFile),
    layout: detectLayout(sourceFile),
  };
  const style = { ...detected, ...definedOnly(overrides) };
  cache.set(sourceFile, { overrides, style });
  return style;
}

/** A string literal in the file's quote style, switching quotes rather than escaping when it can. */
export function quote(value: string, style: FileStyle): string {
  const other = style.quote === '"' ? "'" : '"';
  const q = value.includes(style.quote) && !value.includes(other) ? other : style.quote;
  const escaped = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").split(q).join(`\\${q}`);
  return `${q}${escaped}${q}`;
}

export function semi(style: FileStyle): string {
  return style.semicolons ? ";" : "";
}

/** `{ inner }` or `{inner}`, as the file writes braces. */
export function braces(inner: string, style: FileStyle): string {
  return style.bracketSpacing ? `{ ${inner} }` : `{${inner}}`;
}

export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** The leading whitespace of the line that holds `pos`. */
export function indentAt(text: string, pos: number): string {
  const start = lineStartOf(text, pos);
  let end = start;
  while (text[end] === " " || text[end] === "\t") end++;
  return text.slice(start, end);
}

/** Whether only whitespace precedes `pos` on its line. */
export function startsLine(text: string, pos: number): boolean {
  return text.slice(lineStartOf(text, pos), pos).trim() === "";
}

/** The display width of a line, tabs counted as the file's indentation unit. */
export function lineWidth(line: string, style: FileStyle): number {
  const tab = style.indentUnit === "\t" ? 2 : style.indentUnit.length;
  return line.replace(/\t/g, " ".repeat(tab)).length;
}

/**
 * Whether the code after `pos` (past blanks and comments) starts with a token that would continue
 * an expression ending just before it: `(`, `[`, a template literal, `+`, `-`, `/`, `<`. A line
 * inserted there without `;` would swallow it (the ASI hazards of files without semicolons).
 */
export function continuesStatement(text: string, pos: number): boolean {
  let i = pos;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? "")) i++;
    if (text.startsWith("//", i)) {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? text.length : eol;
    } else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      i = close === -1 ? text.length : close + 2;
    } else {
      break;
    }
  }
  return /^[[(`+\-/<]/.test(text.slice(i, i + 1));
}

function definedOnly(overrides: StyleOverrides | undefined): StyleOverrides {
  return Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined));
}

function detectQuote(t: TS, sourceFile: ts.SourceFile): '"' | "'" {
  const first = (node: ts.Node | undefined): '"' | "'" | undefined => {
    const char = node && t.isStringLiteral(node) ? sourceFile.text[node.getStart(sourceFile)] : undefined;
    return char === "'" || char === '"' ? char : undefined;
  };
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) || t.isExportDeclaration(statement)) {
      const found = first(statement.moduleSpecifier);
      if (found) return found;
    }
  }
  let single = 0;
  let double = 0;
  const visit = (node: ts.Node): void => {
    const found = first(node);
    if (found === "'") single++;
    else if (found === '"') double++;
    if (single + double < 20) t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return single > double ? "'" : '"';
}

function detectSemicolons(t: TS, sourceFile: ts.SourceFile): boolean {
  let withSemi = 0;
  let without = 0;
  const visit = (node: ts.Node): void => {
    if (
      t.isExpressionStatement(node) ||
      t.isVariableStatement(node) ||
      t.isImportDeclaration(node) ||
      t.isReturnStatement(node) ||
      t.isPropertyDeclaration(node)
    ) {
      if (sourceFile.text[node.end - 1] === ";") withSemi++;
      else without++;
    }
    if (withSemi + without < 50) t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return withSemi >= without;
}

/** The step between a block's line and its first statement's line, the first time the file shows one. */
function detectIndent(t: TS, sourceFile: ts.SourceFile): string {
  const text = sourceFile.text;
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    const children = t.isBlock(node) || t.isSourceFile(node) ? node.statements : t.isClassLike(node) ? node.members : undefined;
    const child = children?.[0];
    if (child && !t.isSourceFile(node)) {
      const outer = indentAt(text, node.getStart(sourceFile));
      const inner = indentAt(text, child.getStart(sourceFile));
      if (startsLine(text, child.getStart(sourceFile)) && inner.length > outer.length && inner.startsWith(outer)) {
        found = inner.slice(outer.length);
        return;
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found ?? "  ";
}

/** "avoid" when the file's single-parameter arrows are mostly written `x =>`. */
function detectArrowParens(t: TS, sourceFile: ts.SourceFile): "always" | "avoid" {
  let bare = 0;
  let parenthesized = 0;
  const visit = (node: ts.Node): void => {
    if (t.isArrowFunction(node) && node.parameters.length === 1) {
      const parameter = node.parameters[0]!;
      const plain = t.isIdentifier(parameter.name) && !parameter.type && !parameter.initializer && !parameter.dotDotDotToken;
      if (plain) {
        if (node.getChildren(sourceFile).some((child) => child.kind === t.SyntaxKind.OpenParenToken)) parenthesized++;
        else bare++;
      }
    }
    if (bare + parenthesized < 20) t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return bare > parenthesized ? "avoid" : "always";
}

/** false when the file's one-line braces (imports, object literals) are mostly written `{x}`. */
function detectBracketSpacing(t: TS, sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text;
  let tight = 0;
  let spaced = 0;
  const visit = (node: ts.Node): void => {
    if ((t.isNamedImports(node) || t.isObjectLiteralExpression(node)) && node.getText(sourceFile).length > 2) {
      const start = node.getStart(sourceFile);
      const body = text.slice(start, node.end);
      if (!body.includes("\n")) {
        if (body[1] === " ") spaced++;
        else tight++;
      }
    }
    if (tight + spaced < 20) t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return spaced >= tight;
}

/** Whether the file ends multi-line argument lists with a comma (Prettier's "all", its default since 3.0). */
function detectTrailingCommas(sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text;
  const withComma = (text.match(/,\n\s*\)/g) ?? []).length;
  const without = (text.match(/[^,(\s]\n\s*\)/g) ?? []).length;
  return withComma >= without;
}

/**
 * "compact" when the file already closes a multi-line function argument and passes an object on
 * the same line (`}, { once: true });`), which Prettier never prints; else Prettier's layout, the
 * one most TypeScript projects are formatted with.
 */
function detectLayout(sourceFile: ts.SourceFile): "prettier" | "compact" {
  return /\n[ \t]*\}\)?, \{[^\n]*\}\);?[ \t]*(\n|$)/.test(sourceFile.text) ? "compact" : "prettier";
}
