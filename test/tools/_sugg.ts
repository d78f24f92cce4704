import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import noFloatingTask from "../../rules/no-floating-task.js";
import noFloatingCallback from "../../rules/no-floating-callback.js";
import noDanglingTask from "../../rules/no-dangling-task.js";
import { readFileSync } from "node:fs";
const rules = { "no-floating-task": noFloatingTask, "no-floating-callback": noFloatingCallback, "no-dangling-task": noDanglingTask };
const [rule, mode, file] = process.argv.slice(2) as [keyof typeof rules, string, string];
const code = readFileSync(file, "utf8");
const root = join(import.meta.dirname, "../rules/fixtures");
const parserOptions = mode === "syntactic" ? {} : { projectService: { allowDefaultProject: ["*.ts*"] }, tsconfigRootDir: root };
const linter = new Linter({ cwd: root });
const messages = linter.verify(code, [{ files: ["**/*.ts"], languageOptions: { parser: tsParser, parserOptions }, plugins: { t: { rules } as never }, rules: { [`t/${rule}`]: "error" } }] as never, join(root, "file.ts"));
for (const m of messages) {
  console.log(`messageId: "${m.messageId}", line: ${m.line} // ${m.message}`);
  for (const s of m.suggestions ?? []) console.log(`--- ${s.messageId}\n${code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1])}---`);
}
