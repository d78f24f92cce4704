// Running `taskguard` as a user does: a child process on temp folders, from the sources.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach } from "vitest";

export const root = resolve(import.meta.dirname, "../..");

/** A class with a lifecycle whose `run()` starts work nothing keeps: one no-floating-task site at 3:5. */
export const floating = `export class Worker {
  run(): void {
    this.work();
  }

  async stop(): Promise<void> {}

  private async work(): Promise<void> {}
}
`;
const cli = join(root, "codemods/cli.ts");
const tsx = join(root, "node_modules/tsx/dist/loader.mjs");

/** Temp folders made by `tempDir` in this test file, removed after each test. */
export function useTempDirs(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = mkdtempSync(join(tmpdir(), "taskguard-cli-"));
    dirs.push(dir);
    writeFiles(dir, files);
    return dir;
  };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** The repo's node_modules as the temp project's own: real ESLint, typescript-eslint, and the workspace's plugin. */
export function linkNodeModules(dir: string): void {
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function taskguard(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ["--import", tsx, cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1", ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
