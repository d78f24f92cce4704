import { inspect } from "node:util";

/**
 * The one way taskguard turns a thrown value into text. User code can throw anything: a Symbol, an
 * `Object.create(null)`, a Proxy whose every trap throws, an Error whose `message` getter throws.
 * Describing it must never throw, or the failure being reported is lost and a second one escapes.
 */

/**
 * `"Name: message"` for an Error (`"message"` alone with `part: "message"`, the stack with
 * `part: "stack"` when there is one), `util.inspect()` of anything else (which runs no Proxy trap and
 * no getter), and a placeholder naming the type when even that throws. Never throws.
 */
export function describeError(error: unknown, part: "full" | "message" | "stack" = "full"): string {
  try {
    if (typeof error === "string") return error;
    if (error instanceof Error) {
      const message = String(error.message);
      if (part === "message") return message;
      const stack: unknown = part === "stack" ? error.stack : undefined;
      return typeof stack === "string" ? stack : `${String(error.name)}: ${message}`;
    }
    return inspect(error, { depth: 2, breakLength: Infinity });
  } catch {
    // A hostile value: fall back to what can be read without running its code.
  }
  try {
    return `[unprintable ${Object.prototype.toString.call(error).slice(8, -1)}]`;
  } catch {
    return `[unprintable ${typeof error}]`;
  }
}

/** An option value for a TypeError message: strings quoted, everything else described. Never throws. */
export function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : describeError(value);
}
