// A class member (or an interface's or abstract member's declaration) that returns a promise
// where its inherited or implemented declaration returns `void`: callers that know the object by
// its base type (a framework calling `ngOnInit()`, `using` calling
// `[Symbol.dispose]()`) drop the promise.
import type * as ts from "typescript";
import { propertyNameText } from "./syntax.js";
import type { AnalysisContext } from "./types.js";

export type ClassMember = ts.MethodDeclaration | ts.PropertyDeclaration;
/** A member that can override or implement one: a class member, or an interface's method or property. */
export type Member = ClassMember | ts.MethodSignature | ts.PropertySignature;

/**
 * A member declared without a body: an interface's method or property signature, or a class's
 * abstract method, property or accessor. Nothing runs there, but its type is what callers see.
 */
export function bodilessMember(ctx: AnalysisContext, node: ts.Node): Member | undefined {
  const t = ctx.ts;
  if ((t.isMethodSignature(node) || t.isPropertySignature(node)) && t.isInterfaceDeclaration(node.parent)) return node;
  const isAbstract = (t.getCombinedModifierFlags(node as ts.Declaration) & t.ModifierFlags.Abstract) !== 0;
  if (t.isMethodDeclaration(node) && !node.body && isAbstract && t.isClassLike(node.parent)) return node;
  if (t.isPropertyDeclaration(node) && !node.initializer && isAbstract && t.isClassLike(node.parent)) return node;
  return undefined;
}

/** The class member a function is, when it is one: a method, or an arrow / function field. */
export function classMemberOf(ctx: AnalysisContext, node: ts.Node): ClassMember | undefined {
  const t = ctx.ts;
  if (t.isMethodDeclaration(node) && t.isClassLike(node.parent)) return node;
  const parent = node.parent;
  return parent && t.isPropertyDeclaration(parent) && parent.initializer === node && t.isClassLike(parent.parent) ? parent : undefined;
}

/** For each base type (`extends` and `implements`) that declares the member, the member's type there and the base's name. */
export function baseMemberTypes(ctx: AnalysisContext, member: Member): { type: ts.Type; base: string }[] {
  const t = ctx.ts;
  const checker = ctx.checker;
  const cls = member.parent;
  if (!checker || !(t.isClassLike(cls) || t.isInterfaceDeclaration(cls)) || (t.getCombinedModifierFlags(member) & t.ModifierFlags.Static) !== 0) return [];
  const symbol = checker.getSymbolAtLocation(member.name);
  if (!symbol) return [];
  const found: { type: ts.Type; base: string }[] = [];
  for (const clause of cls.heritageClauses ?? []) {
    for (const heritage of clause.types) {
      const baseType = checker.getTypeAtLocation(heritage);
      const property = checker.getPropertyOfType(baseType, symbol.escapedName as string);
      if (!property) continue;
      const name = heritage.expression.getText(ctx.sourceFile);
      found.push({ type: checker.getTypeOfSymbolAtLocation(property, heritage), base: `${name}.${propertyNameText(t, member.name) ?? symbol.name}` });
    }
  }
  return found;
}

/** `[Symbol.dispose]` is only ever called by `using` and disposable stacks, which drop what it returns. */
export function isSyncDisposer(ctx: AnalysisContext, member: { readonly name: ts.PropertyName }): boolean {
  const t = ctx.ts;
  const name = member.name;
  return t.isComputedPropertyName(name) && name.expression.getText(ctx.sourceFile) === "Symbol.dispose";
}
