// A LabAutomationManager run that lab-crash-recovery.test.ts starts as a real child process and
// kills with SIGKILL. Usage: node --import tsx lab-crash-child.ts <inboxDir> <workDir> run|drain <maxAttempts>
// "run" processes until killed; "drain" stops gracefully once the inbox and the queue are empty.
// A document starting with "POISON" kills the process itself with SIGKILL, as a parser crash would;
// one starting with "SLOW" takes 500 ms.
// With LAB_KILL_AFTER_RENAME=<suffix>[@<n>], the process kills itself with SIGKILL right after the
// n-th (default: first) rename whose target ends with <suffix> (e.g. ".result.json"; "" for any),
// printing "killed after rename to <target>": a crash at one exact point.
import { createHash } from "node:crypto";
import { promises as fsPromises, writeSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { LabAutomationManager } from "../../runtime/lab/index.js";
import { sleep } from "../../runtime/orchestrator/abortable.js";

const [inboxDir, workDir, mode, maxAttempts] = process.argv.slice(2);
if (inboxDir === undefined || workDir === undefined || (mode !== "run" && mode !== "drain") || !(Number(maxAttempts) > 0)) {
  throw new Error("usage: lab-crash-child.ts <inboxDir> <workDir> run|drain <maxAttempts>");
}
const CONCURRENCY = 3;

const killAfter = process.env["LAB_KILL_AFTER_RENAME"];
if (killAfter !== undefined) {
  const [suffix = "", nth = "1"] = killAfter.split("@");
  let seen = 0;
  const rename = fsPromises.rename;
  fsPromises.rename = async (from, to) => {
    await rename(from, to);
    if (String(to).endsWith(suffix) && ++seen === Number(nth)) {
      writeSync(1, `killed after rename to ${String(to)}\n`);
      process.kill(process.pid, "SIGKILL");
    }
  };
  syncBuiltinESMExports(); // so the manager's `import { rename } from "node:fs/promises"` sees it
}

/** Documents inside `process` right now: claimed, with their attempt counted. */
let processing = 0;

const manager = new LabAutomationManager({
  inboxDir,
  workDir,
  concurrency: CONCURRENCY,
  maxAttempts: Number(maxAttempts),
  maxBytes: 4_096,
  writeStableMs: 40,
  // Small real work: read, hash, and take a few milliseconds so kills land mid-document.
  process: async (doc, signal) => {
    processing++;
    try {
      const text = await readFile(doc.path, "utf8");
      if (text.startsWith("REJECT")) throw new Error("instrument rejected the sample");
      if (text.startsWith("POISON")) {
        // Crash once every slot is processing (or after 300 ms), so the crash interrupts others too.
        for (let waited = 0; waited < 300 && processing < CONCURRENCY; waited += 2) await sleep(2, signal);
        process.kill(process.pid, "SIGKILL");
      }
      await sleep(text.startsWith("SLOW") ? 500 : 25 + (text.length % 40), signal);
      return { sha256: createHash("sha256").update(text).digest("hex"), lines: text.split("\n").length };
    } finally {
      processing--;
    }
  },
  onEvent: (event) => {
    if (event.type === "document:done" || event.type === "document:failed") process.stdout.write(`${event.type} ${event.name}\n`);
  },
});

await manager.start();
process.stdout.write("ready\n");

if (mode === "drain") {
  const visible = async (dir: string): Promise<number> => (await readdir(dir)).filter((name) => !name.startsWith(".")).length;
  for (;;) {
    const status = manager.status();
    const idle = status.queued === 0 && status.inFlight === 0;
    if (idle && (await visible(inboxDir)) === 0 && (await visible(join(workDir, "claimed"))) === 0) break;
    await sleep(50, AbortSignal.timeout(60_000));
  }
  const report = await manager.stop({ timeoutMs: 5_000 });
  process.stdout.write(`drained ${JSON.stringify({ done: report.done, failed: report.failed, abandoned: report.tasks.abandoned.length })}\n`);
}
