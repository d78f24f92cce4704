// The contract between the analysis and its two front ends (the ESLint rules and the codemod).
// The analysis works on TypeScript compiler nodes and receives the `ts` namespace to use, so the
// rules run with the user's `typescript` and the codemod with the copy ts-morph bundles.
import type * as ts from "typescript";

export type TS = typeof ts;

export type RuleName = "no-floating-task" | "no-dangling-task" | "no-floating-callback" | "require-task-shutdown";

/** Options that change what the analysis reports. Every rule reads the subset it documents. */
export interface AnalysisOptions {
  /** `void p` is accepted as a deliberate discard. */
  allowVoid: boolean;
  /** Callee names (`"flush"`, `"this.flush"`, `"logger.flush"`) or type names whose promises may float. */
  allowedCalls: readonly string[];
  /** Report `.catch(fn)` / `.then(ok, fn)` at statement level: handled, but nothing keeps the task. */
  checkHandled: boolean;
}

export const defaultAnalysisOptions: AnalysisOptions = { allowVoid: false, allowedCalls: [], checkHandled: false };

export interface AnalysisContext {
  readonly ts: TS;
  readonly sourceFile: ts.SourceFile;
  /** Present in type-aware mode; `undefined` means syntactic mode. */
  readonly checker: ts.TypeChecker | undefined;
  readonly options: AnalysisOptions;
}

/**
 * What a finding is about. For every rule but `require-task-shutdown` it doubles as the rule's `messageId`.
 * - `floating`: a promise-valued expression statement nobody keeps.
 * - `floatingVoid`: the same, discarded with `void`.
 * - `floatingHandled`: `.catch(fn)` / `.then(ok, fn)` at statement level (only with `checkHandled`).
 * - `floatingUnrejectable`: a dropped promise that cannot reject (its async function catches everything).
 * - `floatingAwaitedArray`: `await` of an array of promises; the target is the array.
 * - `floatingInConstructor`: started in a constructor.
 * - `dangling`: bound to a local that is never read; the target is the declaration, or the
 *   assignment (`p = load()`) when the promise is assigned later.
 * - `floatingCallback`: a promise-returning function handed to a caller that drops its result; the
 *   target is the function, a reference to one (an identifier, `this.handle`, a shorthand property),
 *   or a class member (a method or arrow field overriding one that returns `void`).
 * - `floatingOverride`: an async class member whose base declaration returns `void`; the target is
 *   the method or the field's function.
 * - `floatingReturnedCallback`: an async function returned where the declared return type returns `void`.
 * - `missingShutdown` / `missingModuleShutdown`: a `TaskSet` owned by a class / module that is never shut down.
 */
export type FindingKind =
  | "floating"
  | "floatingVoid"
  | "floatingHandled"
  | "floatingInConstructor"
  | "floatingUnrejectable"
  | "floatingAwaitedArray"
  | "dangling"
  | "floatingCallback"
  | "floatingOverride"
  | "floatingReturnedCallback"
  | "missingShutdown"
  | "missingModuleShutdown";

export interface Finding {
  readonly rule: RuleName;
  readonly kind: FindingKind;
  /** Where to report: the statement, the declaration, the callback argument or the class/variable. */
  readonly node: ts.Node;
  /**
   * What a fix rewrites: the promise-valued expression (without `void`), the callback function,
   * the bound variable declaration, or the `TaskSet` declaration.
   */
  readonly target: ts.Node;
  /** Message data: `name` (the callee or callback site, e.g. "executeTask", "watcher.on('add')"), and per kind more. */
  readonly data: Readonly<Record<string, string>>;
}

/** A plain text edit on the original source text: replace `[start, end)` with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One way to fix one finding: all the edits it needs (site, TaskSet field, import, shutdown call). */
export interface FixPlan {
  readonly strategy: "track" | "await";
  /** Imperative, shown as the ESLint suggestion: "Track it in `this.tasks`." */
  readonly description: string;
  readonly edits: readonly TextEdit[];
  /** Follow-up work the edits could not do safely, with the reason (e.g. a synchronous `stop()`). */
  readonly manualSteps: readonly ManualStep[];
}

export interface ManualStep {
  /** Position in the original text the step is about. */
  readonly pos: number;
  readonly message: string;
  /** The site the message opens with (`` `rag.initialize` in `SimpleLabRAG constructor` ``), when it does: the rest is the reason. */
  readonly site?: string;
}
