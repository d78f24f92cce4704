import type { ShutdownReport } from "../index.js";
import type { BackoffOptions } from "./backoff.js";

/** `pending` (queued or waiting to retry) → `running` → one of the three final states. */
export type AgentTaskStatus = "pending" | "running" | "completed" | "failed" | "cancelled";

/** A snapshot of one submitted task. Every value the orchestrator hands out is a copy. */
export interface AgentTask<P = unknown> {
  readonly id: string;
  readonly type: string;
  readonly payload: P;
  readonly priority: number;
  readonly status: AgentTaskStatus;
  /** Executions started so far (1 + retries). */
  readonly attempts: number;
  readonly maxRetries: number;
  readonly timeoutMs: number | undefined;
  /** The agent of the latest execution. */
  readonly agentId?: string;
  /** The value of the successful execution. */
  readonly result?: unknown;
  /** Message of the latest failure (or of the cancellation). */
  readonly error?: string;
  readonly submittedAt: number;
  readonly finishedAt?: number;
}

/** What `registerAgent()` takes. */
export interface AgentSpec {
  /** Unique among registered agents. */
  id: string;
  /** Task types this agent executes. */
  capabilities: readonly string[];
  /** Executions this agent runs at once (a positive integer). */
  maxConcurrent: number;
  /**
   * Runs one task. `signal` aborts when the task times out or the orchestrator stops; honour it so
   * the work really stops. The task's status is decided at the abort either way, but the agent's
   * slot stays taken (and `stop()` lists the execution as abandoned) until the work settles.
   */
  execute: (task: AgentTask, signal: AbortSignal) => unknown;
}

/** What `submitTask()` takes. */
export interface TaskSubmission<P = unknown> {
  /** Only agents with this capability run the task. */
  type: string;
  payload: P;
  /**
   * Higher runs first; equal priorities run in submission order.
   * @default 0
   */
  priority?: number;
  /**
   * Extra executions after a failure or timeout, each after an exponential, jittered backoff.
   * @default 0
   */
  maxRetries?: number;
  /**
   * Deadline of each execution; its signal aborts with a `TaskTimeoutError` and it counts as a failure.
   * Any duration up to `Infinity`.
   * @default undefined (no deadline)
   */
  timeoutMs?: number;
}

/** Lifecycle notifications, delivered synchronously to `onEvent`. */
export type OrchestratorEvent =
  | { type: "task:submitted" | "task:completed" | "task:failed" | "task:cancelled"; task: AgentTask }
  | { type: "task:started"; task: AgentTask; agentId: string }
  | { type: "task:retrying"; task: AgentTask; delayMs: number }
  | { type: "agent:registered" | "agent:unregistered"; agentId: string };

export interface OrchestratorOptions {
  /**
   * Names the orchestrator's TaskSets in reports.
   * @default "MultiAgentOrchestrator"
   */
  name?: string;
  /** Receives every task and agent lifecycle event. A throw is printed and otherwise ignored. */
  onEvent?: (event: OrchestratorEvent) => void;
  /** Retry delays. */
  backoff?: BackoffOptions;
  /**
   * Source of the backoff jitter, a value in [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/** Load and latency of one registered agent. */
export interface AgentMetrics {
  load: number;
  maxConcurrent: number;
  completed: number;
  failed: number;
  /** Mean duration of this agent's finished executions, in milliseconds (0 before the first). */
  averageLatencyMs: number;
}

/** Counters since construction, plus the current queue and per-agent state. */
export interface OrchestratorMetrics {
  submitted: number;
  /** Tasks waiting for an agent (not counting those waiting out a backoff). */
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Retries scheduled after a failure or timeout. */
  retried: number;
  agents: Record<string, AgentMetrics>;
}

/** What `stop()` resolves with. */
export interface OrchestratorStopReport {
  /** Tasks that `stop()` itself moved to `cancelled` (queued, backing off or still running). */
  cancelledByStop: number;
  /** The executions' TaskSet. */
  executions: ShutdownReport;
  /** The retry timers' TaskSet. */
  retries: ShutdownReport;
}
