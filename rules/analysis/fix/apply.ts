// One splice per file: the edits of a plan, applied to the original text in a single pass.
import type { TextEdit } from "../types.js";

/**
 * Applies edits that all refer to `text`. Insertions at one position keep their order in `edits`
 * and come before a replacement starting there; overlapping edits are a planner bug and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = "";
  let cursor = 0;
  for (const edit of inApplyOrder(edits)) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`taskguard: edit [${edit.start}, ${edit.end}) overlaps an earlier edit or leaves the text; this is a planner bug, please report it.`);
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * The same edits with at most one per start offset: the insertions at a position and the
 * replacement starting there become one edit, their texts in the order `applyEdits` uses.
 * ESLint sorts a suggestion's fixes by range on its own; with no two sharing a start, its
 * order and ours cannot disagree (the import before the rewritten first statement, not after).
 */
export function combineEdits(edits: readonly TextEdit[]): TextEdit[] {
  const combined: TextEdit[] = [];
  for (const edit of inApplyOrder(edits)) {
    const previous = combined[combined.length - 1];
    // Only insertions are ever followed by an edit at their own start; anything else is left for `applyEdits` to refuse.
    if (previous && previous.start === edit.start && previous.end === previous.start) {
      combined[combined.length - 1] = { start: edit.start, end: edit.end, text: previous.text + edit.text };
    } else {
      combined.push(edit);
    }
  }
  return combined;
}

/** By start; at one start, insertions first in their given order, then the replacement. */
function inApplyOrder(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || isInsert(b.edit) - isInsert(a.edit) || a.index - b.index)
    .map(({ edit }) => edit);
}

function isInsert(edit: TextEdit): number {
  return edit.start === edit.end ? 1 : 0;
}
