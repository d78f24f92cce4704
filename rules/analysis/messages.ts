// What taskguard says about a finding, in ESLint's `{{placeholder}}` form: the rules use these as
// `meta.messages`, and the CLI formats the same templates, so an editor and `taskguard check` agree
// word for word. No TypeScript import here: the CLI must not load a second copy of the compiler.
import type { Finding, FindingKind, RuleName } from "./types.js";

export const findingMessages: Readonly<Record<FindingKind, string>> = {
  floating: "`{{callee}}` starts a task that nothing keeps; its rejection crashes the process or is lost.",
  floatingHandled: "`{{callee}}` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.",
  floatingInConstructor:
    "`{{callee}}` starts a task in a constructor: the object is usable before the work finishes and its error has nowhere to go.",
  floatingUnrejectable:
    "`{{callee}}` cannot reject (its body catches every error), but nothing keeps the task: shutdown cannot wait for it.",
  floatingAwaitedArray:
    "`await` waits for the array `{{callee}}` returns, not for the tasks in it: their rejections crash the process or are lost.",
  floatingVoid: "`void` hides the task `{{callee}}` starts instead of handling it; its rejection crashes the process or is lost.",
  dangling:
    "`{{name}}` holds the task `{{callee}}` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.",
  floatingCallback:
    "`{{name}}` {{calls}} this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.",
  floatingOverride:
    "`{{name}}` returns a promise, but `{{base}}`, which it overrides or implements, returns void: callers through that type drop its promise, so its rejection crashes the process or is lost.",
  floatingReturnedCallback:
    "`{{name}}` returns this async function where its declared type returns void: whoever calls it drops the promise, so its rejection crashes the process or is lost.",
  missingModuleShutdown:
    "`{{name}}` is a module-level TaskSet that is never shut down: pass it to `installShutdownHooks({{name}})` or call `{{name}}.shutdown()`, or its tasks are cut off at exit.",
  missingShutdown:
    "`{{name}}` owns the TaskSet `{{field}}` but no stop/close/dispose method calls `{{field}}.shutdown()`: its tasks outlive the object.",
};

/** Each rule's one-line summary: `meta.docs.description` and the SARIF rule description. */
export const ruleDescriptions: Readonly<Record<RuleName, string>> = {
  "no-floating-task": "Require every promise-valued statement to be awaited, returned or tracked in a TaskSet",
  "no-dangling-task": "Disallow binding a promise to a local variable that is never read",
  "no-floating-callback": "Disallow passing a promise-returning function where the caller drops what it returns",
  "require-task-shutdown": "Require every TaskSet owned by a class or module to be shut down",
};

/** The finding's message with its data filled in, as ESLint would print it. */
export function formatFinding(finding: Finding): string {
  return findingMessages[finding.kind].replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => finding.data[key] ?? "");
}
