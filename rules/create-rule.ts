// `createRule` and the bridge every rule uses to run the shared analysis on ESLint's nodes:
// ESTree -> TypeScript node via parserServices, then a finding -> report with suggestions.
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
// The subpath: the package's index also loads its ESLint class wrappers, and with them ESLint.
import { applyDefault, RuleCreator, type RuleWithMetaAndName } from "@typescript-eslint/utils/eslint-utils";
import type * as ts from "typescript";
import { passChecker, withCheckerFallback } from "./analysis/checker-fallback.js";
import { planFixes } from "./analysis/fix/plan.js";
import { loadTypeScript } from "./lazy-modules.js";
import { nodeMapsFor, type NodeMaps } from "./node-maps.js";
import { docsUrl } from "./package-info.js";
import { defaultAnalysisOptions, type AnalysisContext, type AnalysisOptions, type Finding, type TextEdit } from "./analysis/types.js";

/** What every taskguard rule states in `meta.docs`; the configs are derived from it. */
export interface TaskguardRuleDocs {
  /** In `configs.recommended` (and so in every config). */
  readonly recommended: boolean;
  /** Options `configs["strict-type-checked"]` sets, if stricter than the defaults. */
  readonly strictOptions?: Readonly<Record<string, unknown>>;
}

const createNamedRule = RuleCreator<TaskguardRuleDocs>(docsUrl);

/**
 * typescript-eslint's `RuleCreator`, but a rule configured without options gets its defaults
 * without the deep clone `applyDefault` makes for every file and rule.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(rule: Readonly<RuleWithMetaAndName<Options, MessageIds, TaskguardRuleDocs>>) {
  const defaults = Object.freeze(structuredClone(rule.defaultOptions ?? ([] as unknown as Options)));
  return {
    ...createNamedRule(rule),
    create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) =>
      rule.create(context, context.options.length === 0 ? defaults : applyDefault(defaults, context.options)),
  };
}

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

interface FileState {
  readonly maps: NodeMaps;
  readonly checker: ts.TypeChecker | undefined;
}

/** Per file being linted (ESLint makes one SourceCode per pass): what its rules share. */
const fileStates = new WeakMap<object, FileState>();

function fileState(context: AnyContext): FileState {
  let state = fileStates.get(context.sourceCode);
  if (!state) {
    const maps = nodeMapsFor(context);
    const checker = maps.program?.getTypeChecker();
    state = { maps, checker: checker && passChecker(checker) };
    fileStates.set(context.sourceCode, state);
  }
  return state;
}

/** Connects a rule's ESLint context to the analysis; works with and without type information. */
export function createBridge(context: AnyContext, options: Partial<AnalysisOptions> = {}): AnalysisBridge {
  let cached: { maps: NodeMaps; ctx: AnalysisContext } | undefined;
  const state = () => {
    if (cached) return cached;
    const { maps, checker } = fileState(context);
    cached = { maps, ctx: { ts: loadTypeScript(), sourceFile: maps.sourceFile, checker, options: { ...defaultAnalysisOptions, ...options } } };
    return cached;
  };
  const bridge: AnalysisBridge = {
    get ctx() {
      return state().ctx;
    },
    toTs<N extends ts.Node = ts.Node>(node: TSESTree.Node): N {
      return state().maps.toTs(node) as N;
    },
    check(check, node) {
      // A node the maps do not know (a file only another parser can read) has nothing to check.
      const target = state().maps.toTs(node) as Parameters<typeof check>[1] | undefined;
      if (target === undefined) return;
      const found = withCheckerFallback(state().ctx, (ctx) => check(ctx, target));
      for (const finding of found === undefined ? [] : "kind" in found ? [found] : found) {
        bridge.report(finding, finding.kind);
      }
    },
    report(finding, messageId) {
      const { maps, ctx } = state();
      // A node the parser did not map (never expected) is reported at its position instead.
      const node = maps.toEsTree(finding.node);
      // The program's module options decide whether a CommonJS file may import taskguard, as in the CLI.
      const compilerOptions = maps.program?.getCompilerOptions();
      const suggest = withCheckerFallback(ctx, (ctx) => planFixes(ctx, finding, compilerOptions ? { compilerOptions } : {})).map((plan) => ({
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
