// Which stop the owner gets: `shutdown()` closes its set for good, `drain()` waits and keeps it
// open. An owner that can still spawn after its stop needs `drain()`: with `shutdown()` such a spawn
// throws TaskSetClosedError where the call used to work.
import type * as ts from "typescript";
import { analyzeSourceFile } from "../analyze.js";
import { hasModifier, propertyNameText } from "../syntax.js";
import type { AnalysisContext, Finding, TS } from "../types.js";
import { decide } from "./decide.js";
import type { Owner } from "./owner.js";

type ClassOwner = Extract<Owner, { kind: "class" }>;

const kinds = new WeakMap<ts.ClassLikeDeclaration, "shutdown" | "drain">();
const findingsOf = new WeakMap<ts.SourceFile, Finding[]>();

/**
 * `drain` when the owner can be opened again, its handlers or timers can fire after the stop, or
 * a call after the stop can reach a spawn: a site the fix spawns into this set from an instance
 * member other than the constructor and the lifecycle methods. A private one counts too: public
 * methods, arrow fields and timers reach it (`setTimeout(this.onUpdate)`).
 */
export function stopKind(ctx: AnalysisContext, owner: ClassOwner): "shutdown" | "drain" {
  if (owner.reopenable) return "drain";
  let kind = kinds.get(owner.home);
  if (kind === undefined) {
    kind = fileFindings(ctx).some((finding) => spawnsFromOutside(ctx, finding, owner)) ? "drain" : "shutdown";
    kinds.set(owner.home, kind);
  }
  return kind;
}

function spawnsFromOutside(ctx: AnalysisContext, finding: Finding, owner: ClassOwner): boolean {
  if (!inCallableMember(ctx.ts, finding.node, owner.lifecycle)) return false;
  const decision = decide(ctx, finding);
  return decision.fix === "spawn" && decision.owner.kind === "class" && decision.owner.home === owner.home;
}

/** The site sits in an instance method, accessor or arrow field that is not one of the lifecycle methods. */
function inCallableMember(t: TS, node: ts.Node, lifecycle: ReadonlySet<string>): boolean {
  for (let current = node; current.parent; current = current.parent) {
    if (!t.isClassLike(current.parent)) continue;
    const member = current as ts.ClassElement;
    if (!(t.isMethodDeclaration(member) || t.isPropertyDeclaration(member) || t.isAccessor(member))) return false;
    if (hasModifier(t, member, t.SyntaxKind.StaticKeyword)) return false;
    return !lifecycle.has(propertyNameText(t, member.name) ?? "");
  }
  return false;
}

function fileFindings(ctx: AnalysisContext): Finding[] {
  let findings = findingsOf.get(ctx.sourceFile);
  if (!findings) {
    findings = analyzeSourceFile(ctx, ["no-floating-task", "no-dangling-task", "no-floating-callback"]);
    findingsOf.set(ctx.sourceFile, findings);
  }
  return findings;
}
