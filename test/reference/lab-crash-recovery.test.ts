import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./lab-crash-child.ts", import.meta.url));
const ROUNDS = 12;
const DOCUMENTS = 48;
/** Attempts are counted across restarts, and a kill during one counts: more kills than any document can live through. */
const MAX_ATTEMPTS = ROUNDS + 1;

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with LAB_CRASH_SEED. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Sample submissions, with a few bad ones: empty, oversized, malformed, and one the instrument rejects. */
function documentBody(index: number): string | Buffer {
  if (index % 16 === 3) return "";
  if (index % 16 === 7) return "x".repeat(5_000);
  if (index % 16 === 11) return Buffer.from([0xc3, 0x28, 0xa0, 0xa1]);
  if (index % 16 === 13) return "REJECT: hemolysed sample";
  return `sample: S-${index}\nassay: ${["PCR", "ELISA", "HPLC"][index % 3]}\nsubmitter: lab-${index % 5}\n`;
}

interface Run {
  output: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ready: Promise<void>;
  kill: () => void;
}

function startChild(inboxDir: string, workDir: string, mode: "run" | "drain", maxAttempts: number, env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, inboxDir, workDir, mode, String(maxAttempts)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let onReady!: () => void;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const run: Run = {
    output: "",
    exited,
    // A child that dies before it is ready must fail the test, not hang it.
    ready: Promise.race([new Promise<void>((resolve) => (onReady = resolve)), exited.then(() => undefined)]),
    kill: () => child.kill("SIGKILL"),
  };
  const append = (chunk: string): void => {
    run.output += chunk;
    if (run.output.includes("ready\n")) onReady();
  };
  child.stdout.setEncoding("utf8").on("data", append);
  child.stderr.setEncoding("utf8").on("data", append);
  return run;
}

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe("LabAutomationManager crash recovery", () => {
  it(`loses no document across ${ROUNDS} SIGKILLs at random points (${DOCUMENTS} documents, real child processes)`, async () => {
    const seed = Number(process.env["LAB_CRASH_SEED"] ?? Date.now() % 2_147_483_647);
    console.log(`lab crash recovery: seed ${seed} (replay with LAB_CRASH_SEED=${seed})`);
    const random = prng(seed);
    const root = await mkdtemp(join(tmpdir(), "taskguard-crash-"));
    roots.push(root);
    const inboxDir = join(root, "inbox");
    const workDir = join(root, "work");
    await mkdir(inboxDir, { recursive: true });
    const names = Array.from({ length: DOCUMENTS }, (_, i) => `submission-${String(i).padStart(3, "0")}.txt`);
    let dropped = 0;
    const drop = async (count: number): Promise<void> => {
      for (const end = Math.min(DOCUMENTS, dropped + count); dropped < end; dropped++) {
        await writeFile(join(inboxDir, names[dropped]!), documentBody(dropped));
      }
    };

    await drop(DOCUMENTS / 3);
    let finishedBeforeKill = 0;
    let killedBeforeReady = 0;
    let claimedAtKill = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const run = startChild(inboxDir, workDir, "run", MAX_ATTEMPTS);
      if (random() < 0.25) {
        // Kill during start-up: recovery scan, directory creation, watcher scan.
        await new Promise((resolve) => setTimeout(resolve, 50 + random() * 400));
        if (!run.output.includes("ready\n")) killedBeforeReady++;
      } else {
        await run.ready;
        await drop(Math.ceil((DOCUMENTS * 2) / 3 / ROUNDS));
        await new Promise((resolve) => setTimeout(resolve, 40 + random() * 400));
      }
      run.kill();
      const exit = await run.exited;
      expect(exit.signal, run.output).toBe("SIGKILL");
      claimedAtKill += (await readdir(join(workDir, "claimed")).catch(() => [])).filter((file) => !file.endsWith(".claim.json")).length;
      finishedBeforeKill += run.output.split("\n").filter((line) => line.startsWith("document:")).length;
    }
    await drop(DOCUMENTS);

    const final = startChild(inboxDir, workDir, "drain", MAX_ATTEMPTS);
    const exit = await final.exited;
    expect(exit.code, final.output).toBe(0);
    expect(final.output).toMatch(/drained .*"abandoned":0/);

    const done = (await readdir(join(workDir, "done"))).filter((name) => !name.endsWith(".result.json"));
    const failed = (await readdir(join(workDir, "failed"))).filter((name) => !name.endsWith(".error.json"));
    const outcomes = [...done, ...failed].sort();
    const lost = names.filter((name) => !outcomes.includes(name));
    const attempts = await Promise.all(done.map(async (name) => (JSON.parse(await readFile(join(workDir, "done", `${name}.result.json`), "utf8")) as { attempts: number }).attempts));
    console.log(
      `lab crash recovery: ${ROUNDS} SIGKILL rounds (${killedBeforeReady} during start-up), ${DOCUMENTS} documents, ` +
        `${claimedAtKill} documents left claimed by kills, ${finishedBeforeKill} outcomes written by killed runs, ${done.length} done, ${failed.length} failed, ${lost.length} lost, ` +
        `${attempts.filter((count) => count > 1).length} done documents needed more than one attempt (at most ${Math.max(...attempts)})`,
    );
    expect(lost).toEqual([]);
    expect(outcomes).toEqual(names); // each exactly once: in done/ or in failed/, never both
    expect(await readdir(inboxDir)).toEqual([]);
    expect(await readdir(join(workDir, "claimed"))).toEqual([]);
    expect(failed.length).toBe(names.filter((_, i) => [3, 7, 11, 13].includes(i % 16)).length);
  });

  it("fails a document that kills the process after maxAttempts restarts and processes the others (real child processes)", async () => {
    const maxAttempts = 3;
    const root = await mkdtemp(join(tmpdir(), "taskguard-poison-"));
    roots.push(root);
    const inboxDir = join(root, "inbox");
    const workDir = join(root, "work");
    const names = Array.from({ length: 24 }, (_, i) => `submission-${String(i).padStart(3, "0")}.txt`);
    const neighbours = ["slow-a.txt", "slow-b.txt"];

    // First run: the poison and two slow documents, claimed together, so the crash interrupts all
    // three (the inbox is scanned at start: files dropped later arrive in no reliable order).
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "poison.txt"), "POISON: crashes the analyser");
    for (const name of neighbours) await writeFile(join(inboxDir, name), `SLOW sample ${name}`);
    const first = startChild(inboxDir, workDir, "run", maxAttempts);
    const deadline = setTimeout(first.kill, 15_000); // a poison that failed to kill must fail the test, not hang it
    const exits = [await first.exited];
    clearTimeout(deadline);
    expect(exits[0], first.output).toMatchObject({ signal: "SIGKILL" });
    const interrupted = (await readdir(join(workDir, "claimed"))).filter((file) => !file.endsWith(".claim.json") && file !== "poison.txt");
    for (const [i, name] of names.entries()) await writeFile(join(inboxDir, name), documentBody(i * 16));

    // Restart until a run drains and exits on its own; without durable attempt counts, never.
    while (exits.at(-1)?.signal === "SIGKILL" && exits.length <= maxAttempts + 1) {
      const run = startChild(inboxDir, workDir, "drain", maxAttempts);
      exits.push(await run.exited);
      if (exits.at(-1)?.signal !== "SIGKILL") expect(exits.at(-1), run.output).toMatchObject({ code: 0 });
    }
    const crashes = exits.filter((exit) => exit.signal === "SIGKILL").length;

    const failed = await readdir(join(workDir, "failed"));
    const done = (await readdir(join(workDir, "done"))).filter((name) => !name.endsWith(".result.json")).sort();
    const attempts = await Promise.all(done.map(async (name) => (JSON.parse(await readFile(join(workDir, "done", `${name}.result.json`), "utf8")) as { attempts: number }).attempts));
    console.log(
      `lab poison document: ${crashes} crashes of ${exits.length} runs (maxAttempts ${maxAttempts}), ${interrupted.length} other documents in flight at the first crash, ` +
        `${done.length} done (at most ${Math.max(...attempts)} attempts), ${failed.length / 2} failed`,
    );
    expect(crashes).toBe(maxAttempts);
    expect(failed.sort()).toEqual(["poison.txt", "poison.txt.error.json"]);
    const sidecar = JSON.parse(await readFile(join(workDir, "failed", "poison.txt.error.json"), "utf8")) as unknown;
    expect(sidecar).toMatchObject({ name: "poison.txt", attempts: maxAttempts, reason: "crashed", error: expect.stringContaining(`crashed the worker ${maxAttempts} times`) as string });
    // The documents the first crash interrupted were then retried alone, so none was blamed for the poison.
    expect(interrupted.sort()).toEqual(neighbours);
    expect(done).toEqual([...neighbours, ...names].sort());
    expect(await readdir(inboxDir)).toEqual([]);
    expect(await readdir(join(workDir, "claimed"))).toEqual([]);
  });

  /** Kills the child right after the first rename onto `suffix`, then lets a restart drain; returns what ended where. */
  async function crashAt(suffix: string, body: string): Promise<{ done: string[]; failed: string[]; workDir: string; exit: unknown }> {
    const root = await mkdtemp(join(tmpdir(), "taskguard-crashpoint-"));
    roots.push(root);
    const inboxDir = join(root, "inbox");
    const workDir = join(root, "work");
    await mkdir(inboxDir, { recursive: true });
    await writeFile(join(inboxDir, "sample.txt"), body);
    const killed = startChild(inboxDir, workDir, "run", 1, { LAB_KILL_AFTER_RENAME: suffix });
    const deadline = setTimeout(killed.kill, 15_000);
    const exit = await killed.exited;
    clearTimeout(deadline);
    const restart = startChild(inboxDir, workDir, "drain", 1);
    expect(await restart.exited, restart.output).toMatchObject({ code: 0 });
    return { done: (await readdir(join(workDir, "done"))).sort(), failed: (await readdir(join(workDir, "failed"))).sort(), workDir, exit };
  }

  it("a kill after the result is written and before the document moves, on the last attempt: one verdict, the result wins (real child processes)", async () => {
    const { done, failed, exit } = await crashAt(".result.json", "sample: S-1\nassay: PCR\n");
    expect(exit).toMatchObject({ signal: "SIGKILL" });
    expect(done).toEqual(["sample.txt", "sample.txt.result.json"]);
    expect(failed).toEqual([]);
  });

  it("a kill while a final failure is being recorded keeps its reason instead of turning it into crashed (real child processes)", async () => {
    const { done, failed, workDir, exit } = await crashAt(".error.json", "REJECT: hemolysed sample");
    expect(exit).toMatchObject({ signal: "SIGKILL" });
    expect(done).toEqual([]);
    expect(failed).toEqual(["sample.txt", "sample.txt.error.json"]);
    const sidecar = JSON.parse(await readFile(join(workDir, "failed", "sample.txt.error.json"), "utf8")) as unknown;
    expect(sidecar).toMatchObject({ reason: "failed", error: "instrument rejected the sample" });
  });

  for (const [kind, body, verdict] of [
    ["a document that succeeds", "sample: S-2\nassay: ELISA\n", "done"],
    ["a document process() rejects", "REJECT: clotted sample", "failed"],
  ] as const) {
    it(`every crash point in the life of ${kind} leaves exactly one verdict, and a written one survives (real child processes)`, async () => {
      const seen: string[] = [];
      for (let n = 1; ; n++) {
        const root = await mkdtemp(join(tmpdir(), "taskguard-crashpoints-"));
        roots.push(root);
        const inboxDir = join(root, "inbox");
        const workDir = join(root, "work");
        await mkdir(inboxDir, { recursive: true });
        await writeFile(join(inboxDir, "sample.txt"), body);
        const killed = startChild(inboxDir, workDir, "drain", 1, { LAB_KILL_AFTER_RENAME: `@${n}` });
        const exit = await killed.exited;
        if (exit.signal !== "SIGKILL") break; // past the last rename: the run finished on its own
        const target = /killed after rename to (.*)/.exec(killed.output)?.[1] ?? "";
        const restart = startChild(inboxDir, workDir, "drain", 1);
        expect(await restart.exited, restart.output).toMatchObject({ code: 0 });
        const done = (await readdir(join(workDir, "done"))).sort();
        const failed = (await readdir(join(workDir, "failed"))).sort();
        const one = done.length === 2 ? { dir: "done", files: done } : { dir: "failed", files: failed };
        expect(done.length + failed.length, `killed after rename to ${target}`).toBe(2);
        expect(one.files, target).toEqual(one.dir === "done" ? ["sample.txt", "sample.txt.result.json"] : ["sample.txt", "sample.txt.error.json"]);
        expect([...(await readdir(inboxDir)), ...(await readdir(join(workDir, "claimed")))]).toEqual([]);
        // Once the verdict is on disk (the result, or the claim record that carries the failure, the
        // second one written), it is the one kept, with its reason; before that, any single verdict.
        const renames = [...seen, target];
        const written =
          verdict === "done"
            ? renames.some((t) => t.endsWith(".result.json"))
            : renames.some((t) => t.endsWith(".error.json")) || renames.filter((t) => t.endsWith(".claim.json")).length >= 2;
        if (written) {
          expect(one.dir, target).toBe(verdict);
          if (verdict === "failed") {
            const sidecar = JSON.parse(await readFile(join(workDir, "failed", "sample.txt.error.json"), "utf8")) as { reason: string };
            expect(sidecar.reason, target).toBe("failed");
          }
        }
        seen.push(target);
      }
      console.log(`crash points of ${kind}: ${seen.map((t) => t.replace(/^.*taskguard-crashpoints-[^/]*\//, "")).join(", ")}`);
      expect(seen.length).toBeGreaterThanOrEqual(4);
    });
  }
});
