export { SimpleLabRAG, RagInitializationError } from "./simple-lab-rag.js";
export { MiniSearchRag } from "./minisearch-rag.js";
export type { RagHit, RagSystem, SimpleLabRAGOptions } from "./types.js";
