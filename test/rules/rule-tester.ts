// RuleTester wired to vitest, in the two modes every rule runs in.
import { fileURLToPath } from "node:url";
import { RuleTester, type RunTests } from "@typescript-eslint/rule-tester";
import type { RuleModule } from "@typescript-eslint/utils/ts-eslint";
import { afterAll, describe, it } from "vitest";
import type { TaskguardRuleDocs } from "../../rules/create-rule.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const fixtureDir = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** No type information: `parserServices.program` is null and the analysis decides from the file. */
export const syntacticTester = new RuleTester();

/**
 * Type information from test/rules/fixtures/tsconfig.json; cases are linted as `file.ts` (`react.tsx`
 * with JSX). The tsconfig includes both, so its options apply: a file matched only by
 * `allowDefaultProject` would get the project service's default options instead.
 */
export const typedTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtureDir } },
});

/** Type information without @types/node (test/rules/fixtures/untyped): Node's modules are `any`. */
export const untypedTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: `${fixtureDir}untyped/` } },
});

/**
 * `tester.run` for taskguard's rules. @typescript-eslint/rule-tester 8.72 carries its own copy of
 * @typescript-eslint/utils, whose context types differ from 8.73's only nominally; the rule object
 * is the same at runtime, so the test data stays fully typed against the rule's ids and options.
 */
export function runRule<MessageIds extends string, Options extends readonly unknown[]>(
  tester: RuleTester,
  name: string,
  rule: RuleModule<MessageIds, Options, TaskguardRuleDocs>,
  tests: RunTests<MessageIds, Options>,
): void {
  tester.run<MessageIds, Options>(name, rule as never, tests);
}
