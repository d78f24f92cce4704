export { MultiAgentOrchestrator } from "./orchestrator.js";
export { backoffDelay, type BackoffOptions } from "./backoff.js";
export type {
  AgentMetrics,
  AgentSpec,
  AgentTask,
  AgentTaskStatus,
  OrchestratorEvent,
  OrchestratorMetrics,
  OrchestratorOptions,
  OrchestratorStopReport,
  TaskSubmission,
} from "./types.js";
