// The project's formatter settings the codemod writes with: the nearest Prettier config (with
// Prettier's defaults for what it omits), else EditorConfig, else nothing.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectStyle } from "../../codemods/style-config.js";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "taskguard-style-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe("projectStyle()", () => {
  it("reads the `prettier` key of package.json, with Prettier's defaults for the rest (printWidth 80)", () => {
    const root = project({ ".editorconfig": "root = true\n", "package.json": JSON.stringify({ prettier: { semi: false, singleQuote: true } }) });
    expect(projectStyle(join(root, "src/a.ts"))).toEqual({
      printWidth: 80,
      quote: "'",
      semicolons: false,
      indentUnit: "  ",
      arrowParens: "always",
      bracketSpacing: true,
      trailingCommas: true,
      layout: "prettier",
    });
  });

  it("reads a YAML .prettierrc", () => {
    const root = project({ ".editorconfig": "root = true\n", ".prettierrc.yaml": "printWidth: 120\narrowParens: avoid\ntrailingComma: none\nuseTabs: true\n" });
    expect(projectStyle(join(root, "a.ts"))).toMatchObject({ printWidth: 120, arrowParens: "avoid", trailingCommas: false, indentUnit: "\t" });
  });

  it("falls back to EditorConfig's max_line_length and indentation for the sections that match the file", () => {
    const root = project({ ".editorconfig": "root = true\n[*]\nindent_style = space\nindent_size = 4\n[*.{js,ts}]\nmax_line_length = 110\n[*.md]\nmax_line_length = 60\n" });
    expect(projectStyle(join(root, "lib/b.ts"))).toEqual({ printWidth: 110, indentUnit: "    " });
  });

  it("says nothing when neither is there, so the file's own habits and the 100-column default apply", () => {
    const root = project({ ".editorconfig": "root = true\n" });
    expect(projectStyle(join(root, "c.ts"))).toEqual({});
  });
});
