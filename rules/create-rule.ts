// `createRule` and the bridge every rule uses to run the shared analysis on ESLint's nodes:
// ESTree -> TypeScript node via parserServices, then a finding -> report with suggestions.
import { ESLintUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import * as ts from "typescript";
import { withCheckerFallback } from "./analysis/checker-fallback.js";
import { planFixes } from "./analysis/fix/plan.js";
import { docsUrl } from "./package-info.js";
import { defaultAnalysisOptions, type AnalysisContext, type AnalysisOptions, type Finding, type TextEdit } from "./analysis/types.js";

/** What every taskguard rule states in `meta.docs`; the configs are derived from it. */
export interface TaskguardRuleDocs {
  /** In `configs.recommended` (and so in every config). */
  readonly recommended: boolean;
  /** Options `configs["strict-type-checked"]` sets, if stricter than the defaults. */
  readonly strictOptions?: Readonly<Record<string, unknown>>;
}

export const createRule = ESLintUtils.RuleCreator<TaskguardRuleDocs>(docsUrl);

/**
 * ESLint merges a suggestion's fixes in a stable sort by range; ordering them as the codemod's
 * `applyEdits` does (insertions before a replacement at the same offset) gives the same text.
 */
function inApplyOrder(edits: readonly TextEdit[]): TextEdit[] {
  const isInsert = (edit: TextEdit): number => (edit.start === edit.end ? 1 : 0);
  return [...edits].sort((a, b) => a.start - b.start || isInsert(b) - isInsert(a));
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface AnalysisBridge {
  /** Built on first use, so files without candidates never touch the parser services. */
  readonly ctx: AnalysisContext;
  toTs<N extends ts.Node = ts.Node>(node: TSESTree.Node): N;
  /** Runs a per-node check of the analysis on an ESLint node and reports what it finds. */
  check<N extends ts.Node>(check: (ctx: AnalysisContext, node: N) => Finding | readonly Finding[] | undefined, node: TSESTree.Node): void;
  report(finding: Finding, messageId: string): void;
}

/** Connects a rule's ESLint context to the analysis; works with and without type information. */
export function createBridge(context: AnyContext, options: Partial<AnalysisOptions> = {}): AnalysisBridge {
  let cached: { services: ReturnType<typeof ESLintUtils.getParserServices>; ctx: AnalysisContext } | undefined;
  const state = () => {
    if (cached) return cached;
    const services = ESLintUtils.getParserServices(context, true);
    const sourceFile = services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast);
    const checker = services.program?.getTypeChecker();
    cached = { services, ctx: { ts, sourceFile, checker, options: { ...defaultAnalysisOptions, ...options } } };
    return cached;
  };
  const bridge: AnalysisBridge = {
    get ctx() {
      return state().ctx;
    },
    toTs<N extends ts.Node>(node: TSESTree.Node): N {
      return state().services.esTreeNodeToTSNodeMap.get(node) as unknown as N;
    },
    check(check, node) {
      const target = bridge.toTs<Parameters<typeof check>[1]>(node);
      const found = withCheckerFallback(state().ctx, (ctx) => check(ctx, target));
      for (const finding of found === undefined ? [] : "kind" in found ? [found] : found) {
        bridge.report(finding, finding.kind);
      }
    },
    report(finding, messageId) {
      const { services, ctx } = state();
      // A node the parser did not map (never expected) is reported at its position instead.
      const node = services.tsNodeToESTreeNodeMap.get(finding.node) as TSESTree.Node | undefined;
      const suggest = withCheckerFallback(ctx, (ctx) => planFixes(ctx, finding)).map((plan) => ({
        messageId: plan.strategy === "track" ? "suggestTrack" : "suggestAwait",
        data: { description: plan.description },
        fix: (fixer: TSESLint.RuleFixer) => inApplyOrder(plan.edits).map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
      }));
      const loc = node ? undefined : ctx.sourceFile.getLineAndCharacterOfPosition(finding.node.getStart(ctx.sourceFile));
      context.report({
        ...(node ? { node } : { loc: { line: (loc?.line ?? 0) + 1, column: loc?.character ?? 0 } }),
        messageId,
        data: finding.data,
        suggest,
      });
    },
  };
  return bridge;
}
