// What a user of each rewritten module sees, compared with the module before the rewrite: every
// fixtures/codemod/<case>/ with a scenario.ts runs input.ts and output.ts under that scenario in
// child processes (behaviour-runner.ts), and expected.json holds what the output must show
// (close resolves, a second open/close works, errors reach onError or the caller, shutdown waits
// for the owner's own work). Events are compared as a sorted list: which events happen is the
// behaviour; their interleaving depends on timers and load.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { caseNames, casesDir } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const runner = join(root, "test/codemod/behaviour-runner.ts");

interface Expected {
  /** What output.ts shows. */
  readonly output: readonly string[];
  /** What input.ts shows, when the case compares it too (it differs unless `same` says otherwise). */
  readonly input?: readonly string[];
  /** The rewrite leaves this behaviour as it was (a manual step, or a fix that only names things). */
  readonly same?: boolean;
}

function observe(name: string, file: "input.ts" | "output.ts"): Promise<string[]> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ["--import", "tsx", runner, name, file], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      const last = stdout.trim().split("\n").at(-1);
      if (error || !last) fail(new Error(`${name}/${file} did not finish: ${error?.message ?? ""}\n${stderr}`));
      else done((JSON.parse(last) as string[]).sort());
    });
  });
}

const cases = caseNames().filter((name) => existsSync(join(casesDir, name, "scenario.ts")));

describe("taskguard fix — behaviour of rewritten modules, run for real", () => {
  it("has at least 20 behaviour-tested cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    it(`${name}: output.ts behaves as expected.json says; input.ts does not (or the same, where it says so)`, async () => {
      const expected = JSON.parse(readFileSync(join(casesDir, name, "expected.json"), "utf8")) as Expected;
      const [input, output] = await Promise.all([observe(name, "input.ts"), observe(name, "output.ts")]);
      expect(output).toEqual([...expected.output].sort());
      // Nothing the user did not cause: no crash, no TaskSetClosedError, no unhandled rejection.
      expect(output.filter((event) => /^(unhandled|uncaught|scenario threw)/.test(event))).toEqual([]);
      if (expected.input) expect(input).toEqual([...expected.input].sort());
      if (expected.same) expect(input).toEqual(output);
      else expect(input).not.toEqual(output);
    });
  }
});
