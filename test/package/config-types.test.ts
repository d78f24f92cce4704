// A user's eslint.config.ts with taskguard beside typescript-eslint type-checks against the
// installed ESLint with `skipLibCheck: false`, so the plugin's own .d.ts are checked too.
// (`npm run test:packages` repeats it from the tarballs under ESLint 10 and 9.39.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const consumer = fileURLToPath(new URL("../packages/fixtures/consumer/", import.meta.url));
const eslintVersion = (JSON.parse(readFileSync(new URL("../../node_modules/eslint/package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("plugin and config types", () => {
  it(`eslint.config.ts with defineConfig({ extends }), a spread into Linter.Config[], plugins: { taskguard } and ESLint.Plugin type-checks under ESLint ${eslintVersion}, skipLibCheck: false`, () => {
    const { config } = ts.readConfigFile(join(consumer, "tsconfig.json"), (path) => ts.sys.readFile(path)) as { config: unknown };
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, consumer);
    expect(parsed.options.skipLibCheck).toBe(false);
    expect(parsed.fileNames).toContain(join(consumer, "eslint.config.ts"));
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    // The plugin's declarations are in the program, not skipped: the config imports the package.
    expect(program.getSourceFiles().some((file) => /rules[\\/]dist[\\/]index\.d\.ts$/.test(file.fileName))).toBe(true);
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => consumer, getNewLine: () => "\n" };
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, host).trim())).toEqual([]);
  });
});
