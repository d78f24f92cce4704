// @ts-check
// taskguard lints itself: typescript-eslint's recommended-type-checked plus taskguard's own recommended-type-checked
// config, loaded from the build (`npm test` builds before it lints).
import tseslint from "typescript-eslint";
import taskguard from "eslint-plugin-taskguard";

export default tseslint.config(
  { ignores: ["**/dist/**", "node_modules/**", "fixtures/**", "test/**/fixtures/**", "coverage/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  ...taskguard.configs["recommended-type-checked"],
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js"] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
