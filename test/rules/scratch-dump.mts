import { Linter } from "eslint";
import parser from "@typescript-eslint/parser";
import taskguard from "../../rules/index.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
const fixtureDir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const [rule, file] = process.argv.slice(2);
// blocks: "#typed? {options json}?\ncode" separated by ====
const cases = readFileSync(file!, "utf8").split("\n====\n");
const linter = new Linter({ cwd: fixtureDir });
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
for (const block of cases) {
  let code = block;
  let typed = false;
  let options: unknown;
  if (code.startsWith("#")) {
    const nl = code.indexOf("\n");
    const head = code.slice(1, nl);
    code = code.slice(nl + 1);
    typed = head.startsWith("typed");
    const json = head.replace(/^typed\s*/, "").trim();
    if (json) options = JSON.parse(json);
  }
  code = "\n" + code.replace(/\n*$/, "\n");
  const messages = linter.verify(code, [{ files: ["**/*.ts"], languageOptions: { parser, parserOptions: typed ? { projectService: { allowDefaultProject: ["*.ts*"] }, tsconfigRootDir: fixtureDir } : {} }, plugins: { taskguard: taskguard as never }, rules: { [`taskguard/${rule}`]: options ? ["error", options] : "error" } }], `${fixtureDir}file.ts`);
  console.log(`    {\n      code: \`${esc(code)}\`,${options ? `\n      options: [${JSON.stringify(options)}],` : ""}\n      errors: [`);
  for (const m of messages) {
    if (!m.messageId) { console.log("FATAL " + m.message); continue; }
    console.log(`        {\n          messageId: "${m.messageId}",\n          line: ${m.line},\n          // ${m.message}`);
    if (m.suggestions) {
      console.log(`          suggestions: [`);
      for (const s of m.suggestions) {
        const out = code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]);
        console.log(`            {\n              messageId: "${s.messageId}",\n              output: \`${esc(out)}\`,\n            },`);
      }
      console.log(`          ],`);
    }
    console.log(`        },`);
  }
  console.log(`      ],\n    },`);
}
