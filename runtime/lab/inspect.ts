import { readFile, stat } from "node:fs/promises";
import { describeError } from "../describe.js";

/** Why a document can never be processed; it goes to `failed/` at once, without further attempts. */
export type RejectionReason = "unreadable" | "empty" | "oversized" | "malformed";

/**
 * A permanent failure: retrying cannot help, so the document goes straight to `failed/`.
 * The manager throws it for bad input; a `process` function may throw it too (e.g. a missing field).
 */
export class DocumentRejectedError extends Error {
  readonly reason: RejectionReason;

  constructor(reason: RejectionReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocumentRejectedError";
    this.reason = reason;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks that the file at `path` can be handed to `process`: readable, not empty, at most
 * `maxBytes`, and UTF-8 text without NUL bytes. Throws a DocumentRejectedError naming the file and
 * what to do otherwise.
 */
export async function inspectDocument(path: string, maxBytes: number): Promise<void> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a regular file");
    if (info.size === 0) throw new DocumentRejectedError("empty", `${path} is empty (0 bytes); resubmit the complete document`);
    if (info.size > maxBytes) {
      throw new DocumentRejectedError("oversized", `${path} has ${info.size} bytes, more than maxBytes (${maxBytes}); split it or raise maxBytes`);
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof DocumentRejectedError) throw error;
    const why = describeError(error, "message");
    throw new DocumentRejectedError("unreadable", `${path} cannot be read (${why}); check its type and permissions`, { cause: error });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new DocumentRejectedError("malformed", `${path} is not valid UTF-8 text; export it as UTF-8`, { cause: error });
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    throw new DocumentRejectedError("malformed", `${path} contains a NUL byte at offset ${nul}: binary data, not a text document`);
  }
}
