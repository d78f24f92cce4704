// Branches that cannot run: the right of `c || p` when `c` is always truthy, of `false && p`, of
// `c ?? p` when `c` is never nullish. A promise there never starts, so nothing floats.
import type * as ts from "typescript";
import { findValueDeclaration } from "./scope.js";
import { skipOuter } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

type Constant = "truthy" | "falsy" | "nullish" | "non-nullish";

/** Whether the right operand of `left <operator> …` can never be evaluated. */
export function rightNeverRuns(ctx: AnalysisContext, operator: ts.SyntaxKind, left: ts.Expression): boolean {
  const k = ctx.ts.SyntaxKind;
  const skips: readonly Constant[] =
    operator === k.BarBarToken ? ["truthy"] : operator === k.AmpersandAmpersandToken ? ["falsy", "nullish"] : operator === k.QuestionQuestionToken ? ["truthy", "falsy", "non-nullish"] : [];
  if (skips.length === 0) return false;
  const syntactic = ctx.checker ? undefined : syntaxConstant(ctx, left, 0);
  const constants = ctx.checker ? typeConstants(ctx, leftType(ctx, ctx.checker, left)) : syntactic && [syntactic];
  // Every value the left side can have skips the right side.
  return constants !== undefined && constants.length > 0 && constants.every((constant) => skips.includes(constant));
}

/**
 * A property's declared type, not the type narrowed at this point: narrowing trusts that nothing
 * reset `this.pending` since the last assignment, which a call in between may well have done. A
 * local's narrowed type (`let c = false; c && load()`): within its function only assignments
 * change it, and TypeScript follows them.
 */
function leftType(ctx: AnalysisContext, checker: ts.TypeChecker, expr: ts.Expression): ts.Type {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  const symbol = t.isPropertyAccessExpression(inner) ? checker.getSymbolAtLocation(inner) : undefined;
  return symbol ? checker.getTypeOfSymbol(symbol) : checker.getTypeAtLocation(expr);
}

/** What each value of the type is: objects are truthy, `null`/`undefined` nullish, `string` either but never nullish; undefined when a part could be anything. */
function typeConstants(ctx: AnalysisContext, type: ts.Type): Constant[] | undefined {
  const f = ctx.ts.TypeFlags;
  const seen = new Set<Constant>();
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & (f.Null | f.Undefined | f.Void)) seen.add("nullish");
    else if (part.flags & (f.Object | f.NonPrimitive | f.ESSymbolLike)) seen.add("truthy");
    else if (part.isLiteral()) seen.add(isFalsyLiteral(part.value) ? "falsy" : "truthy");
    else if (part.flags & f.BooleanLiteral) seen.add((part as { intrinsicName?: string }).intrinsicName === "false" ? "falsy" : "truthy");
    else if (part.flags & (f.StringLike | f.NumberLike | f.BigIntLike | f.BooleanLike | f.EnumLike)) seen.add("non-nullish");
    // `any`, `unknown`, a type parameter: could be anything.
    else return undefined;
  }
  return [...seen];
}

function isFalsyLiteral(value: string | number | ts.PseudoBigInt): boolean {
  return value === "" || value === 0 || (typeof value === "object" && value.base10Value === "0");
}

/** Syntactic mode: literals, object-creating expressions, and `const`s bound to one. */
function syntaxConstant(ctx: AnalysisContext, expr: ts.Expression, depth: number): Constant | undefined {
  const t = ctx.ts;
  const inner = skipOuter(t, expr);
  const k = t.SyntaxKind;
  if (inner.kind === k.TrueKeyword) return "truthy";
  if (inner.kind === k.FalseKeyword) return "falsy";
  if (inner.kind === k.NullKeyword || t.isVoidExpression(inner)) return "nullish";
  if (t.isIdentifier(inner) && inner.text === "undefined" && !findValueDeclaration(t, inner, "undefined")) return "nullish";
  if (t.isStringLiteralLike(inner) || t.isNumericLiteral(inner)) return isFalsyLiteral(t.isNumericLiteral(inner) ? Number(inner.text) : inner.text) ? "falsy" : "truthy";
  if (
    t.isNewExpression(inner) ||
    t.isObjectLiteralExpression(inner) ||
    t.isArrayLiteralExpression(inner) ||
    t.isArrowFunction(inner) ||
    t.isFunctionExpression(inner) ||
    t.isClassExpression(inner)
  ) {
    return "truthy";
  }
  if (!t.isIdentifier(inner) || depth > 4) return undefined;
  const declaration = findValueDeclaration(t, inner, inner.text);
  if (declaration && (t.isFunctionDeclaration(declaration) || t.isClassDeclaration(declaration))) return "truthy";
  const isConst =
    declaration !== undefined && t.isVariableDeclaration(declaration) && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0;
  return isConst && declaration.initializer ? syntaxConstant(ctx, declaration.initializer, depth + 1) : undefined;
}
