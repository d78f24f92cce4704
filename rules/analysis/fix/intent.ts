// An author's note that a call runs on its own on purpose (`// don't await`, `// in the background`,
// `// in the next microtask`, `// without blocking`, `// noinspection ES6MissingAwait`, or a log
// line just before it: `logger.debug("Processing in background")`): the fix never awaits such a site.
import type * as ts from "typescript";
import type { AnalysisContext, TS } from "../types.js";

const intent =
  /\b(?:don['’]?t|do not|never|no)\s+await\b|\bin\s+(?:the\s+)?background\b|\bfire[\s-]*(?:and|&|n)[\s-]*forget\b|\bstart(?:s|ed)?\s+(?:it\s+)?async\b|ES6MissingAwait|\bintentionally\s+(?:not\s+awaited|unawaited)\b|\bnot\s+awaited\s+(?:on purpose|intentionally)\b|no-floating-promises|\bnext\s+(?:micro)?task\b|\bnext\s+tick\b|\bwithout\s+(?:waiting|awaiting|blocking)\b|\b(?:don['’]?t|do not)\s+(?:wait|block)\b/i;

/** The intent note on the site's line, in the comment block right above it, or in the log line before it, trimmed. */
export function intentComment(ctx: AnalysisContext, site: ts.Node): string | undefined {
  const t = ctx.ts;
  const text = ctx.sourceFile.text;
  const statement = enclosingStatement(t, site);
  const leading = t.getLeadingCommentRanges(text, statement.pos) ?? [];
  // Only the block that touches the statement: a comment separated by a blank line is about something else.
  const above: ts.CommentRange[] = [];
  let next = statement.getStart(ctx.sourceFile);
  for (const range of [...leading].reverse()) {
    if (/\n[ \t]*\r?\n/.test(text.slice(range.end, next))) break;
    above.unshift(range);
    next = range.pos;
  }
  const trailing = t.getTrailingCommentRanges(text, statement.end) ?? [];
  const found = [...above, ...trailing].find((range) => intent.test(text.slice(range.pos, range.end)));
  const note = found ? text.slice(found.pos, found.end) : loggedBefore(ctx, statement);
  const comment = note?.replace(/\s+/g, " ").trim();
  // Quoted in a manual step: a long block comment is cut after its first 100 characters.
  return comment && comment.length > 100 ? `${comment.slice(0, 99)}…` : comment;
}

/** The statement the site belongs to: its comments are the site's. */
function enclosingStatement(t: TS, node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !t.isBlock(current.parent) && !t.isSourceFile(current.parent) && !t.isCaseOrDefaultClause(current.parent) && !t.isModuleBlock(current.parent)) {
    if (t.isFunctionLike(current.parent)) break;
    current = current.parent;
  }
  return current;
}

const logCall = /^(console|logger|log|this\.logger|this\.log)\.\w+$|(^|\.)(debug|info|trace|verbose)$/;

/** `logger.debug("… in background")` as the statement right before the site: its text. */
function loggedBefore(ctx: AnalysisContext, statement: ts.Node): string | undefined {
  const t = ctx.ts;
  const parent = statement.parent;
  const siblings = t.isBlock(parent) || t.isSourceFile(parent) || t.isCaseOrDefaultClause(parent) || t.isModuleBlock(parent) ? parent.statements : undefined;
  const previous = siblings?.[siblings.indexOf(statement as ts.Statement) - 1];
  if (!previous || !t.isExpressionStatement(previous) || !t.isCallExpression(previous.expression)) return undefined;
  const call = previous.expression;
  if (!logCall.test(call.expression.getText(ctx.sourceFile))) return undefined;
  const said = call.arguments.some((argument) => (t.isStringLiteralLike(argument) || t.isTemplateExpression(argument)) && intent.test(argument.getText(ctx.sourceFile)));
  return said ? previous.getText(ctx.sourceFile) : undefined;
}
