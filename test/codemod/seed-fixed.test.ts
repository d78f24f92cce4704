// fixtures/seed-fixed/ is the codemod's reviewed output for fixtures/seed/: the tool must keep
// reproducing it exactly, in type-aware and in syntactic mode, and it must stay clean.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnostics, fixText, fixturesDir } from "./harness.js";

const seedDir = join(fixturesDir, "seed");
const fixedDir = join(fixturesDir, "seed-fixed");
const seedFiles = readdirSync(seedDir).filter((file) => file.endsWith(".ts"));

describe("taskguard fix — fixtures/seed → fixtures/seed-fixed", () => {
  it("covers every seed module", () => {
    expect(readdirSync(fixedDir).sort()).toEqual([...seedFiles].sort());
  });

  for (const file of seedFiles) {
    const input = readFileSync(join(seedDir, file), "utf8");
    const expected = readFileSync(join(fixedDir, file), "utf8");

    it(`${file}: reproduces seed-fixed exactly with types`, () => {
      expect(fixText(join(seedDir, file), input).text).toBe(expected);
    });

    it(`${file}: reproduces seed-fixed exactly without types`, () => {
      expect(fixText(join(seedDir, file), input, false).text).toBe(expected);
    });

    it(`${file}: the fixed module type-checks and a second run changes nothing`, () => {
      expect(diagnostics(join(fixedDir, file), expected)).toEqual([]);
      expect(fixText(join(fixedDir, file), expected).text).toBe(expected);
    });
  }

  it("rewrites the 8 sites of the two owners with a lifecycle; SimpleLabRAG has none, so its 3 sites are manual steps", () => {
    const results = seedFiles.map((file) => fixText(join(seedDir, file), readFileSync(join(seedDir, file), "utf8")));
    expect(results.reduce((sum, result) => sum + result.rewritten, 0)).toBe(8);
    const steps = results.flatMap((result) => result.manualSteps.map((step) => step.message));
    expect(steps).toHaveLength(3);
    for (const step of steps) expect(step).toContain("`SimpleLabRAG` has no async stop/close/dispose method, so a TaskSet in it would never be shut down");
    expect(steps[0]).toMatch(/^`rag\.initialize` in `SimpleLabRAG constructor`/);
  });
});
