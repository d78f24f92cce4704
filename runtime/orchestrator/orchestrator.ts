import { describeError } from "../describe.js";
import { checkDuration } from "../duration.js";
import { TaskSet, TaskTimeoutError, type SpawnOptions } from "../index.js";
import { untilAborted, sleep } from "./abortable.js";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.js";
import { before, PriorityQueue } from "./priority-queue.js";
import type {
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

type TaskRecord = { -readonly [K in keyof AgentTask]: AgentTask[K] };

interface AgentState {
  readonly spec: AgentSpec;
  load: number;
  completed: number;
  failed: number;
  finished: number;
  totalLatencyMs: number;
}

/** How one execution ended, decided inside the execution from its real outcome. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; kind: "failed" | "timeout" | "cancelled" };

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * Runs submitted tasks on registered agents, and never loses track of one: every execution and
 * every retry timer is a task of the orchestrator's TaskSets, every task reaches `completed`,
 * `failed` or `cancelled` (after `stop()`, none is left `pending` or `running`), and its status is
 * set from the execution's real outcome by the completion callback.
 *
 * Tasks wait in a priority queue (higher first, FIFO among equals) and are dispatched to the
 * least-loaded agent that has the task's type among its capabilities and a free slot. A failed or
 * timed-out execution is retried up to `maxRetries` times after an exponential, capped, fully
 * jittered backoff.
 *
 * @example
 * ```ts
 * const orchestrator = new MultiAgentOrchestrator();
 * orchestrator.registerAgent({ id: "ocr-1", capabilities: ["ocr"], maxConcurrent: 2, execute: (task, signal) => ocr(task.payload, signal) });
 * orchestrator.start();
 * const id = orchestrator.submitTask({ type: "ocr", payload: file, maxRetries: 2, timeoutMs: 5_000 });
 * const done = await orchestrator.waitForTask(id);
 * await orchestrator.stop({ timeoutMs: 5_000 });
 * ```
 */
export class MultiAgentOrchestrator {
  readonly #onEvent: ((event: OrchestratorEvent) => void) | undefined;
  readonly #backoff: Required<BackoffOptions>;
  readonly #random: () => number;
  readonly #agents = new Map<string, AgentState>();
  readonly #queues = new Map<string, PriorityQueue<TaskRecord>>();
  readonly #records = new Map<string, TaskRecord>();
  readonly #waiters = new Map<string, ((task: AgentTask) => void)[]>();
  readonly #executions: TaskSet;
  readonly #retries: TaskSet;
  #dispatching = false;
  #inDispatch = false;
  /** Set the moment `stop()` is called, before anything it does can call back into submitTask(). */
  #stopped = false;
  #stopping: Promise<OrchestratorStopReport> | undefined;
  #nextId = 1;
  #running = 0;
  #counts = { submitted: 0, completed: 0, failed: 0, cancelled: 0, retried: 0 };

  constructor(options: OrchestratorOptions = {}) {
    const name = options.name ?? "MultiAgentOrchestrator";
    this.#onEvent = options.onEvent;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    checkDuration(this.#backoff.baseMs, "backoff.baseMs");
    checkDuration(this.#backoff.maxMs, "backoff.maxMs");
    this.#random = options.random ?? Math.random;
    // An execution's failure is recorded on its task and emitted as an event by the completion
    // callback; the set's default console reporter would only print it a second time.
    this.#executions = new TaskSet({ name: `${name}/executions`, onError: ignoreRecordedFailure });
    this.#retries = new TaskSet({ name: `${name}/retries` });
  }

  /**
   * Makes an agent available for dispatch; queued tasks it can run start at once (after `start()`).
   * Throws a TypeError for a malformed spec and an Error for a duplicate id.
   */
  registerAgent(spec: AgentSpec): void {
    if (typeof spec.id !== "string" || spec.id === "") throw new TypeError(`registerAgent: id must be a non-empty string, got ${String(spec.id)}`);
    if (this.#agents.has(spec.id)) throw new Error(`registerAgent: an agent with id "${spec.id}" is already registered; unregister it first`);
    if (!Array.isArray(spec.capabilities) || !spec.capabilities.every((c) => typeof c === "string")) {
      throw new TypeError(`registerAgent("${spec.id}"): capabilities must be an array of task types`);
    }
    if (!Number.isInteger(spec.maxConcurrent) || spec.maxConcurrent < 1) {
      throw new TypeError(`registerAgent("${spec.id}"): maxConcurrent must be a positive integer, got ${spec.maxConcurrent}`);
    }
    if (typeof spec.execute !== "function") throw new TypeError(`registerAgent("${spec.id}"): execute must be a function`);
    this.#agents.set(spec.id, { spec, load: 0, completed: 0, failed: 0, finished: 0, totalLatencyMs: 0 });
    this.#emit({ type: "agent:registered", agentId: spec.id });
    this.#dispatch();
  }

  /**
   * Stops dispatching to the agent. Its running executions are not interrupted: they finish and
   * settle their tasks as usual. Returns false when no agent had that id.
   */
  unregisterAgent(id: string): boolean {
    if (!this.#agents.delete(id)) return false;
    this.#emit({ type: "agent:unregistered", agentId: id });
    return true;
  }

  /**
   * Queues a task and returns its id. It is dispatched once `start()` was called and an agent with
   * its type has a free slot. Throws after `stop()` and for malformed submissions.
   */
  submitTask<P>(submission: TaskSubmission<P>): string {
    if (this.#stopped) throw new Error(`submitTask("${describeError(submission.type)}"): the orchestrator is stopped (stop() was called) and accepts no tasks`);
    const { type, payload, priority = 0, maxRetries = 0, timeoutMs } = submission;
    if (typeof type !== "string" || type === "") throw new TypeError(`submitTask: type must be a non-empty string, got ${String(type)}`);
    if (!Number.isFinite(priority)) throw new TypeError(`submitTask("${type}"): priority must be a finite number, got ${priority}`);
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new TypeError(`submitTask("${type}"): maxRetries must be an integer >= 0, got ${maxRetries}`);
    checkDuration(timeoutMs, `submitTask("${type}"): timeoutMs`);
    const record: TaskRecord = {
      id: `task-${this.#nextId++}`,
      type,
      payload,
      priority,
      status: "pending",
      attempts: 0,
      maxRetries,
      timeoutMs,
      submittedAt: Date.now(),
    };
    this.#records.set(record.id, record);
    this.#counts.submitted++;
    this.#emit({ type: "task:submitted", task: { ...record } });
    this.#enqueue(record);
    return record.id;
  }

  /** A snapshot of the task, or undefined for an unknown id. */
  getTask(id: string): AgentTask | undefined {
    const record = this.#records.get(id);
    return record === undefined ? undefined : { ...record };
  }

  /**
   * Resolves with the task's final snapshot once it is `completed`, `failed` or `cancelled` (at once
   * if it already is). Never rejects for a task failure: read `status` and `error`. Rejects only for
   * an unknown id.
   */
  waitForTask(id: string): Promise<AgentTask> {
    const record = this.#records.get(id);
    if (record === undefined) return Promise.reject(new Error(`waitForTask: no task has id "${id}"; use an id returned by submitTask()`));
    if (isFinal(record.status)) return Promise.resolve({ ...record });
    return new Promise<AgentTask>((resolve) => {
      const waiters = this.#waiters.get(id);
      if (waiters === undefined) this.#waiters.set(id, [resolve]);
      else waiters.push(resolve);
    });
  }

  /** Starts dispatching queued tasks. Idempotent; throws after `stop()`. */
  start(): void {
    if (this.#stopped) throw new Error("start(): the orchestrator was stopped; create a new one");
    this.#dispatching = true;
    this.#dispatch();
  }

  /**
   * Stops dispatching, cancels queued tasks and retry timers, aborts the signals of running
   * executions, and resolves once they settled or `timeoutMs` passed. Every task is final when it
   * resolves: one still running at the deadline is marked `cancelled` (its agent ignored the signal;
   * the executions report lists it as abandoned, and its agent's slot stays taken until it settles).
   * From the moment it is called, `submitTask()` and `start()` throw. Idempotent: later calls return
   * the same promise.
   */
  stop(options: { timeoutMs?: number } = {}): Promise<OrchestratorStopReport> {
    if (this.#stopping === undefined) {
      checkDuration(options.timeoutMs, "stop(): timeoutMs");
      this.#stopped = true;
      this.#stopping = this.#stop(options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    }
    return this.#stopping;
  }

  /** Counters since construction, the current queue and running totals, and per-agent load and latency. */
  get metrics(): OrchestratorMetrics {
    let queued = 0;
    for (const queue of this.#queues.values()) queued += queue.size;
    const agents: Record<string, AgentMetrics> = {};
    for (const [id, agent] of this.#agents) {
      agents[id] = {
        load: agent.load,
        maxConcurrent: agent.spec.maxConcurrent,
        completed: agent.completed,
        failed: agent.failed,
        averageLatencyMs: agent.finished === 0 ? 0 : agent.totalLatencyMs / agent.finished,
      };
    }
    return { ...this.#counts, queued, running: this.#running, agents };
  }

  async #stop(timeoutMs: number): Promise<OrchestratorStopReport> {
    this.#dispatching = false;
    let cancelledByStop = 0;
    for (const queue of this.#queues.values()) {
      for (const record of queue.drain()) cancelledByStop += this.#cancel(record);
    }
    const [executions, retries] = await Promise.all([
      this.#executions.shutdown({ timeoutMs, cancel: true }),
      this.#retries.shutdown({ timeoutMs, cancel: true }),
    ]);
    // Tasks waiting out a backoff, and executions whose agent ignored the signal past the deadline.
    for (const record of this.#records.values()) cancelledByStop += this.#cancel(record);
    return { cancelledByStop, executions, retries };
  }

  #enqueue(record: TaskRecord): void {
    if (this.#stopped) {
      this.#cancel(record);
      return;
    }
    let queue = this.#queues.get(record.type);
    if (queue === undefined) this.#queues.set(record.type, (queue = new PriorityQueue()));
    queue.push(record, record.priority);
    this.#dispatch();
  }

  /** Starts as many queued tasks as agents can take, best head of all type queues first. */
  #dispatch(): void {
    // A synchronous completion re-enters here; the outer loop re-reads all state, so it covers that call.
    if (!this.#dispatching || this.#inDispatch) return;
    this.#inDispatch = true;
    try {
      for (;;) {
        let chosen: { queue: PriorityQueue<TaskRecord>; agent: AgentState; head: { item: TaskRecord; priority: number; seq: number } } | undefined;
        for (const [type, queue] of this.#queues) {
          const head = queue.peek();
          if (head === undefined || (chosen !== undefined && !before(head, chosen.head))) continue;
          const agent = this.#leastLoaded(type);
          if (agent !== undefined) chosen = { queue, agent, head };
        }
        if (chosen === undefined || !this.#dispatching) return;
        chosen.queue.pop();
        this.#startExecution(chosen.head.item, chosen.agent);
      }
    } finally {
      this.#inDispatch = false;
    }
  }

  #leastLoaded(type: string): AgentState | undefined {
    let best: AgentState | undefined;
    for (const agent of this.#agents.values()) {
      if (agent.load >= agent.spec.maxConcurrent || !agent.spec.capabilities.includes(type)) continue;
      if (best === undefined || agent.load < best.load) best = agent;
    }
    return best;
  }

  #startExecution(record: TaskRecord, agent: AgentState): void {
    record.status = "running";
    record.attempts++;
    record.agentId = agent.spec.id;
    agent.load++;
    this.#running++;
    this.#emit({ type: "task:started", task: { ...record }, agentId: agent.spec.id });
    const options: SpawnOptions = { name: `${record.type} ${record.id} on ${agent.spec.id} (attempt ${record.attempts})` };
    if (record.timeoutMs !== undefined) options.timeoutMs = record.timeoutMs;
    this.#executions.spawn(({ signal }) => this.#execute(record, agent, signal), options);
  }

  async #execute(record: TaskRecord, agent: AgentState, signal: AbortSignal): Promise<unknown> {
    const startedAt = performance.now();
    // The executor turns a synchronous throw from execute() into the work's rejection.
    const work = new Promise<unknown>((resolve) => resolve(agent.spec.execute({ ...record }, signal)));
    // Registered before the race below, so it has run by the time the race reports the work's own outcome.
    let workSettled = false;
    const settled = work.then(
      () => (workSettled = true),
      () => (workSettled = true),
    );
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await untilAborted(work, signal) };
    } catch (error) {
      const kind = !signal.aborted ? "failed" : signal.reason instanceof TaskTimeoutError ? "timeout" : "cancelled";
      outcome = { ok: false, error, kind };
    }
    const release = (): void => {
      agent.load--;
      agent.finished++;
      agent.totalLatencyMs += performance.now() - startedAt;
      this.#running--;
    };
    if (workSettled) {
      release();
      this.#onExecutionSettled(record, agent, outcome);
    } else {
      // The task's fate is decided at the abort, but the agent's slot frees only once its work
      // really settles: an agent that ignores its signal is never handed more than maxConcurrent
      // executions. Until then this stays a running task of the set, so stop() lists it as abandoned.
      this.#onExecutionSettled(record, agent, outcome);
      await settled;
      release();
      this.#dispatch();
    }
    // Settle the TaskSet task the same way, so the shutdown report counts real outcomes.
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** The completion callback: the only place a running task changes status. */
  #onExecutionSettled(record: TaskRecord, agent: AgentState, outcome: Outcome): void {
    if (outcome.ok) {
      agent.completed++;
      record.result = outcome.value;
      delete record.error;
      this.#finish(record, "completed");
    } else if (outcome.kind === "cancelled") {
      record.error = describeError(outcome.error);
      this.#finish(record, "cancelled");
    } else {
      agent.failed++;
      record.error = describeError(outcome.error);
      if (record.attempts <= record.maxRetries && !this.#stopped) this.#scheduleRetry(record);
      else this.#finish(record, "failed");
    }
    this.#dispatch();
  }

  #scheduleRetry(record: TaskRecord): void {
    const delayMs = backoffDelay(record.attempts, this.#backoff, this.#random);
    record.status = "pending";
    this.#counts.retried++;
    this.#emit({ type: "task:retrying", task: { ...record }, delayMs });
    this.#retries.spawn(
      async ({ signal }) => {
        await sleep(delayMs, signal);
        this.#enqueue(record);
      },
      { name: `retry ${record.id} in ${delayMs} ms` },
    );
  }

  /** Moves a task that is not final yet to `cancelled`; returns 1 if it did, for counting. */
  #cancel(record: TaskRecord): number {
    if (isFinal(record.status)) return 0;
    record.error = "cancelled: the orchestrator stopped before the task finished";
    this.#finish(record, "cancelled");
    return 1;
  }

  #finish(record: TaskRecord, status: "completed" | "failed" | "cancelled"): void {
    record.status = status;
    record.finishedAt = Date.now();
    this.#counts[status]++;
    const snapshot = { ...record };
    this.#emit({ type: `task:${status}`, task: snapshot });
    const waiters = this.#waiters.get(record.id);
    if (waiters === undefined) return;
    this.#waiters.delete(record.id);
    for (const resolve of waiters) resolve(snapshot);
  }

  #emit(event: OrchestratorEvent): void {
    if (this.#onEvent === undefined) return;
    try {
      this.#onEvent(event);
    } catch (error) {
      // A faulty listener must not corrupt the bookkeeping of the task it was told about.
      console.error(`[taskguard] MultiAgentOrchestrator onEvent threw while handling "${event.type}": ${describeError(error, "stack")}`);
    }
  }
}

function isFinal(status: AgentTaskStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}


function ignoreRecordedFailure(): void {
  // See the constructor: the failure already reached the task record and the onEvent hook.
}
