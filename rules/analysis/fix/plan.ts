// The one fix planner: ESLint suggestions show `planFixes`, the codemod applies `planFileEdits`.
// Both ask the decision table (decide.ts) for the fix, so an editor and the codemod never
// disagree. Every position refers to the original text; nothing here edits anything.
import type * as ts from "typescript";
import type { AnalysisContext, Finding, FixPlan, ManualStep, TextEdit } from "../types.js";
import { combineEdits } from "./apply.js";
import { decide, siteWork } from "./decide.js";
import { callbackSiteName, calleeName } from "./names.js";
import { commonJsReason } from "./module-format.js";
import { className, enclosingName, hasModuleSet, ownerClass, siteOwner, type Owner } from "./owner.js";
import { classSet, moduleSet, stopEdits, type SetTarget } from "./scaffold.js";
import { stopKind } from "./stop-kind.js";
import { awaitAllSite, awaitMapSite, awaitSite, dropAsyncSite, trackSite, type SiteRewrite } from "./site.js";
import { fileStyle, type StyleOverrides } from "./style.js";

/** What the caller knows about the project that the file alone does not say. */
export interface PlanOptions {
  /** The project's formatter settings (Prettier config, EditorConfig); the file's own habits otherwise. */
  readonly style?: StyleOverrides;
  /** The project's compiler options: whether a CommonJS file may import the ESM-only runtime. */
  readonly compilerOptions?: ts.CompilerOptions;
}

/** The edits the codemod applies to one file, merged from every finding's plan. */
export interface FileEdits {
  readonly edits: TextEdit[];
  readonly manualSteps: ManualStep[];
  /** Findings whose site was rewritten. */
  readonly rewritten: number;
}

/** The fix the decision table picks for one finding, as an ESLint suggestion; none when it is a manual step. */
export function planFixes(ctx: AnalysisContext, finding: Finding, options: PlanOptions = {}): FixPlan[] {
  fileStyle(ctx.ts, ctx.sourceFile, options.style);
  const { plan } = planFinding(ctx, finding, options);
  // One edit per offset, so ESLint's own ordering of a suggestion's fixes cannot differ from ours.
  return plan ? [{ ...plan, edits: combineEdits(plan.edits) }] : [];
}

/**
 * Every finding's plan for one file, merged: identical scaffolding edits (the same field or
 * import wanted by several sites) appear once, and a plan whose edits would overlap an earlier,
 * enclosing one is skipped and reported as a manual step instead. Site edits are narrow insertions,
 * so this only happens to a site inside the parameters of a rewritten callback (a default value):
 * they move to the new outer arrow as they are, and the next run rewrites the site there.
 */
export function planFileEdits(ctx: AnalysisContext, findings: readonly Finding[], options: PlanOptions = {}): FileEdits {
  const { sourceFile } = ctx;
  fileStyle(ctx.ts, sourceFile, options.style);
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
    const { plan, manualSteps: steps } = planFinding(ctx, finding, options);
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

/** The decided fix for one finding as edits, or the manual step that says why there is none. */
function planFinding(ctx: AnalysisContext, finding: Finding, options: PlanOptions): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  const { sourceFile } = ctx;
  const step = (message: string, pos = finding.node.getStart(sourceFile)) => ({ manualSteps: [{ pos, message }] });
  if (finding.kind === "missingModuleShutdown") {
    const name = finding.data.name ?? "tasks";
    return step(`\`${name}\` is never shut down: hand it to installShutdownHooks(${name}) or await \`${name}.shutdown()\` in your teardown.`);
  }
  if (finding.kind === "missingShutdown") return planShutdown(ctx, finding);
  if (finding.kind === "floatingAwaitedArray") return fromSite(awaitArraySite(ctx, finding), "await", "Await every promise in it with `Promise.all(…)`.");
  if (finding.kind === "floatingOverride") {
    return step(
      `\`${finding.data.name ?? "This method"}\` is async but overrides a method that returns void, so its callers drop the promise: catch and report its errors inside it, or make the base method return the promise.`,
    );
  }

  const decision = decide(ctx, finding);
  switch (decision.fix) {
    case "manual": {
      const site = siteLabel(ctx, finding);
      // Where the step asks for a new set, a CommonJS file cannot import it (TS1479): say so too.
      const commonJs = decision.newSet ? commonJsReason(ctx, options.compilerOptions) : undefined;
      const format = commonJs ? ` This file is CommonJS (${commonJs}) and taskguard is ESM-only: create that set in an ES module and hand it in.` : "";
      return { manualSteps: [{ pos: finding.node.getStart(sourceFile), site, message: `${site}: ${decision.reason[0]!.toLowerCase()}${decision.reason.slice(1)}${format}` }] };
    }
    case "await":
      return fromSite(awaitSite(ctx, finding, siteName(ctx, finding)), "await", "Await it.");
    case "awaitAll":
      return fromSite(awaitAllSite(ctx, finding, decision.loop), "await", "Collect the promises started in the loop and await them all after it.");
    case "awaitMap":
      return fromSite(awaitMapSite(ctx, decision.call), "await", "Await every call with `await Promise.all(xs.map(…))`.");
    case "dropAsync":
      return fromSite(dropAsyncSite(ctx, decision.fn), "track", decision.why);
    case "spawn":
      return planSpawn(ctx, finding, decision.owner, options);
  }
}

