import { fileURLToPath } from "node:url";

// Frames from these files are taskguard's own; the spawn site is the first frame outside them.
const runtimeDir = fileURLToPath(new URL(".", import.meta.url));
const ownFile = /[\\/](?:index|task-set|task|task-list|signal-link|cancellation|describe|duration|errors|options|report|hooks|ledger|spawn-site)\.[cm]?[jt]s(?::\d+)*\)?$/;

function isOwnFrame(line: string): boolean {
  if (line.includes("node:internal") || line.includes("(native)")) return true;
  if (line.includes(`${runtimeDir}guard`)) return true;
  return line.includes(runtimeDir) && ownFile.test(line);
}

/**
 * A captured call stack, formatted only when someone asks: V8 collects structured frames cheaply
 * at capture time and does the expensive string formatting lazily on first `.stack` read.
 */
export class SpawnSite {
  #holder: { stack?: string } | undefined;
  #text: string | undefined;

  constructor(above: (...args: never[]) => unknown) {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, above);
    this.#holder = holder;
  }

  /** The first frame outside taskguard's runtime, e.g. `at Worker.run (/app/src/worker.ts:12:5)`. */
  toString(): string {
    if (this.#text === undefined) {
      const stack = this.#holder?.stack ?? "";
      this.#holder = undefined;
      const frames = stack.split("\n").slice(1).map((line) => line.trim());
      this.#text = frames.find((line) => !isOwnFrame(line)) ?? frames[0] ?? "<unknown>";
    }
    return this.#text;
  }
}
