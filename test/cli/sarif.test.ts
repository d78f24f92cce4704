// `taskguard check --format sarif` as GitHub code scanning takes it: valid SARIF 2.1.0, the fields
// GitHub requires (its GH rules in the SARIF multitool), URIs relative to the repository root.
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { floating, taskguard, useTempDirs } from "./harness.js";

const tempDir = useTempDirs();

interface Sarif {
  runs: {
    tool: { driver: { name: string; informationUri: string; rules: Rule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[];
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[];
  }[];
}
interface Rule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string; markdown: string };
  help: { text: string; markdown: string };
  helpUri: string;
}
interface Notification {
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
}

/** A git repository with the project in a subfolder, run from that subfolder. */
function repository(): { repo: string; sarif: Sarif; text: string; code: number | null } {
  const repo = tempDir({ "service/src/worker.ts": floating, "service/src/broken.ts": "export function broken( {\n  return 1;\n}\n" });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  const { code, stdout } = taskguard(join(repo, "service"), ["check", "src", "--format", "sarif"]);
  return { repo, sarif: JSON.parse(stdout) as Sarif, text: stdout, code };
}

/**
 * The SARIF multitool (`@microsoft/sarif-multitool`, devDependency) ships the official SARIF 2.1.0
 * schema beside its binary, in the package for this platform.
 */
function multitool(): { schema: string; binary: string } | undefined {
  const require = createRequire(import.meta.url);
  for (const platform of ["linux", "darwin", "win32"]) {
    try {
      const folder = dirname(require.resolve(`@microsoft/sarif-multitool-${platform}/package.json`));
      if (existsSync(join(folder, "sarif-2.1.0.json"))) return { schema: join(folder, "sarif-2.1.0.json"), binary: join(folder, platform === "win32" ? "Sarif.Multitool.exe" : "Sarif.Multitool") };
    } catch {
      // not this platform's package
    }
  }
  return undefined;
}

describe("taskguard check --format sarif", () => {
  it("gives each rule its doc, locations relative to the repository root, and a notification per unparsable file", () => {
    const { repo, sarif, code } = repository();
    expect(code).toBe(3);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.informationUri).toMatch(/^(https|file):\/\//);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text).toMatch(/^Checks for /);
      expect(rule.help.markdown).toContain("## Why is this bad?");
      expect(rule.help.text).toContain("Why is this bad?");
      expect(rule.help.text).not.toContain("## ");
      expect(rule.helpUri).toMatch(new RegExp(`^https://.*/${rule.id}\\.md$`));
    }
    expect(run.originalUriBaseIds["%SRCROOT%"]?.uri).toBe(`file://${repo}/`);
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: "no-floating-task",
        level: "error",
        locations: [{ physicalLocation: { artifactLocation: { uri: "service/src/worker.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 17 } } }],
      }),
    ]);
    const [notification, ...more] = run.invocations[0]!.toolExecutionNotifications;
    expect(more).toEqual([]);
    expect(notification).toMatchObject({
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "service/src/broken.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 2 } } }],
    });
    expect(notification!.message.text).toMatch(/^service\/src\/broken\.ts: syntax error: /);
  });

  const tool = multitool();
  it.skipIf(tool === undefined)("validates against the SARIF 2.1.0 schema, and GitHub's rules of the SARIF multitool find no error", () => {
    const { schema, binary } = tool!;
    const { repo, sarif, text } = repository();
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schema, "utf8")) as object);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);

    // The root package.json approves the package's postinstall (`chmod u+x`) in `allowScripts`.
    expect(() => accessSync(binary, constants.X_OK), `${binary} is not executable: run npm rebuild @microsoft/sarif-multitool-linux`).not.toThrow();
    const log = join(repo, "taskguard.sarif");
    writeFileSync(log, text);
    const result = spawnSync(binary, ["validate", "--rule-kind", "Gh;Sarif", log], { encoding: "utf8" });
    const errors = result.stdout.split("\n").filter((line) => /: error /.test(line));
    expect(errors).toEqual([]);
  });
});
