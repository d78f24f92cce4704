// Moving code one level deeper (into a spawned function, into a `try`) without leaving lines the
// project's formatter would refuse: every line start gets one more unit, except inside template
// literals, and a one-line call that the extra indent pushes past the print width is broken the
// way Prettier breaks it (each argument on a line of its own).
import type * as ts from "typescript";
import type { TextEdit, TS } from "../types.js";
import { type FileStyle, indentAt, lineWidth } from "./style.js";

export interface ReindentRange {
  /** The first line start to indent. */
  readonly from: number;
  /** Line starts at or past this are left alone. */
  readonly to: number;
  /** A span whose line starts stay as they are (a parameter list moved elsewhere as it is). */
  readonly kept?: readonly [number, number];
}

/** `unit` more at every line start in `range` inside `root`, with over-wide calls broken. */
export function reindent(t: TS, sourceFile: ts.SourceFile, root: ts.Node, unit: string, range: ReindentRange, style: FileStyle): TextEdit[] {
  const text = sourceFile.text;
  const templates: (readonly [number, number])[] = range.kept ? [range.kept] : [];
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isNoSubstitutionTemplateLiteral(node) || t.isTemplateExpression(node)) templates.push([node.getStart(sourceFile), node.end]);
    else {
      if (t.isExpressionStatement(node) && t.isCallExpression(node.expression)) calls.push(node.expression);
      t.forEachChild(node, visit);
    }
  };
  visit(root);
  const edits: TextEdit[] = [];
  for (let lineStart = range.from; lineStart < range.to; lineStart = text.indexOf("\n", lineStart) + 1) {
    if (text[lineStart] !== "\n" && text[lineStart] !== "\r" && !templates.some(([a, b]) => lineStart > a && lineStart < b)) {
      edits.push({ start: lineStart, end: lineStart, text: unit });
    }
    if (text.indexOf("\n", lineStart) === -1) break;
  }
  for (const call of calls) {
    const start = call.getStart(sourceFile);
    if (start < range.from || start >= range.to) continue;
    const broken = breakArguments(t, sourceFile, call, unit, style);
    if (broken) edits.push(broken);
  }
  return edits;
}

/**
 * `log(a, b);` alone on its line, one unit deeper, past the print width: `log(` / `a,` / `b,` / `);`
 * as Prettier prints it, when that fits. Only plain calls (a dotted callee, arguments that are not
 * functions or literals Prettier would hug), so the break is the one Prettier would make.
 */
function breakArguments(t: TS, sourceFile: ts.SourceFile, call: ts.CallExpression, unit: string, style: FileStyle): TextEdit | undefined {
  const text = sourceFile.text;
  const start = call.getStart(sourceFile);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", call.end) === -1 ? text.length : text.indexOf("\n", call.end);
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  if (text.slice(lineStart, start).trim() !== "" || line.includes("\n") || call.arguments.length === 0) return undefined;
  if (lineWidth(unit + line, style) <= style.printWidth) return undefined;
  if (!isDottedName(t, call.expression) || call.typeArguments || call.questionDotToken) return undefined;
  if (call.arguments.some((argument) => t.isFunctionLike(argument) || t.isObjectLiteralExpression(argument) || t.isArrayLiteralExpression(argument))) return undefined;
  const indent = indentAt(text, start) + unit;
  const inner = indent + style.indentUnit;
  const parts = call.arguments.map((argument) => argument.getText(sourceFile));
  if (parts.some((part) => lineWidth(`${inner}${part},`, style) > style.printWidth)) return undefined;
  const comma = style.trailingCommas ? "," : "";
  const open = call.arguments.pos;
  const close = call.arguments.end;
  if (text.slice(open, close).trim() !== parts.join(", ")) return undefined;
  return { start: open, end: close, text: `\n${inner}${parts.join(`,\n${inner}`)}${comma}\n${indent}` };
}

function isDottedName(t: TS, node: ts.Expression): boolean {
  if (t.isIdentifier(node) || node.kind === t.SyntaxKind.ThisKeyword) return true;
  return t.isPropertyAccessExpression(node) && !node.questionDotToken && isDottedName(t, node.expression);
}
