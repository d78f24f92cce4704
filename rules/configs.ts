// The shareable flat configs, derived from each rule's `meta.docs`: `recommended` runs every
// recommended rule syntactically, the type-checked configs add type information, and
// `strict-type-checked` also applies each rule's `strictOptions`.
import parser from "@typescript-eslint/parser";
import type { TSESLint } from "@typescript-eslint/utils";
import type { TaskguardRuleDocs } from "./create-rule.js";

export type ConfigName = "recommended" | "recommended-type-checked" | "strict-type-checked";

interface PluginWithRules {
  readonly rules: Readonly<Record<string, { readonly meta: { readonly docs?: TaskguardRuleDocs } }>>;
}

const files = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];

/** Each config is an array, so it spreads into a flat config: `...taskguard.configs.recommended`. */
export function createConfigs(plugin: PluginWithRules & TSESLint.FlatConfig.Plugin): Record<ConfigName, TSESLint.FlatConfig.ConfigArray> {
  const entries = Object.entries(plugin.rules).filter(([, rule]) => rule.meta.docs?.recommended === true);
  const recommendedRules = Object.fromEntries(entries.map(([name]) => [`taskguard/${name}`, "error" as const]));
  const strictRules: TSESLint.FlatConfig.Rules = Object.fromEntries(
    entries.map(([name, rule]): [string, TSESLint.FlatConfig.RuleEntry] => {
      const strict = rule.meta.docs?.strictOptions;
      return [`taskguard/${name}`, strict ? ["error", { ...strict }] : "error"];
    }),
  );
  const base = (name: ConfigName, rules: TSESLint.FlatConfig.Rules, typeChecked: boolean): TSESLint.FlatConfig.Config => ({
    name: `taskguard/${name}`,
    files,
    languageOptions: { parser, ...(typeChecked ? { parserOptions: { projectService: true } } : {}) },
    plugins: { taskguard: plugin },
    rules,
  });
  return {
    recommended: [base("recommended", recommendedRules, false)],
    "recommended-type-checked": [base("recommended-type-checked", recommendedRules, true)],
    "strict-type-checked": [base("strict-type-checked", strictRules, true)],
  };
}
