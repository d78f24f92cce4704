// The file's own habits (quotes, semicolons, indentation), read once so every inserted line
// looks like its neighbours.
import type * as ts from "typescript";
import type { TS } from "../types.js";

export interface FileStyle {
  readonly quote: '"' | "'";
  readonly semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  readonly indentUnit: string;
}

const cache = new WeakMap<ts.SourceFile, FileStyle>();

export function fileStyle(t: TS, sourceFile: ts.SourceFile): FileStyle {
  let style = cache.get(sourceFile);
  if (!style) {
    style = { quote: detectQuote(t, sourceFile), semicolons: detectSemicolons(t, sourceFile), indentUnit: detectIndent(t, sourceFile) };
    cache.set(sourceFile, style);
  }
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
