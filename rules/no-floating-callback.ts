import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { isCallbackValuePosition } from "./analysis/analyze.js";
import { checkCallbackArguments, checkCallbackValue } from "./analysis/floating-callback.js";
import { createBridge, createRule } from "./create-rule.js";
import { findingMessages, ruleDescriptions } from "./analysis/messages.js";

type Options = [];

type MessageId = "floatingCallback" | "floatingOverride" | "floatingReturnedCallback" | "suggestAwait" | "suggestTrack";

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
      floatingOverride: findingMessages.floatingOverride,
      floatingReturnedCallback: findingMessages.floatingReturnedCallback,
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
    // Functions and references whose caller is known only from a declared type (type-aware, but
    // for `[Symbol.dispose]`); the position test is syntactic and cheap, so it runs first.
    const checkValue = (node: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.Identifier | TSESTree.MemberExpression): void => {
      const isFunction = node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
      // A shorthand property's key and value are one TypeScript node: check it once, as the value.
      if (node.parent?.type === AST_NODE_TYPES.Property && node.parent.key === node && node.parent.shorthand) return;
      const target = bridge.toTs(node);
      if (!isCallbackValuePosition(bridge.ctx, target)) return;
      bridge.check(checkCallbackValue, node);
    };
    return {
      CallExpression: checkCall,
      NewExpression: checkCall,
      ArrowFunctionExpression: checkValue,
      FunctionExpression: checkValue,
      Identifier: checkValue,
      MemberExpression: checkValue,
    };
  },
});
