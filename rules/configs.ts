// The shareable flat configs, derived from each rule's `meta.docs`: `recommended` runs every
// recommended rule syntactically, the type-checked configs add type information for TypeScript
// files, `strict-type-checked` also applies each rule's `strictOptions`, and
// `disable-typescript-eslint-overlap` turns off what typescript-eslint would report a second time.
import type * as Parser from "@typescript-eslint/parser";
import type { CompatibleConfig, CompatibleRuleEntry } from "./compatibility-types.js";
import type { TaskguardRuleDocs } from "./create-rule.js";
import { loadParser, parserVersion } from "./lazy-modules.js";

export type ConfigName = "recommended" | "recommended-type-checked" | "strict-type-checked" | "disable-typescript-eslint-overlap";

interface PluginWithRules {
  readonly rules: Readonly<Record<string, { readonly meta: { readonly docs?: TaskguardRuleDocs } }>>;
}

/** A config object as the configs build it: what `CompatibleConfig` leaves out of the public type. */
export interface TaskguardConfig extends CompatibleConfig {
  plugins?: Record<string, PluginWithRules>;
  languageOptions?: { parser: LazyParser; parserOptions?: { projectService: true } };
}

interface LazyParser {
  meta: { name: string; version: string };
  parseForESLint: typeof Parser.parseForESLint;
}

const typeScriptFiles = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
// JavaScript files get the same parser, so the rules work there (syntactically) instead of failing
// on ESLint's default parser, which gives them no TypeScript nodes.
const javaScriptFiles = ["**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"];

/** typescript-eslint's parser, loaded on the first file it parses rather than with the plugin. */
const parser: LazyParser = {
  meta: { name: "typescript-eslint/parser (loaded by eslint-plugin-taskguard)", version: parserVersion() },
  parseForESLint: (code, options) => loadParser().parseForESLint(code, options),
};

/** Each config is an array, so it spreads into a flat config: `...taskguard.configs.recommended`. */
export function createConfigs(plugin: PluginWithRules): Record<ConfigName, TaskguardConfig[]> {
  const entries = Object.entries(plugin.rules).filter(([, rule]) => rule.meta.docs?.recommended === true);
  const recommendedRules = Object.fromEntries(entries.map(([name]): [string, CompatibleRuleEntry] => [`taskguard/${name}`, "error"]));
  const strictRules = Object.fromEntries(
    entries.map(([name, rule]): [string, CompatibleRuleEntry] => {
      const strict = rule.meta.docs?.strictOptions;
      return [`taskguard/${name}`, strict ? ["error", { ...strict }] : "error"];
    }),
  );
  const base = (name: ConfigName, rules: Record<string, CompatibleRuleEntry>): TaskguardConfig => ({
    name: `taskguard/${name}`,
    files: [...typeScriptFiles, ...javaScriptFiles],
    languageOptions: { parser },
    plugins: { taskguard: plugin },
    rules,
  });
  // Type information for TypeScript files only: a JavaScript file outside the tsconfig would be
  // a parse error under the project service. A project with `allowJs` can add it for its files.
  const typeChecked = (name: ConfigName, rules: Record<string, CompatibleRuleEntry>): TaskguardConfig[] => [
    base(name, rules),
    { name: `taskguard/${name}/type-information`, files: typeScriptFiles, languageOptions: { parser, parserOptions: { projectService: true } } },
  ];
  return {
    recommended: [base("recommended", recommendedRules)],
    "recommended-type-checked": typeChecked("recommended-type-checked", recommendedRules),
    "strict-type-checked": typeChecked("strict-type-checked", strictRules),
    "disable-typescript-eslint-overlap": [
      {
        // After typescript-eslint's configs: no-floating-task and no-floating-callback report these
        // sites already, so each would be reported twice (and tse's "add void" suggestion would
        // trigger no-floating-task's `void` report). Only for TypeScript files, where the
        // type-checked configs run type-aware; `error` because a flat config cannot change a rule's
        // options without restating its severity.
        name: "taskguard/disable-typescript-eslint-overlap",
        files: typeScriptFiles,
        rules: {
          "@typescript-eslint/no-floating-promises": "off",
          "@typescript-eslint/no-misused-promises": ["error", { checksConditionals: true, checksSpreads: true, checksVoidReturn: false }],
        },
      },
    ],
  };
}
