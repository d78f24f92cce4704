// The ESLint plugin, published as "eslint-plugin-taskguard":
//   import taskguard from "eslint-plugin-taskguard";
//   export default [...taskguard.configs.recommended];
import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "./all-rules.js";
import { createConfigs, type ConfigName } from "./configs.js";
import { packageVersion } from "./package-info.js";

const configs = {} as Record<ConfigName, TSESLint.FlatConfig.ConfigArray>;

const plugin = {
  meta: { name: "eslint-plugin-taskguard", version: packageVersion },
  rules,
  configs,
};

// The configs register the plugin itself, so they are filled in once it exists.
Object.assign(configs, createConfigs(plugin));

export default plugin;
export { rules };
