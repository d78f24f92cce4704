import type { AgentSpec } from "../orchestrator/index.js";
import { sleep } from "../orchestrator/abortable.js";
import type { SimpleLabRAG } from "../rag/index.js";

export interface Submission {
  sample: string;
  submitter?: string;
  assay?: string;
  matrix?: string;
  priority?: string;
  notes?: string;
}

/**
 * Parses `Key: value` lines. A submission without a `Sample` line cannot be filed: that is a result
 * (retrying cannot fix it), not an agent failure, so it comes back as `undefined`.
 */
export function extractFields(text: string): Submission | undefined {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Za-z ]+?)\s*:\s*(.+?)\s*$/.exec(line);
    if (match !== null) fields[match[1]!.toLowerCase()] = match[2]!;
  }
  const sample = fields["sample"];
  return sample === undefined ? undefined : { ...fields, sample };
}

/**
 * Two extractors (one of them flaky, to show retries with backoff) and one indexer. Their work is
 * simulated latency plus real parsing and real indexing into the RAG wrapper.
 */
export function demoAgents(rag: SimpleLabRAG): AgentSpec[] {
  const extractor = (id: string, failureRate: number): AgentSpec => ({
    id,
    capabilities: ["extract"],
    maxConcurrent: 2,
    execute: async (task, signal) => {
      const { text } = task.payload as { text: string };
      await sleep(80 + Math.random() * 120, signal);
      if (Math.random() < failureRate) throw new Error(`${id} lost the connection to the LIMS`);
      return extractFields(text) ?? null;
    },
  });
  return [
    extractor("extractor-1", 0),
    extractor("extractor-2", 0.3),
    {
      id: "indexer",
      capabilities: ["index"],
      maxConcurrent: 1,
      execute: async (task) => {
        const { submission, text } = task.payload as { submission: Submission; text: string };
        const { sample, ...metadata } = submission;
        await rag.addDocument(sample, text, metadata);
        return sample;
      },
    },
  ];
}
