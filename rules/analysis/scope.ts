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
    for (const statement of scope.statements) {
      const match = statementDeclares(t, statement, name);
      if (match) return match;
    }
  }
  return undefined;
}

function statementDeclares(t: TS, statement: ts.Statement, name: string): ValueDeclaration | undefined {
  if (t.isVariableStatement(statement)) return inDeclarationList(t, statement.declarationList, name);
  if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement)) && statement.name?.text === name) {
    return statement;
  }
  if (t.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return undefined;
    if (clause.name?.text === name) return clause;
    const bindings = clause.namedBindings;
    if (bindings && t.isNamespaceImport(bindings) && bindings.name.text === name) return bindings;
    if (bindings && t.isNamedImports(bindings)) return bindings.elements.find((e) => e.name.text === name);
  }
  return undefined;
}

function inDeclarationList(t: TS, list: ts.VariableDeclarationList, name: string): ValueDeclaration | undefined {
  for (const declaration of list.declarations) {
    const match = bindingNamed(t, declaration, declaration.name, name);
    if (match) return match;
  }
  return undefined;
}

function bindingNamed<D extends ValueDeclaration>(
  t: TS,
  owner: D,
  binding: ts.BindingName,
  name: string,
): D | ts.BindingElement | undefined {
  if (t.isIdentifier(binding)) return binding.text === name ? owner : undefined;
  for (const element of binding.elements) {
    if (t.isOmittedExpression(element)) continue;
    if (t.isIdentifier(element.name)) {
      if (element.name.text === name) return element;
    } else {
      const nested = bindingNamed(t, element, element.name, name);
      if (nested) return nested;
    }
  }
  return undefined;
}

export type TypeDeclaration = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration;

/** The nearest interface, class or type alias called `name` visible from `from`. */
export function findTypeDeclaration(t: TS, from: ts.Node, name: string): TypeDeclaration | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (!(t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope))) continue;
    for (const statement of scope.statements) {
      if (
        (t.isInterfaceDeclaration(statement) || t.isClassDeclaration(statement) || t.isTypeAliasDeclaration(statement)) &&
        statement.name?.text === name
      ) {
        return statement;
      }
    }
  }
  return undefined;
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
