// The plugin's public types, written as the smallest structural types that ESLint 9's and 10's
// `Linter.Config`, `ESLint.Plugin` and `defineConfig`, and typescript-eslint's `FlatConfig`, all
// accept (typescript-eslint types its own configs the same way, as `CompatibleConfig`). The rules
// keep their full typescript-eslint types on the `rules` export of each rule file; only the
// default export, what a user's eslint.config.ts touches, is typed here.
import type { TaskguardRuleDocs } from "./create-rule.js";

/** A rule's severity, alone or with its options. */
export type CompatibleRuleEntry = "error" | "warn" | "off" | ["error" | "warn", Record<string, unknown>];

/** One flat config object; its parser and plugins are there at run time but not in the type. */
export interface CompatibleConfig {
  name?: string;
  files?: string[];
  rules?: Record<string, CompatibleRuleEntry>;
}

/** A rule as a plugin lists it. */
export interface CompatibleRule {
  meta: {
    type: "problem" | "suggestion" | "layout";
    docs?: TaskguardRuleDocs & { description?: string; url?: string };
    hasSuggestions?: boolean;
  };
  // `unknown`: each ESLint major passes its own context type; every one of them is accepted here.
  create(context: unknown): Record<string, ((...args: unknown[]) => void) | undefined>;
}

export interface CompatiblePlugin<RuleName extends string, ConfigName extends string> {
  meta: { name: string; version: string };
  rules: Record<RuleName, CompatibleRule>;
  /** Each config is an array: it spreads into a config array and goes in `extends` as it is. */
  configs: Record<ConfigName, CompatibleConfig[]>;
}
