// `taskguard check|fix` as a user runs it: a real child process on temp folders.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openWorkspace, verificationProgram } from "../../codemods/project.js";
import { root, taskguard as run, useTempDirs } from "../cli/harness.js";

const tsc = join(root, "node_modules/typescript/bin/tsc");
/** A package that depends on the runtime, as the rewrites need (see test/cli/dependency.test.ts). */
const manifest = JSON.stringify({ name: "app", dependencies: { taskguard: "^0.2.0" } });

const floating = `export class Worker {
  run(): void {
    this.work();
  }

  async stop(): Promise<void> {
    await Promise.resolve();
  }

  private async work(): Promise<void> {
    await Promise.resolve();
  }
}
`;
const clean = `export async function ok(): Promise<void> {
  await Promise.resolve();
}
`;

const tempDir = useTempDirs();

/** A folder type-checked against this repo's runtime, as a user's project would be against the package. */
function typedProject(files: Record<string, string>): string {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
      paths: { taskguard: [join(root, "runtime/index.ts")] },
    },
    include: ["src"],
  };
  return tempDir({ ...files, "tsconfig.json": JSON.stringify(tsconfig), "package.json": manifest });
}

/** The same project as a CommonJS package under `module: node16`, where TypeScript rejects an ES import of the runtime. */
function commonJsProject(files: Record<string, string>): string {
  const dir = typedProject(files);
  const tsconfig = readFileSync(join(dir, "tsconfig.json"), "utf8").replaceAll('"NodeNext"', '"Node16"');
  writeFileSync(join(dir, "tsconfig.json"), tsconfig);
  return dir;
}

function taskguard(cwd: string, ...args: string[]) {
  return run(cwd, args);
}

function typeErrors(dir: string): string[] {
  const result = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
  return result.stdout.split("\n").filter((line) => line.includes("error TS"));
}

