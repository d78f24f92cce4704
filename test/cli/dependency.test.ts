// fix --write in a package without the taskguard dependency (issue 11, failure 9): said once, up
// front, with the command that adds it; written only with --add-dependency or --skip-dependency-check.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { floating, taskguard, useTempDirs } from "./harness.js";

const tempDir = useTempDirs();

const other = floating.replace("class Worker", "class Other");

function typedPackage(manifest: object, lock: Record<string, string> = {}): string {
  const tsconfig = {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: [] },
    include: ["src"],
  };
  return tempDir({ "package.json": `${JSON.stringify(manifest, null, 4)}\n`, "tsconfig.json": JSON.stringify(tsconfig), "src/worker.ts": floating, "src/other.ts": other, ...lock });
}

describe("taskguard fix and the taskguard dependency", () => {
  it("--write refuses, once and before writing, naming the package.json and the npm command", () => {
    const dir = typedPackage({ name: "svc", dependencies: { zod: "^3.0.0" } }, { "package-lock.json": "{}" });
    const { code, stderr } = taskguard(dir, ["fix", "src", "--write"]);
    expect(code).toBe(2);
    expect(stderr).toContain("package.json: does not depend on taskguard; 2 rewritten files import taskguard. Add it with: npm i taskguard@^");
    expect(stderr.match(/does not depend on taskguard/g)).toHaveLength(1);
    expect(stderr).toContain("Nothing was written. Run again with --add-dependency to add it, or with --skip-dependency-check to write anyway.");
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toBe(floating);
  });

  it("names the package manager of the lock file, and the workspace form in a monorepo", () => {
    const pnpm = typedPackage({ name: "svc" }, { "pnpm-lock.yaml": "" });
    expect(taskguard(pnpm, ["fix", "src"]).stderr).toContain("Add it with: pnpm add taskguard@^");
    const monorepo = tempDir({
      "package.json": JSON.stringify({ name: "root", workspaces: ["packages/*"] }),
      "yarn.lock": "",
      "packages/api/package.json": JSON.stringify({ name: "@acme/api" }),
      "packages/api/src/worker.ts": floating,
    });
    expect(taskguard(monorepo, ["fix", "packages"]).stderr).toContain("packages/api/package.json: does not depend on taskguard; 1 rewritten file imports taskguard. Add it with: yarn workspace @acme/api add taskguard@^");
  });

  it("--add-dependency adds taskguard to that package.json's dependencies, keeping its indentation, then writes", () => {
    const dir = typedPackage({ name: "svc", dependencies: { zod: "^3.0.0" } });
    const { code, stdout, stderr } = taskguard(dir, ["fix", "src", "--write", "--add-dependency"]);
    expect(code).toBe(0);
    const manifest = readFileSync(join(dir, "package.json"), "utf8");
    expect(JSON.parse(manifest)).toEqual({ name: "svc", dependencies: { taskguard: expect.stringMatching(/^\^\d+\.\d+\.\d+/) as unknown, zod: "^3.0.0" } });
    expect(manifest).toContain('\n    "dependencies"');
    expect(stderr).toContain("Added taskguard@^");
    expect(stdout).toContain("Written:\n  src/other.ts\n  src/worker.ts");
  });

  it("--skip-dependency-check writes anyway", () => {
    const dir = typedPackage({ name: "svc" });
    expect(taskguard(dir, ["fix", "src", "--write", "--skip-dependency-check"]).code).toBe(0);
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toContain('import { TaskSet } from "taskguard";');
  });

  it("--verify says so up front too, and then asks to install taskguard, not to fix the file by hand", () => {
    const dir = typedPackage({ name: "svc" });
    const refused = taskguard(dir, ["fix", "src", "--write", "--verify"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("does not depend on taskguard; 2 rewritten files import taskguard. Add it with: npm i taskguard@^");

    const { code, stdout } = taskguard(dir, ["fix", "src", "--write", "--verify", "--add-dependency"]);
    expect(code).toBe(1);
    expect((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: object }).dependencies).toHaveProperty("taskguard");
    expect(stdout).toMatch(/src\/worker\.ts: failed: the rewrite imports taskguard, which this file cannot resolve \(TS2307 at line 1\)\. Install it first \(`npm i taskguard@\^[^`]+` in [^;]+; after --add-dependency, the package manager's install\), then run again\. Nothing was written\./);
    expect(stdout).not.toContain("fix this file by hand");
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toBe(floating);
  });

  it("a package that has taskguard is written without a word about it", () => {
    const dir = typedPackage({ name: "svc", dependencies: { taskguard: "^0.2.0" } });
    const { code, stderr } = taskguard(dir, ["fix", "src", "--write"]);
    expect(code).toBe(0);
    expect(stderr).not.toContain("taskguard runtime");
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toContain("this.tasks.spawn(");
  });
});
