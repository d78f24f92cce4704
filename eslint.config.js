// @ts-check
// taskguard lints itself as its README tells users to: typescript-eslint's recommended-type-checked,
// taskguard's own recommended-type-checked config (loaded from the build: `npm test` builds before it
// lints) and the overlap config after them.
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import taskguard from "eslint-plugin-taskguard";

export default defineConfig(
  { ignores: ["**/dist/**", "node_modules/**", "fixtures/**", "test/**/fixtures/**", "coverage/**"] },
  tseslint.configs.recommendedTypeChecked,
  taskguard.configs["recommended-type-checked"],
  taskguard.configs["disable-typescript-eslint-overlap"],
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js"] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], extends: [tseslint.configs.disableTypeChecked] },
);
