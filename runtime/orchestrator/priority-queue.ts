interface Entry<T> {
  readonly item: T;
  readonly priority: number;
  readonly seq: number;
}

/**
 * A binary max-heap: higher `priority` first, first-in-first-out among equal priorities (a global
 * sequence number breaks ties, so the order is the same across every queue built by one process).
 * `push` and `pop` are O(log n).
 */
export class PriorityQueue<T> {
  static #nextSeq = 0;
  #heap: Entry<T>[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(item: T, priority: number): void {
    const heap = this.#heap;
    heap.push({ item, priority, seq: PriorityQueue.#nextSeq++ });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      swap(heap, index, parent);
      index = parent;
    }
  }

  /** The entry `pop()` would return, to compare heads across queues without removing them. */
  peek(): { readonly item: T; readonly priority: number; readonly seq: number } | undefined {
    return this.#heap[0];
  }

  pop(): T | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top?.item;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let best = index;
      if (left < heap.length && before(heap[left]!, heap[best]!)) best = left;
      if (right < heap.length && before(heap[right]!, heap[best]!)) best = right;
      if (best === index) break;
      swap(heap, index, best);
      index = best;
    }
    return top.item;
  }

  /** Empties the queue, returning its items in no particular order. */
  drain(): T[] {
    const items = this.#heap.map((entry) => entry.item);
    this.#heap = [];
    return items;
  }
}

/** True when `a` must leave the queue before `b`. */
export function before(a: { priority: number; seq: number }, b: { priority: number; seq: number }): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

function swap<T>(heap: T[], i: number, j: number): void {
  const tmp = heap[i]!;
  heap[i] = heap[j]!;
  heap[j] = tmp;
}