describe("taskguard CLI", () => {
  it("--help prints the usage and documents the exit codes", () => {
    const { code, stdout } = taskguard(root, "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("taskguard check");
    expect(stdout).toContain("Exit codes:");
  });

  it("check exits 0 on clean code, 1 with findings, 0 with --exit-zero", () => {
    const dir = tempDir({ "clean.ts": clean, "sub/worker.ts": floating });
    expect(taskguard(dir, "check", "clean.ts").code).toBe(0);
    const found = taskguard(dir, "check", ".");
    expect(found.code).toBe(1);
    expect(found.stdout).toContain("sub/worker.ts:3:5  error  `this.work()` starts a task that nothing keeps");
    expect(found.stdout).toContain("> 3 |     this.work();\n    |     ^^^^^^^^^^^^");
    expect(taskguard(dir, "check", ".", "--exit-zero").code).toBe(0);
  });

  it("exits 2 and names a missing path, a broken tsconfig or an unknown option", () => {
    const dir = tempDir({ "a.ts": clean, "bad/tsconfig.json": "{ \"compilerOptions\": { \"target\": \"nope\" } }" });
    const missing = taskguard(dir, "check", "nowhere");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nowhere: no such file or directory");
    const badConfig = taskguard(dir, "check", "a.ts", "--project", "bad/tsconfig.json");
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain("bad/tsconfig.json");
    expect(taskguard(dir, "check", "--frobnicate").code).toBe(2);
  });

  it("fix without --write prints a unified diff and writes nothing", () => {
    const dir = tempDir({ "worker.ts": floating });
    const { code, stdout } = taskguard(dir, "fix", ".");
    expect(code).toBe(0);
    expect(stdout).toContain("--- a/worker.ts\n+++ b/worker.ts\n@@ ");
    expect(stdout).toMatch(/^-    this\.work\(\);\n\+    this\.tasks\.spawn\(\(\) => this\.work\(\), \{ name: "[\w.]*work" \}\);$/m);
    expect(stdout).toContain("files scanned 1, changed 1, unchanged 0, skipped 0, failed 0, unparsable 0; sites rewritten 1; manual steps 0");
    expect(readFileSync(join(dir, "worker.ts"), "utf8")).toBe(floating);
  });

  it("fix --write type-checks as before, a second run changes nothing, and check reports only the listed manual steps", () => {
    const sync = floating.replace("async stop(): Promise<void> {\n    await Promise.resolve();", "stop(): void {\n    void 0;");
    const dir = typedProject({ "src/worker.ts": floating, "src/sync.ts": sync.replace("class Worker", "class SyncWorker") });
    expect(typeErrors(dir)).toEqual([]);
    const first = taskguard(dir, "fix", "src", "--write");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Written:\n  src/worker.ts\n");
    const steps = first.stdout.split("\n").filter((line) => line.startsWith("  src/sync.ts:"));
    expect(steps).toHaveLength(1);
    expect(steps[0]).toContain("`SyncWorker.stop()` is synchronous");
    expect(typeErrors(dir)).toEqual([]);
    const second = taskguard(dir, "fix", "src", "--write");
    expect(second.stdout).toContain("changed 0, unchanged 2");
    const check = taskguard(dir, "check", "src");
    const reported = check.stdout.split("\n").filter((line) => /^\S+:\d+:\d+ {2}/.test(line));
    // What is left is the site of the manual step, at its line.
    expect(reported.map((line) => line.split(":").slice(0, 2).join(":"))).toEqual([steps[0]!.trim().split(":").slice(0, 2).join(":")]);
  });

  it("fix lists each site not rewritten on its own line, and a reason already given refers to its first site", () => {
    const registry = `export class Client {
  private readonly pending = new Set<Promise<unknown>>();
  capture(): void {
    this.keep(this.send());
  }
  identify(): void {
    this.keep(this.send());
  }
  keep<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    return promise.finally(() => this.pending.delete(promise));
  }
  private async send(): Promise<void> {}
}
`;
    const dir = typedProject({ "src/client.ts": registry });
    const { stdout } = taskguard(dir, "fix", "src");
    const steps = stdout.split("\n").filter((line) => line.startsWith("  src/client.ts:"));
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^ {2}src\/client\.ts:4: `Client\.keep` in `Client\.capture`: `keep` is handed a promise: if it is this project's own registry .* list `keep` in the rule's `allowedCalls`.* `Client` has no async stop/);
    expect(steps[1]).toBe("  src/client.ts:7: `Client.keep` in `Client.identify`: the same as src/client.ts:4.");
  });

  it("fix --write refuses files with uncommitted changes in a git work tree unless --allow-dirty", () => {
    const dir = tempDir({ "worker.ts": clean, "package.json": manifest });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "init");
    writeFileSync(join(dir, "worker.ts"), floating);
    const refused = taskguard(dir, "fix", ".", "--write");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("uncommitted changes");
    expect(refused.stderr).toContain("worker.ts");
    expect(readFileSync(join(dir, "worker.ts"), "utf8")).toBe(floating);
    expect(taskguard(dir, "fix", ".", "--write", "--allow-dirty").code).toBe(0);
    expect(readFileSync(join(dir, "worker.ts"), "utf8")).toContain("this.tasks.spawn(");
  });

  it("a file with a syntax error is reported with its line and exit 3, left untouched, and the run goes on", () => {
    const broken = "export function broken( {\n  return 1;\n}\n";
    const dir = tempDir({ "broken.ts": broken, "worker.ts": floating, "package.json": manifest });
    const { code, stdout } = taskguard(dir, "fix", ".", "--write");
    expect(code).toBe(3);
    expect(stdout).toMatch(/broken\.ts:\d+:\d+: cannot be parsed: syntax error: .* nothing in this file was changed\./);
    expect(stdout).toContain("changed 1");
    expect(stdout).toContain("unparsable 1");
    expect(readFileSync(join(dir, "broken.ts"), "utf8")).toBe(broken);
    expect(readFileSync(join(dir, "worker.ts"), "utf8")).toContain("this.tasks.spawn(");
  });

  it("never follows a symlink out of the given paths, and skips binary and non-TypeScript files", () => {
    const dir = tempDir({ "package.json": manifest, "outside/worker.ts": floating, "inside/own.ts": floating, "inside/video.ts": "G\0\0\u0010binary", "inside/notes.md": "# notes" });
    symlinkSync(join(dir, "outside/worker.ts"), join(dir, "inside/link.ts"));
    const { code, stdout } = taskguard(dir, "fix", "inside", "--write", "inside/notes.md");
    expect(code).toBe(0);
    expect(stdout).toContain("inside/link.ts: skipped: symlink leads outside the given paths");
    expect(stdout).toContain("inside/video.ts: skipped: binary file");
    expect(stdout).toContain("inside/notes.md: skipped: not a TypeScript source file");
    expect(readFileSync(join(dir, "outside/worker.ts"), "utf8")).toBe(floating);
    expect(readFileSync(join(dir, "inside/own.ts"), "utf8")).toContain("this.tasks.spawn(");
  });

  it("fix --verify refuses to write a rewrite that would add a type error", () => {
    // The project's taskguard predates drain(), the stop a reopenable owner gets: tsc rejects the call.
    const oldRuntime = `export declare class TaskSet {
  constructor(options?: { name?: string });
  spawn<T>(fn: () => T | PromiseLike<T>, options?: { name?: string }): unknown;
  shutdown(): Promise<unknown>;
}
`;
    const reopenable = `export class Feed {
  refresh(): void {
    this.load();
  }

  async start(): Promise<void> {
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await Promise.resolve();
  }

  private async load(): Promise<void> {
    await Promise.resolve();
  }
}
`;
    // Work started in the constructor cannot come after the stop: that owner gets shutdown(), which the old runtime has.
    const started = floating.replace("run(): void {", "constructor() {");
    const dir = typedProject({ "src/feed.ts": reopenable, "src/worker.ts": started, "old-taskguard/index.d.ts": oldRuntime });
    writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(dir, "tsconfig.json"), "utf8").replace(JSON.stringify(join(root, "runtime/index.ts")), JSON.stringify(join(dir, "old-taskguard/index.d.ts"))));
    const { code, stdout } = taskguard(dir, "fix", "src", "--write", "--verify");
    expect(code).toBe(1);
    expect(stdout).toMatch(/src\/feed\.ts: failed: the rewrite would add TS2339 at line \d+ of the rewritten file: Property 'drain' does not exist/);
    expect(readFileSync(join(dir, "src/feed.ts"), "utf8")).toBe(reopenable);
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toContain("this.tasks.spawn(");
  });

  it("fix --write --verify imports no TaskSet into a CommonJS file (node16): a manual step, and tsc stays clean", () => {
    const dir = commonJsProject({ "src/worker.ts": floating });
    expect(typeErrors(dir)).toEqual([]);
    const { code, stdout } = taskguard(dir, "fix", "src", "--write", "--verify");
    expect(code).toBe(0);
    expect(stdout).toContain("changed 0, unchanged 1");
    expect(stdout).toMatch(/src\/worker\.ts:3: `Worker\.work` in `Worker\.run`: this file is CommonJS \(its package\.json has no `"type": "module"`\) and taskguard is ESM-only/);
    expect(readFileSync(join(dir, "src/worker.ts"), "utf8")).toBe(floating);
    expect(typeErrors(dir)).toEqual([]);
  });

  it("a manual step that asks for a new set in a CommonJS file says the set must live in an ES module", () => {
    const thread = `import { parentPort } from "node:worker_threads";\n\nasync function handle(message: unknown): Promise<void> {\n  await Promise.resolve(message);\n}\n\nparentPort?.on("message", async (message: unknown) => {\n  await handle(message);\n});\n`;
    const dir = commonJsProject({ "src/thread.ts": thread });
    const { stdout } = taskguard(dir, "fix", "src");
    expect(stdout).toMatch(/src\/thread\.ts:7: `parentPort\.on\('message'\)`: this file runs in a worker thread .* This file is CommonJS \(its package\.json has no `"type": "module"`\) and taskguard is ESM-only: create that set in an ES module and hand it in\./);
  });

  it("fix --verify type-checks with each file's module format, as tsc does: an ES import in a CommonJS file is TS1479", () => {
    const dir = commonJsProject({ "src/worker.ts": floating });
    const workspace = openWorkspace(join(dir, "tsconfig.json"));
    const path = join(dir, "src/worker.ts");
    const program = verificationProgram(workspace, new Map([[path, `import { TaskSet } from "taskguard";\nexport const tasks = new TaskSet();\n`]]));
    expect(program.getSemanticDiagnostics(program.getSourceFile(path)).map((diagnostic) => diagnostic.code)).toEqual([1479]);
  });
});
