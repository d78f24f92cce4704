// Syntactic mode's answer to "does the declared type here return void?": the caller of a function
// put in this position drops what it returns. Decided from what the file declares (its functions,
// methods, overloads, interfaces, type aliases, classes and their same-file bases); anything it
// cannot see answers "no", so this never reports what the checker would accept.
import type * as ts from "typescript";
import type { Member } from "./overrides.js";
import { declaredMembers, declaredParameterTypes, declaredReturnType, inheritedMembers } from "./promise.js";
import { findTypeDeclaration, findValueDeclaration } from "./scope.js";
import { enclosingFunction, isAsyncFunction, isFunctionExpressionLike, propertyNameText, skipOuter } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

const maxDepth = 6;

/** Whether every signature a call can reach declares argument `index` as a function returning `void`. */
export function argumentDropsResult(ctx: AnalysisContext, call: ts.CallExpression | ts.NewExpression, index: number): boolean {
  const types = declaredParameterTypes(ctx, call, index);
  return types !== undefined && types.every((type) => typeDropsResult(ctx, type, 0));
}

/** Whether a value in this position (a property, a typed variable, a returned value) is declared as a function returning `void`. */
export function valueDropsResult(ctx: AnalysisContext, node: ts.Node): boolean {
  if (isIntrinsicEventHandler(ctx, node)) return true;
  const declared = declaredFor(ctx, node, 0);
  return declared !== undefined && declared.every((declaration) => declarationDropsResult(ctx, declaration, 0)) && declared.length > 0;
}

/** The same-file base (`OnInit`, `Job`) whose declaration of this member returns `void`, if any. */
export function droppingBase(ctx: AnalysisContext, member: Member): string | undefined {
  const t = ctx.ts;
  const name = propertyNameText(t, member.name);
  if (name === undefined || !(t.isClassLike(member.parent) || t.isInterfaceDeclaration(member.parent))) return undefined;
  // A static member overrides nothing an instance's callers see.
  if (t.getCombinedModifierFlags(member) & t.ModifierFlags.Static) return undefined;
  const found = inheritedMembers(ctx, member.parent, name).find(
    ({ declarations }) => declarations.length > 0 && declarations.every((declaration) => declarationDropsResult(ctx, declaration, 0)),
  );
  return found && `${found.base}.${name}`;
}

/** What the value at `node` is declared as: type nodes or member declarations, or undefined when unknown. */
function declaredFor(ctx: AnalysisContext, node: ts.Node, depth: number): ts.Node[] | undefined {
  const t = ctx.ts;
  if (depth > maxDepth) return undefined;
  let value: ts.Node = node;
  while (value.parent && (t.isParenthesizedExpression(value.parent) || t.isAsExpression(value.parent))) value = value.parent;
  const parent = value.parent;
  if (!parent) return undefined;
  if (t.isMethodDeclaration(node) && t.isObjectLiteralExpression(parent)) return memberOfLiteral(ctx, parent, node.name, depth);
  if ((t.isPropertyAssignment(parent) && parent.initializer === value) || (t.isShorthandPropertyAssignment(parent) && parent.name === value)) {
    return t.isObjectLiteralExpression(parent.parent) ? memberOfLiteral(ctx, parent.parent, parent.name, depth) : undefined;
  }
  if (t.isVariableDeclaration(parent) && parent.initializer === value) return parent.type && [parent.type];
  if (t.isSatisfiesExpression(parent)) return [parent.type];
  if (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === value)) {
    const fn = t.isArrowFunction(parent) ? parent : enclosingFunction(t, parent);
    // An async function's or generator's declared type wraps what it returns.
    if (!fn || isAsyncFunction(t, fn) || ("asteriskToken" in fn && fn.asteriskToken)) return undefined;
    const type = declaredReturnType(t, fn);
    return type && [type];
  }
  if (t.isJsxExpression(parent) && parent.parent && t.isJsxAttribute(parent.parent)) return componentProp(ctx, parent.parent);
  if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && t.isExpression(value) && parent.arguments) {
    const index = parent.arguments.indexOf(value);
    if (index === -1 || parent.arguments.slice(0, index).some((arg) => t.isSpreadElement(arg))) return undefined;
    return declaredParameterTypes(ctx, parent, index);
  }
  return undefined;
}

/**
 * `<button onClick={…}>`: an event handler of an intrinsic (lower-case) element. The DOM calls it
 * and drops what it returns in every JSX runtime's element types, so no declaration is needed;
 * a file that declares its own `JSX.IntrinsicElements` is judged by that declaration instead.
 */
function isIntrinsicEventHandler(ctx: AnalysisContext, node: ts.Node): boolean {
  const t = ctx.ts;
  const expression = node.parent;
  const attribute = expression?.parent;
  if (!expression || !t.isJsxExpression(expression) || !attribute || !t.isJsxAttribute(attribute) || !t.isIdentifier(attribute.name)) return false;
  const tag = attribute.parent.parent.tagName;
  if (!t.isIdentifier(tag) || !/^[a-z]/.test(tag.text)) return false;
  const declared = intrinsicElements(ctx);
  if (!declared) return /^on[A-Z][A-Za-z]*$/.test(attribute.name.text);
  const element = declared.members.find((member) => t.isPropertySignature(member) && propertyNameText(t, member.name) === tag.text);
  const props = element && t.isPropertySignature(element) ? element.type : undefined;
  const members = props ? declaredMembers(ctx, props, attribute.name.text) : [];
  return members.length > 0 && members.every((member) => declarationDropsResult(ctx, member, 0));
}

/** The file's own `namespace JSX { interface IntrinsicElements … }`, at the top level or in `declare global`. */
const intrinsicElementsOf = new WeakMap<ts.SourceFile, ts.InterfaceDeclaration | null>();

