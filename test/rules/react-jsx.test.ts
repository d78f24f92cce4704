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

// Without types (issue 10, syntactic mode): an intrinsic element's `on*` handler drops its result
// in every JSX runtime; a same-file component is judged by its props type; anything else is unknown.
const syntacticJsxTester = new RuleTester({ languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });

runRule(syntacticJsxTester, "no-floating-callback (syntactic JSX)", noFloatingCallback, {
  valid: [
    {
      name: "a component imported from another file: its props are unknown without types",
      filename,
      code: `
import { Dialog } from "./dialog";
async function save(): Promise<void> {}
export const view = <Dialog onClose={async () => { await save(); }} />;
`,
    },
    {
      name: "a same-file component whose prop accepts a promise",
      filename,
      code: `
function Submit(props: { run: () => Promise<void> }) { return null; }
async function save(): Promise<void> {}
export const view = <Submit run={async () => { await save(); }} />;
`,
    },
    {
      name: "a file whose own JSX.IntrinsicElements lets onSubmit return a promise",
      filename,
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements { form: { onSubmit: (event: unknown) => Promise<void> | void } }
  }
}
async function save(): Promise<void> {}
export const view = <form onSubmit={async () => { await save(); }} />;
`,
    },
    {
      name: "an attribute that is not an event handler",
      filename,
      code: `
async function load(): Promise<string> { return ""; }
export const view = <div data-load={async () => load()} />;
`,
    },
  ],
  invalid: [
    {
      name: "an async onClick on a DOM element, without types",
      filename,
      code: `
async function save(): Promise<void> {}
export const view = <button onClick={async () => { await save(); }}>Save</button>;
`,
      errors: [{ messageId: "floatingCallback", line: 3 }],
    },
    {
      name: "a same-file async function passed by reference to onMouseEnter",
      filename,
      code: `
async function prefetch(): Promise<void> {}
export const view = <a href="/next" onMouseEnter={prefetch}>Next</a>;
`,
      errors: [{ messageId: "floatingCallback", line: 3 }],
    },
    {
      name: "a same-file component whose props type declares onClose as a void callback",
      filename,
      code: `
interface PanelProps { onClose(): void; title: string }
const Panel = ({ title }: PanelProps) => <h2>{title}</h2>;
async function save(): Promise<void> {}
export const view = <Panel title="t" onClose={async () => { await save(); }} />;
`,
      errors: [{ messageId: "floatingCallback", line: 5 }],
    },
  ],
});
