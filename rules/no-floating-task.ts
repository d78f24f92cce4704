import type { TSESTree } from "@typescript-eslint/utils";
import { checkAwaitExpression, checkExpressionStatement, checkVoidExpression } from "./analysis/floating-task.js";
import { createBridge, createRule } from "./create-rule.js";
import { findingMessages, ruleDescriptions } from "./analysis/messages.js";

export interface NoFloatingTaskOptions {
  allowVoid: boolean;
  allowedCalls: string[];
  checkHandled: boolean;
}

type Options = [NoFloatingTaskOptions];

type MessageId =
  | "floating"
  | "floatingAwaitedArray"
  | "floatingHandled"
  | "floatingInConstructor"
  | "floatingUnrejectable"
  | "floatingVoid"
  | "suggestAwait"
  | "suggestTrack";

export default createRule<Options, MessageId>({
  name: "no-floating-task",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptions["no-floating-task"],
      recommended: true,
      strictOptions: { checkHandled: true },
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          allowVoid: { type: "boolean", description: "Accept `void promise` as a deliberate discard." },
          allowedCalls: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description:
              'Callee names ("flush", "this.flush", "logger.flush") or, with type information, promise type names whose promises may float.',
          },
          checkHandled: {
            type: "boolean",
            description: "Also report `.catch(fn)` / `.then(ok, fn)` statements: handled, but nothing keeps the task.",
          },
        },
      },
    ],
    messages: {
      floating: findingMessages.floating,
      floatingAwaitedArray: findingMessages.floatingAwaitedArray,
      floatingHandled: findingMessages.floatingHandled,
      floatingInConstructor: findingMessages.floatingInConstructor,
      floatingUnrejectable: findingMessages.floatingUnrejectable,
      floatingVoid: findingMessages.floatingVoid,
      suggestAwait: "{{description}}",
      suggestTrack: "{{description}}",
    },
  },
  defaultOptions: [{ allowVoid: false, allowedCalls: [], checkHandled: false }],
  create(context, [options]) {
    const bridge = createBridge(context, options);
    return {
      AwaitExpression(node) {
        bridge.check(checkAwaitExpression, node);
      },
      ExpressionStatement(node) {
        bridge.check(checkExpressionStatement, node);
      },
      // `void p` inside an expression; a `void p;` statement is the visitor above's.
      'UnaryExpression[operator="void"]'(node: TSESTree.UnaryExpression) {
        bridge.check(checkVoidExpression, node);
      },
    };
  },
});
