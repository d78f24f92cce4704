// What `taskguard check` says about a finding: the same wording as the ESLint rules' messages.
import type { Finding, RuleName } from "../rules/analysis/types.js";

export const ruleDescriptions: Readonly<Record<RuleName, string>> = {
  "no-floating-task": "Require every promise-valued statement to be awaited, returned or tracked in a TaskSet",
  "no-dangling-task": "Require every promise bound to a local to be read",
  "no-floating-callback": "Disallow async callbacks whose caller drops the promise they return",
  "require-task-shutdown": "Require every owned TaskSet to be shut down",
};

export function findingMessage(finding: Finding): string {
  const { name = "", callee = name, field = "" } = finding.data;
  switch (finding.kind) {
    case "floating":
      return `\`${callee}\` starts a task that nothing keeps; its rejection crashes the process or is lost.`;
    case "floatingVoid":
      return `\`void\` hides the task \`${callee}\` starts instead of handling it; its rejection crashes the process or is lost.`;
    case "floatingHandled":
      return `\`${callee}\` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.`;
    case "floatingInConstructor":
      return `\`${callee}\` starts a task in a constructor: the object is usable before the work finishes and its error has nowhere to go.`;
    case "dangling":
      return `\`${name}\` holds the task \`${callee}\` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.`;
    case "floatingCallback":
      return `\`${name}\` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.`;
    case "missingShutdown":
      return `\`${name}\` owns \`${field}\` but never shuts it down: await \`${field}.shutdown()\` in its stop/close/dispose method.`;
    case "missingModuleShutdown":
      return `\`${name}\` is a module-level TaskSet that is never shut down: pass it to \`installShutdownHooks(${name})\` or call \`${name}.shutdown()\`.`;
  }
}
