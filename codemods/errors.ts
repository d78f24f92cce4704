// Errors that end the run before any file is touched: exit code 2.

/** A bad command line, a missing path or a tsconfig that does not parse. */
export class UsageError extends Error {
  override name = "UsageError";
}
