// `npm run demo`: the three reference systems together. Generated lab submissions are dropped into a
// temporary inbox; the LabAutomationManager claims each one and hands it to orchestrator agents
// that extract its fields and index it into the SimpleLabRAG; a query prints its hits; then a
// graceful shutdown prints every TaskSet report.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatReportSummary } from "../index.js";
import { DocumentRejectedError, LabAutomationManager, type LabEvent } from "../lab/index.js";
import { sleep } from "../orchestrator/abortable.js";
import { MultiAgentOrchestrator, type OrchestratorEvent } from "../orchestrator/index.js";
import { SimpleLabRAG } from "../rag/index.js";
import { demoAgents, type Submission } from "./agents.js";
import { sampleDocuments } from "./samples.js";

const started = Date.now();
const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(2)}s] ${line}`);

const root = await mkdtemp(join(tmpdir(), "taskguard-demo-"));
const inboxDir = join(root, "inbox");
log(`working in ${root}`);

const rag = new SimpleLabRAG({ dir: join(root, "rag-index") });
const orchestrator = new MultiAgentOrchestrator({ onEvent: logOrchestratorEvent });
for (const agent of demoAgents(rag)) orchestrator.registerAgent(agent);
orchestrator.start();

const lab = new LabAutomationManager({
  inboxDir,
  workDir: join(root, "work"),
  concurrency: 4,
  writeStableMs: 200,
  onEvent: logLabEvent,
  process: async (doc, signal) => {
    const text = await readFile(doc.path, "utf8");
    const urgent = /priority:\s*urgent/i.test(text);
    const extracted = await orchestrator.waitForTask(
      orchestrator.submitTask({ type: "extract", payload: { text }, priority: urgent ? 10 : 0, maxRetries: 3, timeoutMs: 2_000 }),
    );
    if (extracted.status !== "completed") throw new Error(`extraction ${extracted.status}: ${extracted.error ?? "no error recorded"}`);
    const submission = extracted.result as Submission | null;
    if (submission === null) throw new DocumentRejectedError("malformed", `${doc.name} has no "Sample: <id>" line; add the sample id and resubmit`);
    signal.throwIfAborted();
    const indexed = await orchestrator.waitForTask(orchestrator.submitTask({ type: "index", payload: { submission, text }, maxRetries: 1 }));
    if (indexed.status !== "completed") throw new Error(`indexing ${indexed.status}: ${indexed.error ?? "no error recorded"}`);
    return submission;
  },
});
await lab.start();
log("lab manager watching the inbox; dropping submissions…");

// In bursts, so both extractors get work (and the flaky one shows retries with backoff).
const documents = sampleDocuments(12);
for (let i = 0; i < documents.length; i += 3) {
  for (const document of documents.slice(i, i + 3)) await writeFile(join(inboxDir, document.name), document.body);
  await sleep(300, AbortSignal.timeout(60_000));
}

// Wait (a few seconds at most) until every submission reached done/ or failed/.
const deadline = Date.now() + 15_000;
while (Date.now() < deadline) {
  const status = lab.status();
  if (status.done + status.failed === documents.length) break;
  await sleep(100, AbortSignal.timeout(60_000));
}
const { done, failed, retried } = lab.status();
log(`lab: ${done} done, ${failed} failed, ${retried} retried; orchestrator: ${JSON.stringify(summaryOf(orchestrator))}`);

const question = "urgent PCR plasma";
log(`query "${question}":`);
for (const hit of await rag.query(question, 3)) {
  const meta = hit.metadata ?? {};
  console.log(`    ${hit.id}  score ${hit.score.toFixed(2)}  ${String(meta["assay"])} / ${String(meta["matrix"])} / ${String(meta["priority"])}  (${String(meta["submitter"])})`);
}

log("graceful shutdown:");
const labReport = await lab.stop({ timeoutMs: 5_000 });
const orchestratorReport = await orchestrator.stop({ timeoutMs: 5_000 });
const ragReport = await rag.close();
for (const report of [labReport.tasks, orchestratorReport.executions, orchestratorReport.retries, ragReport]) {
  console.log(formatReportSummary(report).replace(/^/gm, "    "));
}
await rm(root, { recursive: true, force: true });
log("done");

function summaryOf(o: MultiAgentOrchestrator): Record<string, number> {
  const { submitted, completed, failed: failedTasks, retried: retries, cancelled } = o.metrics;
  return { submitted, completed, failed: failedTasks, retried: retries, cancelled };
}

function logOrchestratorEvent(event: OrchestratorEvent): void {
  if (event.type === "task:started" && event.task.attempts > 1) log(`  ${event.task.id} (${event.task.type}) attempt ${event.task.attempts} on ${event.agentId}`);
  else if (event.type === "task:retrying") log(`  ${event.task.id} (${event.task.type}) failed: ${event.task.error ?? "?"}; retry in ${event.delayMs} ms`);
  else if (event.type === "task:failed") log(`  ${event.task.id} (${event.task.type}) failed for good: ${event.task.error ?? "?"}`);
}

function logLabEvent(event: LabEvent): void {
  if (event.type === "document:claimed") log(`claimed ${event.name}`);
  else if (event.type === "document:done") log(`done    ${event.name}`);
  else if (event.type === "document:failed") log(`failed  ${event.name} (${event.reason}): ${event.error}`);
  else if (event.type === "watcher:error" || event.type === "cleanup:failed") log(`${event.type}: ${String(event.error)}`);
}
