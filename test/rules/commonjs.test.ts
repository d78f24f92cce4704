// A CommonJS file (`.cts`) gets the same suggestion as in the CLI: none under node16, where an ES
// import of the ESM-only taskguard does not type-check (TS1479), the usual one under nodenext.
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import noFloatingTask from "../../rules/no-floating-task.js";
import { runRule, typedTester } from "./rule-tester.js";

const node16Tester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fileURLToPath(new URL("./fixtures/commonjs/", import.meta.url)) } },
});

const code = `
export class Poller {
  tick(): void {
    this.poll();
  }

  async stop(): Promise<void> {}

  private async poll(): Promise<void> {}
}
`;

runRule(node16Tester, "no-floating-task (CommonJS under node16)", noFloatingTask, {
  valid: [],
  invalid: [{ name: "no suggestion: the import would not type-check", filename: "file.cts", code, errors: [{ messageId: "floating", line: 4, suggestions: [] }] }],
});

runRule(typedTester, "no-floating-task (CommonJS under nodenext)", noFloatingTask, {
  valid: [],
  invalid: [
    {
      name: "the spawn suggestion: nodenext lets a CommonJS file import an ES module",
      filename: "file.cts",
      code,
      errors: [
        {
          messageId: "floating",
          line: 4,
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

export class Poller {
  protected readonly tasks = new TaskSet({ name: "Poller" });

  tick(): void {
    this.tasks.spawn(() => this.poll(), { name: "Poller.poll" });
  }

  async stop(): Promise<void> {
    await this.tasks.drain();
  }

  private async poll(): Promise<void> {}
}
`,
            },
          ],
        },
      ],
    },
  ],
});
