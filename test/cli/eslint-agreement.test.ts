// `taskguard check` reports exactly what ESLint reports under the project's eslint.config.js:
// rule options, rules turned off or to "warn", disable directives and ignores.
import { relative } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { linkNodeModules, taskguard, useTempDirs } from "./harness.js";

const tempDir = useTempDirs();

const config = `import taskguard from "eslint-plugin-taskguard";

export default [
  { ignores: ["src/generated/**"] },
  ...taskguard.configs["recommended-type-checked"],
  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },
  { files: ["src/**/*.ts"], rules: { "taskguard/no-floating-task": ["error", { allowVoid: true, allowedCalls: ["flush"] }] } },
  { files: ["src/legacy/**/*.ts"], rules: { "taskguard/no-dangling-task": "off" } },
  { files: ["src/strict/**/*.ts"], rules: { "taskguard/no-floating-task": ["warn", { checkHandled: true }] } },
];
`;

const worker = `export async function work(): Promise<void> {}
export async function flush(): Promise<void> {}

export function start(): void {
  work();
  void work();
  flush();
  // eslint-disable-next-line taskguard/no-floating-task -- on purpose
  work();
  work(); // eslint-disable-line
  /* eslint-disable taskguard/no-floating-task */
  work();
  /* eslint-enable taskguard/no-floating-task */
  const pending = work();
  setTimeout(async () => {
    await work();
  }, 10);
}
`;

const legacy = `import { work } from "../worker.js";

export function legacy(): void {
  const unused = work();
  work();
}
`;

const strict = `import { work } from "../worker.js";

export function strict(): void {
  work().catch(() => undefined);
}
`;

const generated = `import { work } from "../worker.js";

export function generated(): void {
  work();
}
`;

const tsconfig = JSON.stringify({
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: [] },
  include: ["src"],
});

interface Reported {
  file: string;
  rule: string;
  line: number;
  column: number;
  level: string;
}

function byPosition(a: Reported, b: Reported): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

describe("taskguard check agrees with ESLint", () => {
  it("check's findings equal ESLint's on a project with options, rules off, warn, directives and ignores", async () => {
    const dir = tempDir({
      "package.json": JSON.stringify({ name: "agree", type: "module", dependencies: { taskguard: "^0.2.0" } }),
      "eslint.config.js": config,
      "tsconfig.json": tsconfig,
      "src/worker.ts": worker,
      "src/legacy/old.ts": legacy,
      "src/strict/handled.ts": strict,
      "src/generated/gen.ts": generated,
    });
    linkNodeModules(dir);

    const eslint = new ESLint({ cwd: dir });
    const linted = await eslint.lintFiles(["src"]);
    const fromEslint = linted
      .flatMap((result) =>
        result.messages.map((message) => ({
          file: relative(dir, result.filePath),
          rule: message.ruleId ?? `fatal: ${message.message}`,
          line: message.line,
          column: message.column,
          level: message.severity === 2 ? "error" : "warning",
        })),
      )
      .sort(byPosition);

    const { code, stdout, stderr } = taskguard(dir, ["check", "src", "--format", "json"]);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as { eslintConfig: string; files: { file: string; findings: { rule: string; line: number; column: number; level: string }[] }[] };
    const fromCli = report.files
      .flatMap((file) => file.findings.map((finding) => ({ file: file.file, rule: `taskguard/${finding.rule}`, line: finding.line, column: finding.column, level: finding.level })))
      .sort(byPosition);

    expect(fromCli).toEqual(fromEslint);
    // What agreeing means here: only the plain call, the unread binding and the async timer
    // callback in worker.ts, the floating call in legacy (its dangling rule is off), and the
    // handled chain at "warn" in strict; nothing from the ignored folder.
    expect(fromCli).toEqual([
      { file: "src/legacy/old.ts", rule: "taskguard/no-floating-task", line: 5, column: 3, level: "error" },
      { file: "src/strict/handled.ts", rule: "taskguard/no-floating-task", line: 4, column: 3, level: "warning" },
      { file: "src/worker.ts", rule: "taskguard/no-floating-task", line: 5, column: 3, level: "error" },
      { file: "src/worker.ts", rule: "taskguard/no-dangling-task", line: 14, column: 9, level: "error" },
      { file: "src/worker.ts", rule: "taskguard/no-floating-callback", line: 15, column: 14, level: "error" },
    ]);
    expect(report.eslintConfig).toBe("eslint.config.js");
    // A warning alone does not fail check, as it does not fail ESLint; the errors do.
    expect(code).toBe(1);
  });

  it("fix rewrites only the sites ESLint reports: an allowed void and a disabled line stay as they are", () => {
    const owner = `export class Worker {
  run(): void {
    this.work();
    void this.work();
    // eslint-disable-next-line taskguard/no-floating-task -- on purpose
    this.work();
  }

  async stop(): Promise<void> {}

  private async work(): Promise<void> {}
}
`;
    const dir = tempDir({ "package.json": JSON.stringify({ type: "module" }), "eslint.config.js": config, "tsconfig.json": tsconfig, "src/owner.ts": owner });
    linkNodeModules(dir);
    const report = JSON.parse(taskguard(dir, ["fix", "src", "--format", "json"]).stdout) as { files: { file: string; rewritten: number; diff: string }[] };
    const [file] = report.files;
    expect(file?.rewritten).toBe(1);
    expect(file?.diff).toMatch(/^-    this\.work\(\);\n\+    this\.tasks\.spawn\(/m);
    expect(file?.diff.match(/^-/gm)).toHaveLength(3); // "--- a/…", the one call, and the line of `stop()` that gains the shutdown
  });

  it("a file named on the command line that the config ignores is listed as skipped, as ESLint warns about it", () => {
    const dir = tempDir({ "package.json": JSON.stringify({ type: "module" }), "eslint.config.js": config, "tsconfig.json": tsconfig, "src/generated/gen.ts": generated, "src/worker.ts": worker });
    linkNodeModules(dir);
    const { stdout } = taskguard(dir, ["check", "src/generated/gen.ts"]);
    expect(stdout).toContain("src/generated/gen.ts: skipped: ignored by ");
    expect(stdout).toContain("pass --no-config-lookup to check it anyway");
    const all = taskguard(dir, ["check", "src/generated/gen.ts", "--no-config-lookup"]);
    expect(all.stdout).toContain("src/generated/gen.ts:4:3  error");
  });

  it("an eslint.config.js that does not load stops the run with exit 2, naming the file and the way out", () => {
    const dir = tempDir({ "package.json": JSON.stringify({ type: "module" }), "eslint.config.js": "export default [;\n", "src/worker.ts": worker });
    linkNodeModules(dir);
    const { code, stdout, stderr } = taskguard(dir, ["check", "src"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^taskguard: eslint\.config\.js could not be loaded: .+ Fix it \(npx eslint shows the same error\), or pass --no-config-lookup to use the defaults\.$/m);
  });

  it("without ESLint in the project: the recommended rules with default options, and a one-line note", () => {
    const dir = tempDir({ "src/worker.ts": worker });
    const { stdout } = taskguard(dir, ["check", "src"]);
    expect(stdout.split("\n")[0]).toBe("note: ESLint is not installed in this project: the recommended rules with default options, no eslint-disable comments read.");
    // `void work()`, `flush()` and the disabled lines are reported too: nothing says otherwise.
    expect(stdout).toContain("src/worker.ts:6:3  error");
    expect(stdout).toContain("src/worker.ts:9:3  error");
  });
});
