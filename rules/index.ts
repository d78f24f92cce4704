// The ESLint plugin, exported as "taskguard/eslint":
//   import taskguard from "taskguard/eslint";
//   export default [...taskguard.configs.recommended];
import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "./all-rules.js";
import { createConfigs, type ConfigName } from "./configs.js";
import { packageVersion } from "./package-info.js";

const configs = {} as Record<ConfigName, TSESLint.FlatConfig.ConfigArray>;

const plugin = {
  meta: { name: "taskguard", version: packageVersion },
  rules,
  configs,
};

// The configs register the plugin itself, so they are filled in once it exists.
Object.assign(configs, createConfigs(plugin));

export default plugin;
export { rules };
