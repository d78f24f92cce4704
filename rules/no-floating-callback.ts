import type { TSESTree } from "@typescript-eslint/utils";
import { isCallbackValuePosition } from "./analysis/analyze.js";
import { checkCallbackArguments, checkCallbackValue } from "./analysis/floating-callback.js";
import { createBridge, createRule } from "./create-rule.js";
import { findingMessages, ruleDescriptions } from "./analysis/messages.js";

type Options = [];

type MessageId = "floatingCallback" | "suggestAwait" | "suggestTrack";

export default createRule<Options, MessageId>({
  name: "no-floating-callback",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptions["no-floating-callback"],
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      floatingCallback: findingMessages.floatingCallback,
      suggestAwait: "{{description}}",
      suggestTrack: "{{description}}",
    },
  },
  defaultOptions: [],
  create(context) {
    const bridge = createBridge(context);
    const checkCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      if (node.arguments.length === 0) return;
      bridge.check(checkCallbackArguments, node);
    };
    // Functions whose caller is known only from a declared type: type-aware mode only.
    const checkValue = (node: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): void => {
      if (!bridge.ctx.checker) return;
      const target = bridge.toTs(node);
      if (!isCallbackValuePosition(bridge.ctx, target)) return;
      bridge.check(checkCallbackValue, node);
    };
    return {
      CallExpression: checkCall,
      NewExpression: checkCall,
      ArrowFunctionExpression: checkValue,
      FunctionExpression: checkValue,
    };
  },
});