function planSpawn(ctx: AnalysisContext, finding: Finding, owner: Exclude<Owner, { kind: "none" }>, options: PlanOptions): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  const t = ctx.ts;
  const pos = finding.node.getStart(ctx.sourceFile);
  const commonJs = commonJsReason(ctx, options.compilerOptions);
  if (commonJs && (owner.kind === "class" ? !owner.existing : !hasModuleSet(ctx))) {
    const site = siteLabel(ctx, finding);
    const message = `${site}: this file is CommonJS (${commonJs}) and taskguard is ESM-only, so TypeScript rejects an import of its TaskSet here (TS1479): make the file an ES module (\`.mts\`, or \`"type": "module"\` in its package.json), or create the set in an ES module and hand it in, then run the fix again.`;
    return { manualSteps: [{ pos, site, message }] };
  }
  let set: SetTarget;
  if (owner.kind === "class") {
    const work = finding.kind === "floatingCallback" ? "promise" : (siteWork(t, finding) ?? "promise");
    const target = classSet(ctx, owner, work);
    if ("refused" in target) return { manualSteps: [{ pos, message: target.refused }] };
    set = target;
  } else {
    set = moduleSet(ctx);
  }
  const site = trackSite(ctx, finding, set.ref, taskName(ctx, finding));
  if ("manualStep" in site) return { manualSteps: [site.manualStep] };
  return {
    // Scaffolding first: with no imports, the import and the module-level set are inserted where the
    // first statement starts, and must come before that statement's own rewrite.
    plan: { strategy: "track", description: `Track it in \`${set.ref}\`.`, edits: [...set.edits, ...site.edits], manualSteps: set.manualSteps },
    manualSteps: [],
  };
}

function fromSite(site: SiteRewrite, strategy: FixPlan["strategy"], description: string): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  if ("manualStep" in site) return { manualSteps: [site.manualStep] };
  return { plan: { strategy, description, edits: site.edits, manualSteps: [] }, manualSteps: [] };
}

/** `await xs.map(…)` awaits the array: `await Promise.all(xs.map(…))` awaits its promises. */
function awaitArraySite(ctx: AnalysisContext, finding: Finding): SiteRewrite {
  const start = finding.target.getStart(ctx.sourceFile);
  return {
    edits: [
      { start, end: start, text: "Promise.all(" },
      { start: finding.target.end, end: finding.target.end, text: ")" },
    ],
  };
}

/** A class's set that is never shut down: add the stop to its async lifecycle method. */
function planShutdown(ctx: AnalysisContext, finding: Finding): { plan?: FixPlan; manualSteps: readonly ManualStep[] } {
  const t = ctx.ts;
  const declaration = finding.target;
  const cls = declaration.parent;
  const pos = finding.node.getStart(ctx.sourceFile);
  if (!t.isPropertyDeclaration(declaration) || !cls || !t.isClassLike(cls)) {
    return { manualSteps: [{ pos, message: "Shut this TaskSet down when its owner stops." }] };
  }
  const ref = `this.${declaration.name.getText(ctx.sourceFile)}`;
  const owner = declaration.initializer ? siteOwner(ctx, declaration.initializer) : undefined;
  if (!owner || owner.kind !== "class" || owner.home !== cls) {
    const reason = owner?.kind === "none" ? owner.reason : `\`${className(t, cls)}\` has no async stop/close/dispose method: add one that awaits \`${ref}.shutdown()\`.`;
    return { manualSteps: [{ pos, message: reason }] };
  }
  const { edits, manualSteps } = stopEdits(ctx, owner, ref);
  if (edits.length === 0) return { manualSteps };
  return { plan: { strategy: "track", description: `Await \`${ref}.${stopKind(ctx, owner)}()\` when the object stops.`, edits, manualSteps }, manualSteps: [] };
}

/** A name that identifies the site in a shutdown report: `Queue.retry`, `stream.on('close')`, `Queue retry timer`. */
function siteName(ctx: AnalysisContext, finding: Finding): string {
  const t = ctx.ts;
  const cls = ownerClass(t, finding.node);
  const owner = cls ? className(t, cls) : undefined;
  if (finding.kind === "floatingCallback" || finding.kind === "floatingReturnedCallback") {
    return callbackSiteName(t, finding.target, owner) ?? finding.data.name ?? "callback";
  }
  const work = siteWork(t, finding);
  const name = work ? calleeName(t, work, owner) : undefined;
  if (name) return name;
  // An async IIFE is named after where it starts; other expressions after what the analysis saw.
  const iife = work && t.isCallExpression(work) && /^\(*(async\b|function\b)/.test(work.expression.getText(ctx.sourceFile));
  return (iife ? enclosingName(t, finding.node) : finding.data.name) ?? enclosingName(t, finding.node) ?? "task";
}

/** The spawned task's name: the site's, except that `Promise.resolve().then(…)` is named after the function it starts in. */
function taskName(ctx: AnalysisContext, finding: Finding): string {
  const name = siteName(ctx, finding);
  return /^Promise\b/.test(name) ? (enclosingName(ctx.ts, finding.node) ?? name) : name;
}

/** "`rag.initialize` in `SimpleLabRAG constructor`": which site a manual step is about. */
function siteLabel(ctx: AnalysisContext, finding: Finding): string {
  const where = enclosingName(ctx.ts, finding.node);
  const what = `\`${siteName(ctx, finding)}\``;
  return where && where !== siteName(ctx, finding) ? `${what} in \`${where}\`` : what;
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
