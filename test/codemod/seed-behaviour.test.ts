// The codemod's output is not only text that compiles: run side by side, the seed modules lose
// work and crash where `fixtures/seed-fixed/` (and the reference systems in runtime/) keep it.
// Each scenario runs in a real child process, because the failure being fixed is the process
// dying of an unhandled rejection.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an ES module script with tsx's loader (the fixtures are TypeScript) from the package root. */
function runScript(source: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", source],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A RAG system whose initialize() rejects: the seed's constructor drops that promise. */
function ragScenario(folder: "seed" | "seed-fixed"): string {
  return `
    import { SimpleLabRAG } from "./fixtures/${folder}/rag-wrapper.ts";
    const failing = {
      initialize: async () => { throw new Error("index directory is unreadable"); },
      addDocument: async () => {},
      query: async () => [],
    };
    new SimpleLabRAG(failing);
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log("still running");
  `;
}

/** Three slow executions in flight when stop() is called: how many are still running after it resolves? */
function orchestratorScenario(folder: "seed" | "seed-fixed"): string {
  return `
    import { MultiAgentOrchestrator } from "./fixtures/${folder}/orchestrator.ts";
    const orchestrator = new MultiAgentOrchestrator();
    orchestrator.registerAgent({
      id: "a", capabilities: ["work"], maxConcurrent: 3, load: 0,
      execute: () => new Promise((resolve) => setTimeout(() => resolve("ok"), 300)),
    });
    const ids = [1, 2, 3].map((n) => orchestrator.submitTask("work", n));
    orchestrator.start();
    while (ids.some((id) => orchestrator.getTask(id).status === "pending")) await new Promise((r) => setTimeout(r, 10));
    await orchestrator.stop();
    console.log(JSON.stringify(ids.map((id) => orchestrator.getTask(id).status)));
  `;
}

/** The reference orchestrator in the same situation, for comparison. */
const referenceOrchestratorScenario = `
  import { MultiAgentOrchestrator } from "./runtime/orchestrator/index.ts";
  const orchestrator = new MultiAgentOrchestrator();
  orchestrator.registerAgent({
    id: "a", capabilities: ["work"], maxConcurrent: 3,
    execute: () => new Promise((resolve) => setTimeout(() => resolve("ok"), 300)),
  });
  orchestrator.start();
  const ids = [1, 2, 3].map((n) => orchestrator.submitTask({ type: "work", payload: n }));
  while (ids.some((id) => orchestrator.getTask(id).status === "pending")) await new Promise((r) => setTimeout(r, 10));
  await orchestrator.stop({ timeoutMs: 2_000 });
  console.log(JSON.stringify(ids.map((id) => orchestrator.getTask(id).status)));
`;

describe("seed vs seed-fixed, run for real", () => {
  it("rag-wrapper: SimpleLabRAG has no lifecycle, so the codemod adds no set nothing would shut down; the reference wrapper shows the fix to make by hand", async () => {
    const [seed, fixed] = await Promise.all([runScript(ragScenario("seed")), runScript(ragScenario("seed-fixed"))]);
    // Both die of the constructor's unhandled rejection: the site is a manual step, not a rewrite.
    for (const outcome of [seed, fixed]) {
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderr).toContain("index directory is unreadable");
    }
    const reference = await runScript(`
      import { SimpleLabRAG } from "./runtime/rag/index.ts";
      const rag = new SimpleLabRAG({ rag: {
        initialize: async () => { throw new Error("index directory is unreadable"); },
        addDocument: async () => {},
        query: async () => [],
      } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await rag.close();
      console.log("still running");
    `);
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stdout).toContain("still running");
  });

  it("orchestrator and lab manager reopen: after stop(), start() and stop() work again (the stop drains, it does not close the set)", async () => {
    const script = `
      import { MultiAgentOrchestrator } from "./fixtures/seed-fixed/orchestrator.ts";
      const orchestrator = new MultiAgentOrchestrator();
      orchestrator.registerAgent({ id: "a", capabilities: ["work"], maxConcurrent: 2, load: 0, execute: async () => "ok" });
      for (const round of [1, 2]) {
        const id = orchestrator.submitTask("work", round);
        orchestrator.start();
        while (orchestrator.getTask(id).status !== "completed") await new Promise((r) => setTimeout(r, 10));
        await orchestrator.stop();
        console.log("round " + round + ": " + orchestrator.getTask(id).status);
      }
    `;
    const outcome = await runScript(script);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout.trim().split("\n")).toEqual(["round 1: completed", "round 2: completed"]);
    expect(outcome.stderr).not.toContain("TaskSetClosedError");
  });

  it("orchestrator: after stop(), the seed leaves executions running; the fixed module and the reference leave none", async () => {
    const [seed, fixed, reference] = await Promise.all([
      runScript(orchestratorScenario("seed")),
      runScript(orchestratorScenario("seed-fixed")),
      runScript(referenceOrchestratorScenario),
    ]);
    for (const outcome of [seed, fixed, reference]) expect(outcome.code, outcome.stderr).toBe(0);
    const statuses = (outcome: Outcome) => JSON.parse(outcome.stdout.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(statuses(seed)).toEqual(["running", "running", "running"]);
    // The fixed module's shutdown waits for the executions (its agent ignores cancellation);
    // the reference cancels them through their signals. Either way, nothing is left running.
    expect(statuses(fixed)).toEqual(["completed", "completed", "completed"]);
    expect(statuses(reference)).not.toContain("running");
    expect(statuses(reference)).not.toContain("pending");
  });
});
