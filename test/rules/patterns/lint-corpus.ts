// Lints the pattern corpus with the plugin's own configs through ESLint's public API, the way a
// user's eslint.config.js would, in one of three modes.
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import plugin from "../../../rules/index.js";
import type { Requirement } from "./labels.js";

export const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../..");
export const corpusDir = join(repoRoot, "fixtures/patterns");

export interface Mode {
  readonly name: "syntactic" | "type-aware" | "strict";
  readonly config: "recommended" | "recommended-type-checked" | "strict-type-checked";
  readonly typed: boolean;
  /** Labels whose finding this mode must report. */
  readonly required: ReadonlySet<Requirement>;
  /** Labels whose finding this mode may report; anything else is a false positive. */
  readonly allowed: ReadonlySet<Requirement>;
}

export const syntacticMode: Mode = {
  name: "syntactic",
  config: "recommended",
  typed: false,
  required: new Set(["always"]),
  allowed: new Set(["always", "typed"]),
};
export const typeAwareMode: Mode = {
  name: "type-aware",
  config: "recommended-type-checked",
  typed: true,
  required: new Set(["always", "typed"]),
  allowed: new Set(["always", "typed"]),
};
export const strictMode: Mode = {
  name: "strict",
  config: "strict-type-checked",
  typed: true,
  required: new Set(["always", "typed", "strict"]),
  allowed: new Set(["always", "typed", "strict"]),
};
export const modes: readonly Mode[] = [syntacticMode, typeAwareMode, strictMode];

export interface Report {
  /** Relative to the repository root, e.g. `fixtures/patterns/calls.ts`. */
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly messageId: string | undefined;
  readonly message: string;
}

export interface LintOutcome {
  readonly reports: readonly Report[];
  /** Parse errors and other fatal messages, as `file:line: message`. */
  readonly fatal: readonly string[];
}

/** The corpus folder and the folders beside it with their own tsconfig.json (e.g. `untyped/`, without @types/node). */
export const corpusProjects: readonly string[] = [corpusDir, join(corpusDir, "untyped")];

export function corpusFiles(): string[] {
  return corpusProjects.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /\.tsx?$/.test(name))
      .sort()
      .map((name) => join(dir, name)),
  );
}

export async function lintCorpus(mode: Mode, files: readonly string[]): Promise<LintOutcome> {
  const pluginConfig = plugin.configs[mode.config];
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      ...[pluginConfig as Linter.Config | Linter.Config[]].flat(),
      {
        files: ["**/*.ts", "**/*.tsx"],
        languageOptions: {
          parser: tsParser,
          // Set both ways explicitly so a default in the plugin's config cannot switch modes. Typed
          // runs use the project service, as the plugin's configs do: it finds each folder's tsconfig.json as the
          // files' nearest tsconfig.json.
          parserOptions: mode.typed
            ? { projectService: true, project: false, tsconfigRootDir: repoRoot }
            : { projectService: false, project: false },
        },
      },
    ],
  });
  const reports: Report[] = [];
  const fatal: string[] = [];
  for (const result of await eslint.lintFiles([...files])) {
    const file = relative(repoRoot, result.filePath);
    for (const message of result.messages) {
      if (message.fatal === true || message.ruleId === null) {
        fatal.push(`${file}:${message.line}: ${message.message}`);
        continue;
      }
      const rule = message.ruleId.slice(message.ruleId.lastIndexOf("/") + 1);
      reports.push({ file, line: message.line, rule, messageId: message.messageId, message: message.message });
    }
  }
  return { reports, fatal };
}
