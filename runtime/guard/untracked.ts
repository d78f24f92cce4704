import { AsyncLocalStorage } from "node:async_hooks";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { promiseHooks } from "node:v8";

/** One promise that was left behind by the scope. */
export interface UntrackedPromise {
  /** Where the promise was created, starting at the first frame outside taskguard. */
  stack: string;
  /** `pending`: nobody awaits it and it has not settled; `rejected`: it rejected and nobody handles it. */
  state: "pending" | "rejected";
}

export interface UntrackedReport {
  untracked: UntrackedPromise[];
}

export interface FindUntrackedOptions {
  /**
   * Stack frames kept per promise.
   * @default 10
   */
  stackDepth?: number;
}

interface Creation {
  parent: Promise<unknown> | undefined;
  site: { stack?: string };
  inScope: boolean;
}

const runtimeDir = fileURLToPath(new URL("..", import.meta.url));
const ownFile = /[\\/](?:guard[\\/][^\\/]+|index|task-set|task|task-list|signal-link|cancellation|describe|duration|errors|options|report|hooks|ledger|spawn-site)\.[cm]?[jt]s:\d+/;
const chainingBuiltin = /^at (?:async )?(?:Promise\.(?:then|catch|finally)|Function\.(?:all|allSettled|any|race)|Promise\.(?:all|allSettled|any|race))\b/;

function frames(site: { stack?: string }): string[] {
  return (site.stack ?? "")
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => !line.includes("node:internal") && !(line.includes(runtimeDir) && line.includes("untracked.")));
}

const isOwn = (line: string): boolean => line.includes(runtimeDir) && ownFile.test(line);
const isBuiltin = (line: string): boolean => line.endsWith("(<anonymous>)") || line.endsWith("(native)");

/**
 * Runs `scope` and lists the promises it created that nobody kept: still pending and never awaited
 * or chained onto, or rejected without a handler, each with its creation stack. A development and
 * test tool built on `node:v8` promise hooks, which slow every promise down while they are on, so it
 * is strictly opt-in. Promises created by taskguard itself, by `await` internals and the scope's own
 * return value are left out; only promises created inside the scope's async context count.
 *
 * @example
 * ```ts
 * const { untracked } = await findUntrackedPromises(() => service.handle(request));
 * expect(untracked).toEqual([]);
 * ```
 */
export async function findUntrackedPromises(scope: () => unknown, options?: FindUntrackedOptions): Promise<UntrackedReport> {
  if (typeof scope !== "function") throw new TypeError(`scope must be a function, got ${String(scope)}`);
  const stackDepth = options?.stackDepth ?? 10;
  if (!Number.isInteger(stackDepth) || stackDepth < 1) throw new TypeError(`stackDepth must be a positive integer, got ${String(stackDepth)}`);
  const storage = new AsyncLocalStorage<symbol>();
  const token = Symbol("findUntrackedPromises");
  const created = new Map<Promise<unknown>, Creation>();
  const savedLimit = Error.stackTraceLimit;
  const stop = promiseHooks.createHook({
    init(promise, parent) {
      const inScope = storage.getStore() === token;
      if (!inScope && parent === undefined) return;
      // Structured frames now, formatted (the expensive part) only for promises we report.
      const site: { stack?: string } = {};
      Error.stackTraceLimit = stackDepth + 8;
      Error.captureStackTrace(site);
      Error.stackTraceLimit = savedLimit;
      created.set(promise, { parent, site, inScope });
    },
  }) as () => void; // @types/node types the disposer as Function
  // Rejections the scope leaves unhandled are findings, not crashes; others keep Node's default.
  // Under --unhandled-rejections=strict, Node first raises the rejection as an uncaught exception
  // (origin "unhandledRejection"), then emits "unhandledRejection" with the promise, synchronously:
  // the exception is held until that event tells whether the promise is the scope's.
  let held: { error: unknown } | undefined;
  const crash = (error: unknown): void => {
    // What Node does with no listener: print and exit. Leave the stage first, so it really is uncaught.
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUnhandled);
    process.nextTick(() => {
      throw error;
    });
  };
  const onUncaught = (error: Error, origin: NodeJS.UncaughtExceptionOrigin): void => {
    if (origin === "unhandledRejection") held = { error };
    else if (process.listenerCount("uncaughtException") === 1) crash(error);
  };
  const onUnhandled = (reason: unknown, promise: Promise<unknown>): void => {
    const strict = held;
    held = undefined;
    if (created.get(promise)?.inScope === true) return;
    if (strict !== undefined) {
      if (process.listenerCount("uncaughtException") === 1) crash(strict.error);
    } else if (process.listenerCount("unhandledRejection") === 1) {
      queueMicrotask(() => {
        throw reason;
      });
    }
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUnhandled);
  let returned: unknown;
  try {
    returned = storage.run(token, scope);
    if (returned instanceof Promise) await returned;
    else if (returned !== null && typeof returned === "object" && typeof (returned as PromiseLike<unknown>).then === "function") {
      await (returned as PromiseLike<unknown>);
    }
    // Let queued reactions run (with the hook still on) so chains the scope set up are seen.
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    stop();
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUnhandled);
  }

  // A promise counts as kept once something chains onto it: .then/.catch/.finally, Promise.all & co,
  // or an await (V8 reports await's throwaway promise with the awaited promise as parent). An await
  // of a non-promise first wraps the value in a promise whose parent is the async function's own
  // promise; that wrapper is itself a parent, and it must not count as keeping the function's promise.
  const parents = new Set<Promise<unknown>>();
  for (const creation of created.values()) if (creation.parent !== undefined) parents.add(creation.parent);
  const kept = new Set<Promise<unknown>>();
  for (const [promise, creation] of created) {
    if (creation.parent === undefined) continue;
    const top = frames(creation.site)[0] ?? "";
    const byAwait = !chainingBuiltin.test(top);
    if (byAwait && parents.has(promise)) continue; // an await wrapper
    kept.add(creation.parent);
  }

  const untracked: UntrackedPromise[] = [];
  for (const [promise, creation] of created) {
    if (!creation.inScope || promise === returned || kept.has(promise)) continue;
    const lines = frames(creation.site);
    // Await's own throwaway promises are internal: skip anything with a parent not made by a chaining builtin.
    if (creation.parent !== undefined && !chainingBuiltin.test(lines[0] ?? "")) continue;
    const user = lines.filter((line) => !isBuiltin(line));
    if (user.length === 0 || isOwn(user[0] ?? "")) continue; // taskguard's own bookkeeping promises
    const shown = inspect(promise, { depth: 0 });
    const state = shown.includes("<pending>") ? "pending" : shown.includes("<rejected>") ? "rejected" : undefined;
    if (state === undefined) continue;
    untracked.push({ stack: user.slice(0, stackDepth).join("\n"), state });
  }
  return { untracked };
}
