// A promise taken out of a collection (`queue.shift()`, `pending[i]`, `inFlight.get(key)`) is work
// somebody started and stored earlier: the rules still report the dropped value, but the fix must
// neither await it (it may settle only after this line, or be this very function's own promise)
// nor spawn it (its owner already holds it).
import type * as ts from "typescript";
import { originOf } from "../describe.js";
import type { AnalysisContext } from "../types.js";

/** Array methods that hand back stored elements. */
const takers = new Set(["shift", "pop", "at", "splice"]);
const maps = new Set(["Map", "ReadonlyMap", "WeakMap"]);

/** The retrieval at the root of `work` (through `.then/.catch/.finally`), as source text. */
export function retrievedPromise(ctx: AnalysisContext, work: ts.Expression): string | undefined {
  const t = ctx.ts;
  const node = originOf(ctx, work);
  if (t.isElementAccessExpression(node)) return node.getText(ctx.sourceFile);
  if (!t.isCallExpression(node) || !t.isPropertyAccessExpression(node.expression)) return undefined;
  const name = node.expression.name.text;
  // `get` is also every HTTP client's verb: only a Map's `get` (the checker says so) retrieves.
  const symbol = name === "get" ? ctx.checker?.getTypeAtLocation(node.expression.expression).getSymbol() : undefined;
  const retrieves = takers.has(name) || (symbol !== undefined && maps.has(symbol.name));
  return retrieves ? node.getText(ctx.sourceFile) : undefined;
}