function intrinsicElements(ctx: AnalysisContext): ts.InterfaceDeclaration | undefined {
  const t = ctx.ts;
  const file = ctx.sourceFile;
  if (!intrinsicElementsOf.has(file)) {
    const namespaces = (statements: readonly ts.Statement[]): ts.ModuleDeclaration[] =>
      statements.filter((statement): statement is ts.ModuleDeclaration => t.isModuleDeclaration(statement));
    const bodyOf = (declaration: ts.ModuleDeclaration): readonly ts.Statement[] =>
      declaration.body && t.isModuleBlock(declaration.body) ? declaration.body.statements : [];
    const top = namespaces(file.statements);
    const jsx = [...top, ...top.filter((declaration) => declaration.name.text === "global").flatMap((declaration) => namespaces(bodyOf(declaration)))].filter(
      (declaration) => declaration.name.text === "JSX",
    );
    const found = jsx
      .flatMap(bodyOf)
      .find((statement): statement is ts.InterfaceDeclaration => t.isInterfaceDeclaration(statement) && statement.name.text === "IntrinsicElements");
    intrinsicElementsOf.set(file, found ?? null);
  }
  return intrinsicElementsOf.get(file) ?? undefined;
}

/** `<Panel onClose={…}>` where `Panel` is a same-file function component: its props type's `onClose`. */
function componentProp(ctx: AnalysisContext, attribute: ts.JsxAttribute): ts.Node[] | undefined {
  const t = ctx.ts;
  const tag = attribute.parent.parent.tagName;
  const name = t.isIdentifier(attribute.name) ? attribute.name.text : undefined;
  if (name === undefined || !t.isIdentifier(tag) || !/^[A-Z]/.test(tag.text)) return undefined;
  const declaration = findValueDeclaration(t, tag, tag.text);
  const component =
    declaration && t.isFunctionDeclaration(declaration)
      ? declaration
      : declaration && t.isVariableDeclaration(declaration) && !declaration.type && declaration.initializer
        ? skipOuter(t, declaration.initializer)
        : undefined;
  if (!component || !(t.isFunctionDeclaration(component) || isFunctionExpressionLike(t, component))) return undefined;
  const props = component.parameters[0]?.type;
  if (!props) return undefined;
  const members = declaredMembers(ctx, props, name);
  return members.length > 0 ? members : undefined;
}

/** Each object literal's declared types, asked once for all its properties. */
const literalTypes = new WeakMap<ts.ObjectLiteralExpression, ts.Node[] | undefined>();

function memberOfLiteral(ctx: AnalysisContext, literal: ts.ObjectLiteralExpression, name: ts.PropertyName, depth: number): ts.Node[] | undefined {
  const member = propertyNameText(ctx.ts, name);
  if (!literalTypes.has(literal)) literalTypes.set(literal, declaredFor(ctx, literal, depth + 1));
  const types = literalTypes.get(literal);
  if (member === undefined || !types) return undefined;
  const members = types.flatMap((type) => (ctx.ts.isTypeNode(type) ? declaredMembers(ctx, type, member) : []));
  return members.length > 0 ? members : undefined;
}

/** A member declaration or type node whose function returns `void`. */
function declarationDropsResult(ctx: AnalysisContext, declaration: ts.Node, depth: number): boolean {
  const t = ctx.ts;
  if (t.isTypeNode(declaration)) return typeDropsResult(ctx, declaration, depth);
  if (t.isMethodSignature(declaration) || t.isMethodDeclaration(declaration)) return isVoidType(ctx, declaration.type);
  if ((t.isPropertySignature(declaration) || t.isPropertyDeclaration(declaration)) && declaration.type) return typeDropsResult(ctx, declaration.type, depth);
  return false;
}

/** A function type returning `void`, through parentheses, `| undefined`, and same-file aliases and interfaces. */
function typeDropsResult(ctx: AnalysisContext, type: ts.TypeNode, depth: number): boolean {
  const t = ctx.ts;
  if (depth > maxDepth) return false;
  if (t.isParenthesizedTypeNode(type)) return typeDropsResult(ctx, type.type, depth);
  if (t.isFunctionTypeNode(type)) return isVoidType(ctx, type.type);
  if (t.isUnionTypeNode(type)) {
    const functions = type.types.filter((part) => !isNothing(ctx, part));
    return functions.length > 0 && functions.every((part) => typeDropsResult(ctx, part, depth + 1));
  }
  const callSignatures = (members: readonly ts.Node[]): boolean => {
    const calls = members.filter((member): member is ts.CallSignatureDeclaration => t.isCallSignatureDeclaration(member));
    return calls.length > 0 && calls.every((call) => isVoidType(ctx, call.type));
  };
  if (t.isTypeLiteralNode(type)) return callSignatures(type.members);
  if (!t.isTypeReferenceNode(type) || !t.isIdentifier(type.typeName) || type.typeArguments) return false;
  const declaration = findTypeDeclaration(t, type, type.typeName.text);
  if (declaration && t.isTypeAliasDeclaration(declaration) && !declaration.typeParameters) return typeDropsResult(ctx, declaration.type, depth + 1);
  return declaration !== undefined && t.isInterfaceDeclaration(declaration) && !declaration.heritageClauses && callSignatures(declaration.members);
}

function isVoidType(ctx: AnalysisContext, type: ts.TypeNode | undefined): boolean {
  return type !== undefined && type.kind === ctx.ts.SyntaxKind.VoidKeyword;
}

function isNothing(ctx: AnalysisContext, type: ts.TypeNode): boolean {
  const t = ctx.ts;
  return type.kind === t.SyntaxKind.UndefinedKeyword || (t.isLiteralTypeNode(type) && type.literal.kind === t.SyntaxKind.NullKeyword);
}

