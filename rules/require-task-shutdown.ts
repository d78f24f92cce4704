import type { TSESTree } from "@typescript-eslint/utils";
import type * as ts from "typescript";
import { checkTaskSetShutdown } from "./analysis/task-shutdown.js";
import { createBridge, createRule } from "./create-rule.js";

type Options = [];

type MessageId = "missingModuleShutdown" | "missingShutdown" | "suggestAwait" | "suggestTrack";

export default createRule<Options, MessageId>({
  name: "require-task-shutdown",
  meta: {
    type: "problem",
    docs: {
      description: "Require every TaskSet owned by a class or module to be shut down",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingModuleShutdown:
        "`{{name}}` is a module-level TaskSet that is never shut down: pass it to `installShutdownHooks({{name}})` or call `{{name}}.shutdown()`, or its tasks are cut off at exit.",
      missingShutdown:
        "`{{name}}` owns the TaskSet `{{field}}` but no stop/close/dispose method calls `{{field}}.shutdown()`: its tasks outlive the object.",
      suggestAwait: "{{description}}",
      suggestTrack: "{{description}}",
    },
  },
  defaultOptions: [],
  create(context) {
    const bridge = createBridge(context);
    const check = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.VariableDeclaration): void => {
      const finding = checkTaskSetShutdown(bridge.ctx, bridge.toTs<ts.ClassLikeDeclaration | ts.VariableStatement>(node));
      if (finding) bridge.report(finding, finding.kind);
    };
    return {
      ClassDeclaration: check,
      ClassExpression: check,
      "Program > VariableDeclaration": check,
    };
  },
});
