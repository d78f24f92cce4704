// Syntactic name resolution inside one file: the nearest declaration of a name, walking out
// through functions, blocks and the module. No checker needed, so it runs in both modes.
import type * as ts from "typescript";
import type { TS } from "./types.js";

export type ValueDeclaration =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ClassDeclaration
  | ts.ImportSpecifier
  | ts.NamespaceImport
  | ts.ImportClause
  | ts.BindingElement;

/** The nearest declaration of the value `name` visible from `from`, or undefined (a global or another file). */
export function findValueDeclaration(t: TS, from: ts.Node, name: string): ValueDeclaration | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    const found = declarationIn(t, scope, name);
    if (found) return found;
  }
  return undefined;
}

function declarationIn(t: TS, scope: ts.Node, name: string): ValueDeclaration | undefined {
  if (t.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      const match = bindingNamed(t, parameter, parameter.name, name);
      if (match) return match;
    }
    if (t.isFunctionExpression(scope) && scope.name?.text === name) return scope;
    return undefined;
  }
  if (t.isCatchClause(scope)) {
    const variable = scope.variableDeclaration;
    return variable ? bindingNamed(t, variable, variable.name, name) : undefined;
  }
  if (t.isForStatement(scope) || t.isForOfStatement(scope) || t.isForInStatement(scope)) {
    const init = scope.initializer;
    return init && t.isVariableDeclarationList(init) ? inDeclarationList(t, init, name) : undefined;
  }
  if (t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope) || t.isCaseClause(scope) || t.isDefaultClause(scope)) {
    return statementListIndex(t, scope).get(name);
  }
  return undefined;
}

/**
 * Every value a statement list declares, by name (the first declaration wins), built on the
 * first lookup in that list: a file's lookups then cost one pass over each list, not one per name.
 */
const statementListIndexes = new WeakMap<ts.Node, Map<string, ValueDeclaration>>();

function statementListIndex(t: TS, scope: ts.Node & { readonly statements: ts.NodeArray<ts.Statement> }): Map<string, ValueDeclaration> {
  let index = statementListIndexes.get(scope);
  if (index) return index;
  const names = new Map<string, ValueDeclaration>();
  const add = (name: string, declaration: ValueDeclaration): void => {
    if (!names.has(name)) names.set(name, declaration);
  };
  for (const statement of scope.statements) {
    if (t.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBindings(t, declaration, declaration.name, add);
    } else if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement)) && statement.name) {
      add(statement.name.text, statement);
    } else if (t.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) add(clause.name.text, clause);
      const bindings = clause.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) add(bindings.name.text, bindings);
      if (bindings && t.isNamedImports(bindings)) for (const element of bindings.elements) add(element.name.text, element);
    }
  }
  index = names;
  statementListIndexes.set(scope, index);
  return index;
}

function addBindings(t: TS, owner: ValueDeclaration, binding: ts.BindingName, add: (name: string, declaration: ValueDeclaration) => void): void {
  if (t.isIdentifier(binding)) {
    add(binding.text, owner);
    return;
  }
  for (const element of binding.elements) {
    if (t.isOmittedExpression(element)) continue;
    if (t.isIdentifier(element.name)) add(element.name.text, element);
    else addBindings(t, element, element.name, add);
  }
}

function inDeclarationList(t: TS, list: ts.VariableDeclarationList, name: string): ValueDeclaration | undefined {
  for (const declaration of list.declarations) {
    const match = bindingNamed(t, declaration, declaration.name, name);
    if (match) return match;
  }
  return undefined;
}

function bindingNamed(t: TS, owner: ValueDeclaration, binding: ts.BindingName, name: string): ValueDeclaration | undefined {
  let found: ValueDeclaration | undefined;
  addBindings(t, owner, binding, (bound, declaration) => {
    if (bound === name) found ??= declaration;
  });
  return found;
}

export type TypeDeclaration = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration;

/** The nearest interface, class or type alias called `name` visible from `from`. */
export function findTypeDeclaration(t: TS, from: ts.Node, name: string): TypeDeclaration | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (!(t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope))) continue;
    const found = typeIndex(t, scope).get(name);
    if (found) return found;
  }
  return undefined;
}

const typeIndexes = new WeakMap<ts.Node, Map<string, TypeDeclaration>>();

function typeIndex(t: TS, scope: ts.Node & { readonly statements: ts.NodeArray<ts.Statement> }): Map<string, TypeDeclaration> {
  let index = typeIndexes.get(scope);
  if (index) return index;
  index = new Map();
  for (const statement of scope.statements) {
    if ((t.isInterfaceDeclaration(statement) || t.isClassDeclaration(statement) || t.isTypeAliasDeclaration(statement)) && statement.name) {
      if (!index.has(statement.name.text)) index.set(statement.name.text, statement);
    }
  }
  typeIndexes.set(scope, index);
  return index;
}

/** The module an import declaration of `declaration` reads from, e.g. "node:fs/promises". */
export function importModule(t: TS, declaration: ValueDeclaration): string | undefined {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (t.isImportDeclaration(node)) return t.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    if (t.isStatement(node)) return undefined;
  }
  return undefined;
}

/** The name an import binding has in its module: `readFile` for `import { readFile as rf }`, "*" for namespaces, "default". */
export function importedName(t: TS, declaration: ValueDeclaration): string | undefined {
  if (t.isImportSpecifier(declaration)) return (declaration.propertyName ?? declaration.name).text;
  if (t.isNamespaceImport(declaration)) return "*";
  if (t.isImportClause(declaration)) return "default";
  return undefined;
}
