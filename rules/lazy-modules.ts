// TypeScript and typescript-eslint's parser, loaded on first use. Importing the plugin is paid on
// every ESLint start (cache hits included), and most of that cost is TypeScript: the parser loads it
// as soon as ESLint parses a file anyway, so the plugin defers both until a rule or a config asks.
// `require`, not `import`: rules run synchronously, and Node's ESM wrapper for a CommonJS module
// this size would first scan all of typescript.js for its export names.
import { createRequire } from "node:module";
import type * as Parser from "@typescript-eslint/parser";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);

let typescript: typeof TS | undefined;
let parser: typeof Parser | undefined;

/**
 * The `typescript` the user installed (the plugin's peer), as the parser resolves it. Copied once
 * (about 5 ms): its CommonJS exports are ~2,000 getters on one object, and the analysis reads
 * `ts.isX` / `ts.SyntaxKind` for every node it looks at, about twice as fast from plain values.
 */
export function loadTypeScript(): typeof TS {
  return (typescript ??= { ...(require("typescript") as typeof TS) });
}

export function loadParser(): typeof Parser {
  return (parser ??= require("@typescript-eslint/parser") as typeof Parser);
}

/** The parser's version, for ESLint's config serialisation, without loading the parser. */
export function parserVersion(): string {
  return (require("@typescript-eslint/parser/package.json") as { version: string }).version;
}
