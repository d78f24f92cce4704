// The one fix planner: ESLint suggestions show `planFixes`, the codemod applies `planFileEdits`.
// Every position refers to the original text; nothing here edits anything.
import type * as ts from "typescript";
import type { AnalysisContext, Finding, FixPlan, ManualStep, TextEdit, TS } from "../types.js";
import { combineEdits } from "./apply.js";
import { callbackSiteName, calleeName } from "./names.js";
import { classSet, hasModifier, moduleSet, shutdownEdits, type SetTarget } from "./scaffold.js";
import { awaitSite, trackSite } from "./site.js";

/** The edits the codemod applies to one file, merged from every finding's track plan. */
export interface FileEdits {
  readonly edits: TextEdit[];
  readonly manualSteps: ManualStep[];
  /** Findings whose site was rewritten. */
  readonly rewritten: number;
}

/**
 * The ways to fix one finding, best first: `track` (spawn it in a `TaskSet`) whenever that is safe,
 * then `await` when the site sits directly in an async function or method body (not a constructor).
 */
export function planFixes(ctx: AnalysisContext, finding: Finding): FixPlan[] {
  const plans: FixPlan[] = [];
  const track = planTrack(ctx, finding);
  if (track.plan) plans.push(track.plan);
  const awaited = planAwait(ctx, finding);
  if (awaited) plans.push(awaited);
  // One edit per offset, so ESLint's own ordering of a suggestion's fixes cannot differ from ours.
  return plans.map((plan) => ({ ...plan, edits: combineEdits(plan.edits) }));
}

/**
 * Every finding's track plan for one file, merged: identical scaffolding edits (the same field or
 * import wanted by several sites) appear once, and a plan whose edits would overlap an earlier,
 * enclosing one is skipped and reported as a manual step instead. Site edits are narrow insertions,
 * so this only happens to a site inside the parameters of a rewritten callback (a default value):
 * they move to the new outer arrow as they are, and the next run rewrites the site there.
 */
export function planFileEdits(ctx: AnalysisContext, findings: readonly Finding[]): FileEdits {
  const { sourceFile } = ctx;
  // Outer findings first: an enclosing rewrite wins over one nested in its text.
  const ordered = [...findings].sort(
    (a, b) => a.target.getStart(sourceFile) - b.target.getStart(sourceFile) || b.target.end - a.target.end,
  );
  const edits: TextEdit[] = [];
  const seenEdits = new Set<string>();
  const manualSteps: ManualStep[] = [];
  const seenSteps = new Set<string>();
  const addSteps = (steps: readonly ManualStep[]): void => {
    for (const step of steps) {
      const key = `${step.pos}\0${step.message}`;
      if (!seenSteps.has(key)) {
        seenSteps.add(key);
        manualSteps.push(step);
      }
    }
  };
  let rewritten = 0;
  for (const finding of ordered) {
    const { plan, manualSteps: steps } = planTrack(ctx, finding);
    addSteps(steps);
    if (!plan) continue;
    const fresh = plan.edits.filter((edit) => !seenEdits.has(editKey(edit)));
    if (fresh.some((edit) => edits.some((other) => overlaps(edit, other)))) {
      addSteps([{ pos: finding.node.getStart(sourceFile), message: "This site overlaps another rewrite: run `taskguard fix` again to rewrite it." }]);
      continue;
    }
    for (const edit of fresh) {
      seenEdits.add(editKey(edit));
      edits.push(edit);
    }
    addSteps(plan.manualSteps);
    if (finding.kind !== "missingShutdown") rewritten++;
  }
  return { edits: combineEdits(edits), manualSteps, rewritten };
}

