import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docsPath, docsUrl, packageVersion } from "../../rules/package-info.js";
import { rules } from "../../rules/index.js";

const headings = ["What it does", "Why is this bad?", "Example", "Use instead", "Options", "Fix safety", "When not to use it", "References"];

interface Schema {
  properties?: Record<string, { description?: string }>;
  additionalProperties?: boolean;
}

describe("rule docs", () => {
  for (const [name, rule] of Object.entries(rules)) {
    const doc = readFileSync(docsPath(name), "utf8");
    const sections = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const schemas = (Array.isArray(rule.meta.schema) ? rule.meta.schema : []) as Schema[];

    it(`${name}: meta.docs.url points at rules/${name}.md as this version ships it, headed like Ruff in order`, () => {
      expect(rule.meta.docs?.url).toBe(docsUrl(name));
      expect(docsUrl(name)).toBe(`https://unpkg.com/eslint-plugin-taskguard@${packageVersion}/${name}.md`);
      expect(doc.startsWith(`# ${name}\n`)).toBe(true);
      expect(sections).toEqual(headings);
    });

    it(`${name}: every option has a ### heading with a JSON example and a described, strict schema`, () => {
      const options = doc.slice(doc.indexOf("## Options"), doc.indexOf("## Fix safety"));
      for (const schema of schemas) {
        expect(schema.additionalProperties).toBe(false);
        for (const [option, property] of Object.entries(schema.properties ?? {})) {
          expect(property.description, `${name}.${option} description`).toBeTruthy();
          const section = options.split(/^### /m).find((part) => part.startsWith(`${option}\n`));
          expect(section, `### ${option} in rules/${name}.md`).toBeDefined();
          expect(section).toContain(`"taskguard/${name}": ["error", { "${option}"`);
        }
      }
      if (schemas.length === 0) expect(options).toContain("This rule has no options.");
    });
  }
});
