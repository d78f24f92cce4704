import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { isCallbackValuePosition } from "./analysis/analyze.js";
import { checkCallbackArguments, checkCallbackValue, checkDisposerBinding, checkMemberDeclaration } from "./analysis/floating-callback.js";
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
    const checkValue = (node: TSESTree.Node): void => {
      const target = bridge.toTs(node);
      if (!isCallbackValuePosition(bridge.ctx, target)) return;
      bridge.check(checkCallbackValue, node);
    };
    // A reference in a value position, found from its parent: far fewer visits than every identifier.
    // With types, also a call or choice whose value is a promise-returning function (`{ onDone: makeHandler() }`).
    const checkReference = (node: TSESTree.Node | null | undefined): void => {
      if (!node) return;
      const computed = node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.ConditionalExpression;
      if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression || (computed && bridge.ctx.checker)) checkValue(node);
    };
    // Only a member of an interface or class with bases can override anything: most have none.
    const checkDeclaration = (node: TSESTree.Node): void => {
      const owner = node.parent?.parent;
      const hasBases =
        owner?.type === AST_NODE_TYPES.TSInterfaceDeclaration
          ? owner.extends.length > 0
          : (owner?.type === AST_NODE_TYPES.ClassDeclaration || owner?.type === AST_NODE_TYPES.ClassExpression) &&
            (owner.superClass !== null || owner.implements.length > 0);
      if (hasBases) bridge.check(checkMemberDeclaration, node);
    };
    return {
      CallExpression: checkCall,
      NewExpression: checkCall,
      ArrowFunctionExpression(node) {
        checkValue(node);
        checkReference(node.body);
      },
      FunctionExpression: checkValue,
      // A shorthand property's key and value map to one TypeScript node: it is checked once, as the value.
      Property: (node) => checkReference(node.value),
      VariableDeclarator(node) {
        if (node.id.typeAnnotation) checkReference(node.init);
        // `using d = open()` / `const d: Disposable = handle`: the value's own `[Symbol.dispose]`.
        const declaration = node.parent;
        const isUsing = declaration.type === AST_NODE_TYPES.VariableDeclaration && (declaration.kind === "using" || declaration.kind === "await using");
        if (bridge.ctx.checker && node.init && (isUsing || node.id.typeAnnotation)) bridge.check(checkDisposerBinding, node);
      },
      AssignmentExpression: (node) => checkReference(node.right),
      ReturnStatement: (node) => checkReference(node.argument),
      JSXExpressionContainer: (node) => checkReference(node.expression),
      // Declarations without a body: interface members and abstract class members.
      TSMethodSignature: checkDeclaration,
      TSPropertySignature: checkDeclaration,
      TSAbstractMethodDefinition: checkDeclaration,
      TSAbstractPropertyDefinition: checkDeclaration,
      TSAbstractAccessorProperty: checkDeclaration,
    };
  },
});
