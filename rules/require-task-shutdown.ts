import type { TSESTree } from "@typescript-eslint/utils";
import { checkTaskSetShutdown } from "./analysis/task-shutdown.js";
import { createBridge, createRule } from "./create-rule.js";
import { findingMessages, ruleDescriptions } from "./analysis/messages.js";

type Options = [];

type MessageId = "missingModuleShutdown" | "missingShutdown" | "suggestAwait" | "suggestTrack";

export default createRule<Options, MessageId>({
  name: "require-task-shutdown",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptions["require-task-shutdown"],
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingModuleShutdown: findingMessages.missingModuleShutdown,
      missingShutdown: findingMessages.missingShutdown,
      suggestAwait: "{{description}}",
      suggestTrack: "{{description}}",
    },
  },
  defaultOptions: [],
  create(context) {
    const bridge = createBridge(context);
    const check = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.VariableDeclaration): void => {
      bridge.check(checkTaskSetShutdown, node);
    };
    return {
      ClassDeclaration: check,
      ClassExpression: check,
      "Program > VariableDeclaration": check,
    };
  },
});
