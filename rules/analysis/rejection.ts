// What a promise's rejection meets: a handler that is surely there, or a function that cannot reject.
import type * as ts from "typescript";
import { findValueDeclaration } from "./scope.js";
import { isAsyncFunction, isFunctionExpressionLike, skipOuter } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

/**
 * A rejection handler argument that is surely a function. Not a literal (`undefined`, `null`, `3`,
 * `{}`), not `void`, not a value typed or declared as possibly missing (`onError?: …`), not behind a spread.
 */
export function isSureHandler(ctx: AnalysisContext, call: ts.CallExpression, index: number): boolean {
  const t = ctx.ts;
  if (call.arguments.slice(0, index + 1).some((arg) => t.isSpreadElement(arg))) return false;
  const arg = call.arguments[index];
  if (!arg) return false;
  const inner = skipOuter(t, arg);
  if (inner.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(inner) && inner.text === "undefined") || t.isVoidExpression(inner)) return false;
  if (isFunctionExpressionLike(t, inner)) return true;
  // `.catch(3)`, `.then(ok, "x")`: a value no call can be made with.
  if (t.isLiteralExpression(inner) || t.isTemplateExpression(inner) || t.isObjectLiteralExpression(inner) || t.isArrayLiteralExpression(inner)) return false;
  if (inner.kind === t.SyntaxKind.TrueKeyword || inner.kind === t.SyntaxKind.FalseKeyword) return false;
  if (ctx.checker) {
    const type = ctx.checker.getTypeAtLocation(inner);
    if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) return true;
    return (type.isUnion() ? type.types : [type]).every((part) => part.getCallSignatures().length > 0);
  }
  return !(t.isIdentifier(inner) && mayBeMissing(ctx, inner));
}

/** Syntactic mode: a parameter or variable declared optional, defaulting to `undefined`, or typed with `undefined`/`null`/`void`. */
function mayBeMissing(ctx: AnalysisContext, reference: ts.Identifier): boolean {
  const t = ctx.ts;
  const declaration = findValueDeclaration(t, reference, reference.text);
  if (!declaration || !(t.isParameter(declaration) || t.isVariableDeclaration(declaration))) return false;
  if (t.isParameter(declaration) && declaration.questionToken) return true;
  const init = declaration.initializer && skipOuter(t, declaration.initializer);
  if (init && (init.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(init) && init.text === "undefined"))) return true;
  return declaration.type !== undefined && typeAdmitsNothing(ctx, declaration.type);
}

function typeAdmitsNothing(ctx: AnalysisContext, type: ts.TypeNode): boolean {
  const t = ctx.ts;
  const k = t.SyntaxKind;
  if (t.isParenthesizedTypeNode(type)) return typeAdmitsNothing(ctx, type.type);
  if (t.isUnionTypeNode(type)) return type.types.some((part) => typeAdmitsNothing(ctx, part));
  if (t.isLiteralTypeNode(type)) return type.literal.kind === k.NullKeyword;
  return type.kind === k.UndefinedKeyword || type.kind === k.VoidKeyword;
}

/**
 * A call to an async function whose whole body is a `try` with a `catch` that neither rethrows nor
 * awaits: its promise always fulfils. Untracked still, but its error cannot crash the process.
 */
export function cannotReject(ctx: AnalysisContext, expr: ts.Expression): boolean {
  const t = ctx.ts;
  const call = skipOuter(t, expr);
  if (!t.isCallExpression(call)) return false;
  const fn = calledFunction(ctx, call);
  if (!fn || !isAsyncFunction(t, fn) || !fn.body || !t.isBlock(fn.body)) return false;
  const [only, ...rest] = fn.body.statements;
  if (!only || rest.length > 0 || !t.isTryStatement(only) || !only.catchClause) return false;
  return !throwsOrAwaits(ctx, only.catchClause.block) && (only.finallyBlock === undefined || !throwsOrAwaits(ctx, only.finallyBlock));
}

function calledFunction(ctx: AnalysisContext, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const t = ctx.ts;
  if (ctx.checker) {
    const declaration = ctx.checker.getResolvedSignature(call)?.getDeclaration();
    const isBodied = declaration !== undefined && (t.isFunctionDeclaration(declaration) || t.isMethodDeclaration(declaration) || isFunctionExpressionLike(t, declaration));
    return isBodied ? declaration : undefined;
  }
  const callee = skipOuter(t, call.expression);
  const declaration = t.isIdentifier(callee) ? findValueDeclaration(t, callee, callee.text) : undefined;
  if (!declaration) return undefined;
  if (t.isFunctionDeclaration(declaration)) return declaration;
  const init = t.isVariableDeclaration(declaration) && declaration.initializer ? skipOuter(t, declaration.initializer) : undefined;
  return init && isFunctionExpressionLike(t, init) ? init : undefined;
}

function throwsOrAwaits(ctx: AnalysisContext, block: ts.Block): boolean {
  const t = ctx.ts;
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false;
    if (t.isThrowStatement(node) || t.isAwaitExpression(node) || t.isYieldExpression(node)) return true;
    return t.forEachChild(node, visit) ?? false;
  };
  return visit(block);
}
