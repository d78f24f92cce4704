import { SpawnSite } from "./spawn-site.js";

/** What the guard knows about one pending task, without holding the task (or its set) alive. */
export interface LedgerEntry {
  readonly id: number;
  readonly name: string;
  readonly spawnedAt: number;
  readonly site: SpawnSite | undefined;
}

/**
 * A set's pending tasks as seen by the guard. It never references the set or its tasks, so the
 * set can still be garbage-collected and the guard's FinalizationRegistry can report what it held.
 */
export class TaskSetLedger {
  readonly name: string;
  readonly pending = new Map<number, LedgerEntry>();

  constructor(name: string) {
    this.name = name;
  }

  add(entry: LedgerEntry): void {
    this.pending.set(entry.id, entry);
  }

  delete(id: number): void {
    this.pending.delete(id);
  }
}