function planTrack(ctx: AnalysisContext, finding: Finding): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  const t = ctx.ts;
  const { sourceFile } = ctx;
  if (finding.kind === "missingModuleShutdown") {
    const name = finding.data.name ?? "tasks";
    const message = `\`${name}\` is never shut down: hand it to installShutdownHooks(${name}) or await \`${name}.shutdown()\` in your teardown.`;
    return { manualSteps: [{ pos: finding.node.getStart(sourceFile), message }] };
  }
  if (finding.kind === "missingShutdown") return planShutdown(ctx, finding);

  const owner = ownerClass(t, finding.target);
  const set: SetTarget = owner ? classSet(ctx, owner) : moduleSet(ctx);
  const name = siteName(t, finding);
  const site = trackSite(ctx, finding, set.ref, name);
  if ("manualStep" in site) return { manualSteps: [site.manualStep] };
  return {
    // Scaffolding first: with no imports, the import and the module-level set are inserted where the
    // first statement starts, and must come before that statement's own rewrite.
    plan: { strategy: "track", description: `Track it in \`${set.ref}\`.`, edits: [...set.edits, ...site.edits], manualSteps: set.manualSteps },
    manualSteps: [],
  };
}

function planAwait(ctx: AnalysisContext, finding: Finding): FixPlan | undefined {
  if (finding.kind !== "floating" && finding.kind !== "floatingVoid" && finding.kind !== "dangling") return undefined;
  const fn = enclosingFunction(ctx.ts, finding.node);
  if (!fn || ctx.ts.isConstructorDeclaration(fn) || !hasModifier(ctx.ts, fn, ctx.ts.SyntaxKind.AsyncKeyword)) return undefined;
  const edits = awaitSite(ctx, finding);
  return edits && { strategy: "await", description: "Await it.", edits, manualSteps: [] };
}

/** A class's set that is never shut down: add the `await` to its async lifecycle method. */
function planShutdown(ctx: AnalysisContext, finding: Finding): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  const t = ctx.ts;
  const declaration = finding.target;
  const cls = declaration.parent;
  if (!t.isPropertyDeclaration(declaration) || !cls || !t.isClassLike(cls)) {
    return { manualSteps: [{ pos: finding.node.getStart(ctx.sourceFile), message: "Shut this TaskSet down when its owner stops." }] };
  }
  const ref = `this.${declaration.name.getText(ctx.sourceFile)}`;
  const { edits, manualSteps } = shutdownEdits(ctx, cls, ref);
  if (edits.length === 0) return { manualSteps };
  return { plan: { strategy: "track", description: `Await \`${ref}.shutdown()\` when the object stops.`, edits, manualSteps }, manualSteps: [] };
}

/** The class whose instance `this` is at the site, if any (arrows keep it, other functions do not). */
function ownerClass(t: TS, node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isArrowFunction(current)) continue;
    if (t.isClassStaticBlockDeclaration(current)) return undefined;
    if (t.isFunctionLike(current) || t.isPropertyDeclaration(current)) {
      const parent = current.parent;
      const isInstanceMember = parent && t.isClassLike(parent) && !hasModifier(t, current, t.SyntaxKind.StaticKeyword);
      return isInstanceMember ? parent : undefined;
    }
  }
  return undefined;
}

function enclosingFunction(t: TS, node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (t.isFunctionLike(current)) return current;
    if (t.isClassStaticBlockDeclaration(current) || t.isPropertyDeclaration(current)) return undefined;
  }
  return undefined;
}

function siteName(t: TS, finding: Finding): string {
  if (finding.kind === "floatingCallback") return callbackSiteName(t, finding.target) ?? finding.data.name ?? "callback";
  const target = finding.target;
  const expression = t.isVariableDeclaration(target) ? target.initializer : t.isVoidExpression(target) ? target.expression : target;
  return (expression && t.isExpression(expression) ? calleeName(t, expression) : undefined) ?? finding.data.name ?? "task";
}

function editKey(edit: TextEdit): string {
  return `${edit.start}:${edit.end}:${edit.text}`;
}

/** Insertions at one point never overlap; an insertion strictly inside a replaced range does. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}
