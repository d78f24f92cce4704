// Node APIs whose promise-ness or callback handling is known without a checker.

/** Functions exported by Node's promise modules that return a promise (not `watch`, which is an async iterator). */
const promiseModules: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    "fs/promises",
    new Set([
      "access", "appendFile", "chmod", "chown", "copyFile", "cp", "lchown", "lutimes", "link", "lstat", "mkdir",
      "mkdtemp", "open", "opendir", "readdir", "readFile", "readlink", "realpath", "rename", "rm", "rmdir", "stat",
      "statfs", "symlink", "truncate", "unlink", "utimes", "writeFile",
    ]),
  ],
  ["timers/promises", new Set(["setTimeout", "setImmediate", "scheduler.wait", "scheduler.yield"])],
  ["stream/promises", new Set(["pipeline", "finished"])],
  [
    "dns/promises",
    new Set([
      "lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname",
      "resolveMx", "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse",
    ]),
  ],
  ["events", new Set(["once"])],
]);

function withoutNodePrefix(moduleName: string): string {
  return moduleName.startsWith("node:") ? moduleName.slice(5) : moduleName;
}

/** Whether `member` of module `moduleName` (with or without `node:`) returns a promise. */
export function isKnownPromiseFunction(moduleName: string, member: string): boolean {
  return promiseModules.get(withoutNodePrefix(moduleName))?.has(member) ?? false;
}

/** Modules whose `promises` export is `fs/promises` / `dns/promises`. */
export function promisesNamespaceOf(moduleName: string): string | undefined {
  const bare = withoutNodePrefix(moduleName);
  return bare === "fs" || bare === "dns" ? `${bare}/promises` : undefined;
}

export function isModule(moduleName: string, bare: string): boolean {
  return withoutNodePrefix(moduleName) === bare;
}

/** Static methods of `Promise` that return a promise. */
export const promiseStatics: ReadonlySet<string> = new Set(["resolve", "reject", "all", "allSettled", "race", "any", "try"]);

/** Emitter methods that call a listener and drop what it returns. */
export const listenerMethods: ReadonlySet<string> = new Set([
  "on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener",
]);

/** Removing a listener: the emitter forgets the function and never calls it. */
export const listenerRemovalMethods: ReadonlySet<string> = new Set(["off", "removeListener", "removeEventListener"]);

/** Scheduling functions whose first argument is called later and its result dropped. */
export const timerFunctions: ReadonlySet<string> = new Set([
  "setInterval", "setTimeout", "setImmediate", "queueMicrotask",
]);
