// taskguard is ESM-only. TypeScript rejects an ES import in a CommonJS file (TS1479) under
// node16/node18, and under nodenext before 5.8; elsewhere it emits a `require()` that Node >= 20.19
// (the runtime's floor) loads, and --verify catches a package it cannot resolve.
import type * as ts from "typescript";
import type { AnalysisContext, TS } from "../types.js";

/**
 * Why the file cannot import taskguard, if it cannot: it is CommonJS (its extension, or its
 * package.json as the program says) under module options that reject the import. Without the
 * options, a CommonJS file is taken to reject it.
 */
export function commonJsReason(ctx: AnalysisContext, options: ts.CompilerOptions | undefined): string | undefined {
  const t = ctx.ts;
  const extension = /\.c[jt]s$/.exec(ctx.sourceFile.fileName)?.[0];
  const why = extension ? `a \`${extension}\` file` : ctx.sourceFile.impliedNodeFormat === t.ModuleKind.CommonJS ? 'its package.json has no `"type": "module"`' : undefined;
  if (!why || (options && !rejectsEsmImport(t, options))) return undefined;
  return why;
}

function rejectsEsmImport(t: TS, options: ts.CompilerOptions): boolean {
  const module = options.module;
  if (module === t.ModuleKind.Node16 || module === t.ModuleKind.Node18) return true;
  const [major = 0, minor = 0] = t.versionMajorMinor.split(".").map(Number);
  return module === t.ModuleKind.NodeNext && (major < 5 || (major === 5 && minor < 8));
}
