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
    // With types, a call or choice whose value is a promise-returning function (`{ onDone: makeHandler() }`).
    const checkComputedValue = (node: TSESTree.CallExpression | TSESTree.ConditionalExpression): void => {
      if (node.type === AST_NODE_TYPES.CallExpression) checkCall(node);
      if (isReferenceValuePosition(node) && bridge.ctx.checker) checkValue(node);
    };
    // Functions and references whose caller is known only from a declared type (type-aware, but
    // for `[Symbol.dispose]`); the position test is syntactic and cheap, so it runs first.
    const checkValue = (
      node:
        | TSESTree.ArrowFunctionExpression
        | TSESTree.FunctionExpression
        | TSESTree.Identifier
        | TSESTree.MemberExpression
        | TSESTree.CallExpression
        | TSESTree.ConditionalExpression,
    ): void => {
      const isFunction = node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
      if (!isFunction && !isReferenceValuePosition(node)) return;
      const target = bridge.toTs(node);
      if (!isCallbackValuePosition(bridge.ctx, target)) return;
      bridge.check(checkCallbackValue, node);
    };
    return {
      CallExpression: checkComputedValue,
      ConditionalExpression: checkComputedValue,
      NewExpression: checkCall,
      ArrowFunctionExpression: checkValue,
      FunctionExpression: checkValue,
      Identifier: checkValue,
      MemberExpression: checkValue,
    };
  },
});

/**
 * A reference in a position `isCallbackValuePosition` accepts, told from the ESTree parent alone, so
 * most identifiers never reach the parser services. A shorthand property's key and value map to
 * one TypeScript node: it is checked once, as the value.
 */
function isReferenceValuePosition(node: TSESTree.Identifier | TSESTree.MemberExpression | TSESTree.CallExpression | TSESTree.ConditionalExpression): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.Property:
      return parent.value === node;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.typeAnnotation !== undefined;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === node;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === node;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.JSXExpressionContainer:
      return true;
    default:
      return false;
  }
}
