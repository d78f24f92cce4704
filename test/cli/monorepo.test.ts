// A tsconfig per file: in a monorepo each package's files are analysed with their nearest
// tsconfig.json, as typescript-eslint's project service does, not with the first path's.
import { describe, expect, it } from "vitest";
import { taskguard, useTempDirs } from "./harness.js";

const tempDir = useTempDirs();

// Each package maps "svc" to its own module: a promise-returning `send()` in a, a void one in b.
const tsconfig = JSON.stringify({
  compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, types: [], paths: { svc: ["./svc.ts"] } },
  include: ["."],
});
const caller = `import { send } from "svc";

export function notify(): void {
  send();
}
`;

describe("taskguard check in a monorepo", () => {
  it("analyses each package's files with that package's tsconfig", () => {
    const dir = tempDir({
      "packages/a/tsconfig.json": tsconfig,
      "packages/a/svc.ts": "export async function send(): Promise<void> {}\n",
      "packages/a/caller.ts": caller,
      "packages/b/tsconfig.json": tsconfig,
      "packages/b/svc.ts": "export function send(): void {}\n",
      "packages/b/caller.ts": caller,
    });
    const { stdout } = taskguard(dir, ["check", "packages/a", "packages/b", "--format", "json"]);
    const report = JSON.parse(stdout) as { typeAware: boolean; tsconfigs: string[]; files: { file: string; findings: { rule: string; line: number }[] }[] };
    expect(report.tsconfigs).toEqual(["packages/a/tsconfig.json", "packages/b/tsconfig.json"]);
    const findings = Object.fromEntries(report.files.map((file) => [file.file, file.findings.map((finding) => `${finding.rule}:${finding.line}`)]));
    // Only the checker knows `send()` returns a promise in a; with a's tsconfig b's `send` would be a's too.
    expect(findings).toEqual({
      "packages/a/caller.ts": ["no-floating-task:4"],
      "packages/a/svc.ts": [],
      "packages/b/caller.ts": [],
      "packages/b/svc.ts": [],
    });
    // --project still puts every file under one tsconfig.
    const one = JSON.parse(taskguard(dir, ["check", "packages", "--project", "packages/a/tsconfig.json", "--format", "json"]).stdout) as typeof report;
    expect(one.tsconfigs).toEqual(["packages/a/tsconfig.json"]);
    expect(one.files.find((file) => file.file === "packages/b/caller.ts")?.findings.map((finding) => finding.line)).toEqual([4]);
  });
});
