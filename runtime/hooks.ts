/**
 * Process-wide instrumentation switches shared by every TaskSet and the guard.
 * Kept in one tiny module so the hot path reads one object and the guard can flip it.
 */
import type { TaskSetLedger } from "./ledger.js";

export interface Instrumentation {
  /** Record a spawn site for every task of every set (TASKGUARD_DEBUG=1 or `installTaskGuard()`). */
  captureStacks: boolean;
  /** Called for every new TaskSet while the guard is installed; returns the ledger the set keeps up to date. */
  onSetCreated: ((name: string, set: object) => TaskSetLedger) | undefined;
}

export const instrumentation: Instrumentation = {
  captureStacks: process.env["TASKGUARD_DEBUG"] === "1",
  onSetCreated: undefined,
};
