// The ESLint plugin, published as "eslint-plugin-taskguard":
//   import taskguard from "eslint-plugin-taskguard";
//   export default defineConfig(taskguard.configs["recommended-type-checked"]);
import { rules } from "./all-rules.js";
import type { CompatiblePlugin, CompatibleRule } from "./compatibility-types.js";
import { createConfigs, type ConfigName, type TaskguardConfig } from "./configs.js";
import { packageVersion } from "./package-info.js";

export type RuleName = keyof typeof rules;
export type TaskguardPlugin = CompatiblePlugin<RuleName, ConfigName>;
export type { CompatibleConfig, CompatibleRule, CompatibleRuleEntry } from "./compatibility-types.js";
export type { ConfigName } from "./configs.js";

const configs = {} as Record<ConfigName, TaskguardConfig[]>;

const plugin = {
  meta: { name: "eslint-plugin-taskguard", version: packageVersion },
  // typescript-eslint types a rule's `create` for its own context type only, which no ESLint
  // major's plugin type accepts; the rule objects themselves are what ESLint expects.
  rules: rules as Record<RuleName, CompatibleRule>,
  configs,
};

// The configs register the plugin itself, so they are filled in once it exists.
Object.assign(configs, createConfigs(plugin));

export default plugin satisfies TaskguardPlugin as TaskguardPlugin;
export { rules };
