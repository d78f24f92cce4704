// What codemod users expect from jscodeshift and @next/codemod: --version, -o, --ignore,
// .gitignore, globs, colour only on a terminal, the files written, and exit codes that mean something.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { floating, root, taskguard, useTempDirs } from "./harness.js";

const tempDir = useTempDirs();

const escape = "\u001b[";

function reported(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => /^\S+:\d+:\d+ {2}/.test(line))
    .map((line) => line.split(":")[0]!);
}

describe("taskguard options", () => {
  it("--version prints the package version", () => {
    const { code, stdout } = taskguard(root, ["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${(JSON.parse(readFileSync(join(root, "codemods/package.json"), "utf8")) as { version: string }).version}\n`);
  });

  it("-o writes the report to a file and nothing to standard output", () => {
    const dir = tempDir({ "src/worker.ts": floating });
    const { code, stdout } = taskguard(dir, ["check", "src", "--format", "json", "-o", "report.json"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { files: { file: string }[] };
    expect(report.files.map((file) => file.file)).toEqual(["src/worker.ts"]);
  });

  it("takes quoted globs as paths, leaves out --ignore globs and what .gitignore lists", () => {
    const dir = tempDir({
      ".gitignore": "generated/\n",
      "src/a.ts": floating,
      "src/b.ts": floating,
      "src/skip/c.ts": floating,
      "generated/d.ts": floating,
      "tools/e.ts": floating,
    });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    expect(reported(taskguard(dir, ["check", "."]).stdout)).toEqual(["src/a.ts", "src/b.ts", "src/skip/c.ts", "tools/e.ts"]);
    expect(reported(taskguard(dir, ["check", ".", "--ignore", "src/skip/**", "--ignore", "tools/**"]).stdout)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(reported(taskguard(dir, ["check", "src/*.ts"]).stdout)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(taskguard(dir, ["check", "nothing/**/*.ts"]).stderr).toContain("nothing/**/*.ts: no such file or directory");
  });

  it("colours only a terminal, and not under NO_COLOR", () => {
    const dir = tempDir({ "src/worker.ts": floating });
    expect(taskguard(dir, ["check", "src"]).stdout).not.toContain(escape);
    if (!existsSync("/usr/bin/script")) return; // no pseudo-terminal to run under
    const command = `${process.execPath} --import ${join(root, "node_modules/tsx/dist/loader.mjs")} ${join(root, "codemods/cli.ts")} check src`;
    // Not under CI: Node gives a CI terminal without a known CI vendor no colours.
    const onTerminal = (env: Record<string, string | undefined>) =>
      spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: undefined, TERM: "xterm-256color", FORCE_COLOR: undefined, ...env } }).stdout;
    const sgr = /\u001b\[\d+m/;
    expect(onTerminal({ NO_COLOR: undefined })).toContain(`${escape}31merror`);
    expect(onTerminal({ NO_COLOR: "1" })).not.toMatch(sgr);
  });

  it("fix --write lists the files it wrote", () => {
    const dir = tempDir({ "package.json": JSON.stringify({ dependencies: { taskguard: "^0.2.0" } }), "src/a.ts": floating, "src/b.ts": floating, "src/clean.ts": "export const x = 1;\n" });
    const { code, stdout } = taskguard(dir, ["fix", "src", "--write"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Written:\n  src/a.ts\n  src/b.ts\n");
    const json = JSON.parse(taskguard(dir, ["fix", "src", "--write", "--format", "json"]).stdout) as { writtenFiles: string[] };
    expect(json.writtenFiles).toEqual([]);
  });

  it("check: a file that cannot be parsed is reported as such with exit 3, the others are still checked", () => {
    const dir = tempDir({ "broken.ts": "export function broken( {\n  return 1;\n}\n", "worker.ts": floating });
    const { code, stdout } = taskguard(dir, ["check", "."]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^broken\.ts:2:\d+: cannot be parsed: syntax error: '.' expected\. Fix it and run again; nothing in this file was checked\.$/m);
    expect(stdout).toContain("worker.ts:3:5  error");
    expect(stdout).toContain("1 finding in 1 file (1 file checked, 1 could not be parsed or read;");
    expect(stdout).not.toContain("left untouched");
    expect(taskguard(dir, ["check", "worker.ts", "--exit-zero"]).code).toBe(0);
  });

  it("usage errors exit 2 and say what to do", () => {
    const dir = tempDir({ "a.ts": "export {};\n" });
    const unknown = taskguard(dir, ["check", "--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(unknown.stderr).toContain("See --help.");
    expect(taskguard(dir, ["check", "--write"]).stderr).toContain("--write is an option of fix, not check.");
    expect(taskguard(dir, ["fix", "--add-dependency", "--skip-dependency-check"]).code).toBe(2);
  });
});
