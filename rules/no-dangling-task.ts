import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { checkAssignment, checkVariableDeclaration } from "./analysis/dangling-task.js";
import { createBridge, createRule } from "./create-rule.js";
import { findingMessages, ruleDescriptions } from "./analysis/messages.js";

type Options = [];

type MessageId = "dangling" | "suggestAwait" | "suggestTrack";

export default createRule<Options, MessageId>({
  name: "no-dangling-task",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptions["no-dangling-task"],
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      dangling: findingMessages.dangling,
      suggestAwait: "{{description}}",
      suggestTrack: "{{description}}",
    },
  },
  defaultOptions: [],
  create(context) {
    const bridge = createBridge(context);
    return {
      // `p = load();` with `p` a local nobody reads.
      'ExpressionStatement > AssignmentExpression.expression[operator="="][left.type="Identifier"]'(node: TSESTree.AssignmentExpression) {
        if (node.parent.type === AST_NODE_TYPES.ExpressionStatement) bridge.check(checkAssignment, node.parent);
      },
      VariableDeclarator(node) {
        // Destructuring never binds the promise itself; skip it before touching the parser services.
        if (node.id.type !== AST_NODE_TYPES.Identifier || !node.init) return;
        bridge.check(checkVariableDeclaration, node);
      },
    };
  },
});
