import { Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import taskguard from "eslint-plugin-taskguard";
const linter = new Linter();
const msgs = linter.verify(process.argv[2], [...[taskguard.configs.recommended].flat(), { files: ["**/*.ts"], languageOptions: { parser: tsParser } }], "x.ts");
for (const m of msgs) console.log(m.line + ":" + m.column, m.ruleId, m.message);
