// The transform: one file's findings, and its new text. Analyse first, edit after: every edit is
// planned on the original text and applied in a single splice.
import { analyzeSourceFile, applyEdits, planFileEdits, type AnalysisContext, type Finding, type PlanOptions, type RuleName } from "eslint-plugin-taskguard/analysis";

/** The rules `taskguard check` reports and `taskguard fix` rewrites: the recommended set. */
export const recommendedRules: readonly RuleName[] = ["no-floating-task", "no-dangling-task", "no-floating-callback", "require-task-shutdown"];

export interface Located {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The site the message opens with, when it does (see ManualStep). */
  readonly site?: string;
}

export interface FileFix {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly rewritten: number;
  readonly manualSteps: readonly Located[];
}

export function checkFile(ctx: AnalysisContext, rules: readonly RuleName[] = recommendedRules): Finding[] {
  return analyzeSourceFile(ctx, rules);
}

/** The file's text with every safe rewrite of `findings` applied, and what is left to do by hand. */
export function fixFile(ctx: AnalysisContext, findings: readonly Finding[] = checkFile(ctx), options: PlanOptions = {}): FileFix {
  const { edits, manualSteps, rewritten } = planFileEdits(ctx, findings, options);
  const text = edits.length ? applyEdits(ctx.sourceFile.text, edits) : ctx.sourceFile.text;
  const located = manualSteps
    .map((step) => ({ ...lineAndColumn(ctx, step.pos), message: step.message, ...(step.site === undefined ? {} : { site: step.site }) }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return { text, findings, rewritten, manualSteps: located };
}

export function lineAndColumn(ctx: AnalysisContext, pos: number): { line: number; column: number } {
  const { line, character } = ctx.sourceFile.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}
