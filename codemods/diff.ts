// The unified diff of `taskguard fix`'s dry run: jsdiff's, with 3 lines of context, as `diff -u` and git print it.
import { createTwoFilesPatch } from "diff";

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff opens with an `Index:`-style separator line; git's form starts at `---`.
  return patch.slice(patch.indexOf("--- "));
}
