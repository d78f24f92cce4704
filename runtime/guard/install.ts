import { describeError } from "../describe.js";
import { checkDuration } from "../duration.js";
import { instrumentation } from "../hooks.js";
import { TaskSetLedger } from "../ledger.js";
import type { TaskSet } from "../task-set.js";

export interface TaskGuardOptions {
  /**
   * On exit (`beforeExit`, SIGINT, SIGTERM), shut down every set that still holds tasks, waiting at
   * most `drainTimeoutMs`, before the process goes.
   * @default false (report only)
   */
  drain?: boolean;
  /**
   * How long the drain may take.
   * @default 5_000
   */
  drainTimeoutMs?: number;
  /**
   * Signals to watch. When the guard is the only listener of a signal, it exits after reporting
   * (code 128 + signal number), as Node would have.
   * @default ["SIGINT", "SIGTERM"]
   */
  signals?: NodeJS.Signals[];
  /**
   * Where reports go.
   * @default console.error
   */
  log?: (message: string) => void;
}

interface Entry {
  set: WeakRef<TaskSet>;
  ledger: TaskSetLedger;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

function describePending(ledger: TaskSetLedger, now: number): string[] {
  return [...ledger.pending.values()].map((entry) => {
    const age = ((now - entry.spawnedAt) / 1000).toFixed(1);
    const site = entry.site === undefined ? "" : `, spawned ${entry.site.toString()}`;
    return `  - "${entry.name}" (#${entry.id}, pending for ${age} s${site})`;
  });
}

let installed = false;

/**
 * Watches every TaskSet created from now on, without keeping any of them alive: turns on spawn-site
 * capture, reports sets that still hold tasks when the process is about to exit (and optionally
 * drains them), and reports a set that is garbage-collected while tasks were pending (Python's
 * "Task was destroyed but it is pending!"). Returns a function that uninstalls it.
 * Sets created before the call are not watched.
 *
 * @example
 * ```ts
 * if (process.env.NODE_ENV !== "production") installTaskGuard({ drain: true });
 * ```
 */
export function installTaskGuard(options?: TaskGuardOptions): () => void {
  if (installed) throw new Error("installTaskGuard() is already installed; call the function it returned to uninstall it first");
  const drain = options?.drain ?? false;
  const drainTimeoutMs = options?.drainTimeoutMs ?? 5_000;
  const signals = options?.signals ?? ["SIGINT", "SIGTERM"];
  const log = options?.log ?? ((message: string) => console.error(message));
  checkDuration(drainTimeoutMs, "drainTimeoutMs");

  const entries = new Set<Entry>();
  const registry = new FinalizationRegistry<Entry>((entry) => {
    entries.delete(entry);
    if (entry.ledger.pending.size === 0) return;
    log(
      [
        `[taskguard] TaskSet "${entry.ledger.name}" was garbage-collected while ${entry.ledger.pending.size} task(s) were pending ` +
          `(nothing could settle them any more; their work and errors are lost):`,
        ...describePending(entry.ledger, Date.now()),
      ].join("\n"),
    );
  });

  const previous = { captureStacks: instrumentation.captureStacks, onSetCreated: instrumentation.onSetCreated };
  instrumentation.captureStacks = true;
  instrumentation.onSetCreated = (name, set) => {
    const ledger = new TaskSetLedger(name);
    const entry: Entry = { set: new WeakRef(set as TaskSet), ledger };
    entries.add(entry);
    registry.register(set, entry, entry);
    return ledger;
  };

  const busySets = (): { set: TaskSet; ledger: TaskSetLedger }[] => {
    const busy: { set: TaskSet; ledger: TaskSetLedger }[] = [];
    for (const entry of entries) {
      const set = entry.set.deref();
      if (set !== undefined && entry.ledger.pending.size > 0) busy.push({ set, ledger: entry.ledger });
    }
    return busy;
  };

  const report = (when: string): { set: TaskSet; ledger: TaskSetLedger }[] => {
    const busy = busySets();
    const now = Date.now();
    for (const { ledger } of busy) {
      log([`[taskguard] ${when}: TaskSet "${ledger.name}" still holds ${ledger.pending.size} pending task(s):`, ...describePending(ledger, now)].join("\n"));
    }
    return busy;
  };

  const drainAll = async (busy: { set: TaskSet }[]): Promise<void> => {
    const reports = await Promise.all(busy.map(({ set }) => set.shutdown({ timeoutMs: drainTimeoutMs })));
    for (const r of reports) {
      log(`[taskguard] drained TaskSet "${r.name}": ${r.completed} completed, ${r.failed} failed, ${r.cancelled} cancelled, ${r.abandoned.length} abandoned`);
    }
  };

  let drainedBeforeExit = false;
  const onBeforeExit = (): void => {
    const busy = report("process is exiting");
    if (drain && busy.length > 0 && !drainedBeforeExit) {
      drainedBeforeExit = true; // beforeExit fires again once the drain is done; drain only once
      drainAll(busy).catch((error: unknown) => log(`[taskguard] drain failed: ${describeError(error)}`));
    }
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    const busy = report(`received ${signal}`);
    // If someone else listens (e.g. installShutdownHooks), they own the exit.
    const alone = process.listenerCount(signal) === 1;
    const code = 128 + (SIGNAL_NUMBERS[signal] ?? 0);
    if (drain && busy.length > 0) {
      drainAll(busy)
        .catch((error: unknown) => log(`[taskguard] drain failed: ${describeError(error)}`))
        .finally(() => {
          if (alone) process.exit(code);
        });
    } else if (alone) {
      process.exit(code);
    }
  };

  process.on("beforeExit", onBeforeExit);
  for (const signal of signals) process.on(signal, onSignal);
  installed = true;

  return () => {
    if (!installed) return;
    installed = false;
    process.off("beforeExit", onBeforeExit);
    for (const signal of signals) process.off(signal, onSignal);
    instrumentation.captureStacks = previous.captureStacks;
    instrumentation.onSetCreated = previous.onSetCreated;
    // Sets created meanwhile keep their ledgers; they are just no longer reported.
    for (const entry of entries) registry.unregister(entry);
    entries.clear();
  };
}
