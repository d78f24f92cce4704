// The two-way map between ESLint's nodes and TypeScript's that the rules run the analysis through.
// Under typescript-eslint's parser it is the parser's own. Under another parser (ESLint's default
// espree for a .js file the configs did not reach) the file is parsed once more, syntactically, by
// typescript-eslint's parser, and each ESLint node is matched to that parse's node of the same type
// and range: the rules then work as in syntactic mode instead of failing the whole ESLint run.
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { getParserServices } from "@typescript-eslint/utils/eslint-utils";
import type * as ts from "typescript";
import { loadParser, loadTypeScript } from "./lazy-modules.js";

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface NodeMaps {
  readonly sourceFile: ts.SourceFile;
  readonly program: ts.Program | null;
  toTs(node: TSESTree.Node): ts.Node | undefined;
  toEsTree(node: ts.Node): TSESTree.Node | undefined;
}

/** The maps for the file being linted. */
export function nodeMapsFor(context: AnyContext): NodeMaps {
  if (context.sourceCode.parserServices?.esTreeNodeToTSNodeMap) {
    const services = getParserServices(context, true);
    return {
      sourceFile: services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast),
      program: services.program,
      toTs: (node) => services.esTreeNodeToTSNodeMap.get(node),
      toEsTree: (node) => services.tsNodeToESTreeNodeMap.get(node),
    };
  }
  return reparse(context);
}

const key = (node: TSESTree.Node): string => `${node.type}:${node.range[0]}:${node.range[1]}`;

function reparse(context: AnyContext): NodeMaps {
  let parsed: ReturnType<ReturnType<typeof loadParser>["parseForESLint"]>;
  try {
    parsed = loadParser().parseForESLint(context.sourceCode.text, { filePath: context.filename, range: true, loc: true });
  } catch {
    // Syntax only the other parser accepts: no node maps, so the rules find nothing in this file.
    const sourceFile = loadTypeScript().createSourceFile(context.filename, "", loadTypeScript().ScriptTarget.Latest);
    return { sourceFile, program: null, toTs: () => undefined, toEsTree: () => undefined };
  }
  const { ast, services, visitorKeys } = parsed;
  const byKey = new Map<string, TSESTree.Node>();
  const visit = (node: TSESTree.Node): void => {
    byKey.set(key(node), node);
    for (const field of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[field];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item !== null && typeof item === "object" && "type" in item) visit(item as TSESTree.Node);
      }
    }
  };
  visit(ast);
  return {
    sourceFile: services.esTreeNodeToTSNodeMap.get(ast),
    program: null,
    toTs: (node) => {
      const own = byKey.get(key(node));
      return own && services.esTreeNodeToTSNodeMap.get(own);
    },
    toEsTree: (node) => services.tsNodeToESTreeNodeMap.get(node),
  };
}
