// Each fixtures/codemod/<case>/ holds input.ts and the exact output.ts the codemod must produce
// (plus manual-steps.txt when it cannot finish the job safely).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseNames, casesDir, diagnostics, fixText, readCase } from "./harness.js";

describe("taskguard fix — fixtures/codemod cases", () => {
  const names = caseNames();

  it("has cases to run", () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of names) {
    describe(name, () => {
      const input = readCase(name, "input.ts");
      const expected = readCase(name, "output.ts");
      const path = join(casesDir, name, "input.ts");

      it("rewrites input.ts into output.ts exactly", () => {
        expect(fixText(path, input).text).toBe(expected);
      });

      it("lists exactly the manual steps in manual-steps.txt", () => {
        const file = join(casesDir, name, "manual-steps.txt");
        const want = existsSync(file) ? readFileSync(file, "utf8") : "";
        const got = fixText(path, input).manualSteps.map((step) => `${step.line}: ${step.message}\n`).join("");
        expect(got).toBe(want);
      });

      it("changes nothing when run again on its output", () => {
        const again = fixText(path, expected);
        expect(again.text).toBe(expected);
        expect(again.rewritten).toBe(0);
      });

      it("type-checks before and after", () => {
        expect(diagnostics(path, input)).toEqual([]);
        expect(diagnostics(path, expected)).toEqual([]);
      });
    });
  }
});
