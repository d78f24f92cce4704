// One splice per file: the edits of a plan, applied to the original text in a single pass.
import type { TextEdit } from "../types.js";

/**
 * Applies edits that all refer to `text`. Insertions at one position keep their order in `edits`
 * and come before a replacement starting there; overlapping edits are a planner bug and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const order = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || isInsert(b.edit) - isInsert(a.edit) || a.index - b.index);
  let out = "";
  let cursor = 0;
  for (const { edit } of order) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`taskguard: edit [${edit.start}, ${edit.end}) overlaps an earlier edit or leaves the text; this is a planner bug, please report it.`);
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

function isInsert(edit: TextEdit): number {
  return edit.start === edit.end ? 1 : 0;
}
