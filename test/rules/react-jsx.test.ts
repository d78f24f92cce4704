// JSX attributes typed by the real @types/react (issue 10, item 3): an async handler where React's
// event-handler type returns void floats; a prop whose type accepts a promise keeps it.
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import noFloatingCallback from "../../rules/no-floating-callback.js";
import { runRule } from "./rule-tester.js";

const reactTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      ecmaFeatures: { jsx: true },
      projectService: true,
      tsconfigRootDir: fileURLToPath(new URL("./fixtures/react/", import.meta.url)),
    },
  },
});

const filename = "component.tsx";

runRule(reactTester, "no-floating-callback", noFloatingCallback, {
  valid: [
    {
      name: "a synchronous onClick handler",
      filename,
      code: `
export function Save({ onSave }: { onSave: () => void }) {
  return <button onClick={() => onSave()}>Save</button>;
}
`,
    },
    {
      name: "a component prop typed to take a promise-returning function",
      filename,
      code: `
function Submit({ run }: { run: () => Promise<void> }) {
  return <button type="submit" data-run={String(run)} />;
}
async function save(): Promise<void> {}
export const view = <Submit run={async () => { await save(); }} />;
`,
    },
  ],
  invalid: [
    {
      name: "an async onClick handler on a DOM element",
      filename,
      code: `
async function save(): Promise<void> {}
export function Save() {
  return <button onClick={async () => { await save(); }}>Save</button>;
}
`,
      errors: [{ messageId: "floatingCallback", line: 4 }],
    },
    {
      name: "an async method passed by reference to onSubmit",
      filename,
      code: `
import type { FormEvent } from "react";
class Form {
  async submit(event: FormEvent): Promise<void> {
    event.preventDefault();
  }
  render() {
    return <form onSubmit={this.submit}><button>Send</button></form>;
  }
}
export { Form };
`,
      errors: [{ messageId: "floatingCallback", line: 8 }],
    },
  ],
});
