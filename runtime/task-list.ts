import { links, type Task } from "./task.js";

/**
 * An intrusive doubly linked list of tasks: O(1) push, remove and shift, and two pointers per task
 * instead of a Set entry (about 50 bytes). Insertion order is FIFO, which the queue relies on.
 * A task sits in at most one list (its set's running list or its queue).
 */
export class TaskList {
  #head: Task<unknown> | undefined = undefined;
  #tail: Task<unknown> | undefined = undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(task: Task<unknown>): void {
    const tail = this.#tail;
    links.setPrev(task, tail);
    links.setNext(task, undefined);
    if (tail === undefined) this.#head = task;
    else links.setNext(tail, task);
    this.#tail = task;
    this.#size++;
  }

  /**
   * Removes `task` if it is in this list and says whether it was. A task that is in no list (one
   * settled before it was ever queued, such as a spawn with an aborted signal) is left alone, so
   * the list's links and size can never be corrupted by it.
   */
  remove(task: Task<unknown>): boolean {
    const prev = links.prev(task);
    const next = links.next(task);
    if (prev === undefined && this.#head !== task) return false;
    if (prev === undefined) this.#head = next;
    else links.setNext(prev, next);
    if (next === undefined) this.#tail = prev;
    else links.setPrev(next, prev);
    links.setPrev(task, undefined);
    links.setNext(task, undefined);
    this.#size--;
    return true;
  }

  shift(): Task<unknown> | undefined {
    const head = this.#head;
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** A copy, so callers may settle (and so unlink) tasks while they iterate. */
  toArray(): Task<unknown>[] {
    const tasks: Task<unknown>[] = [];
    for (let task = this.#head; task !== undefined; task = links.next(task)) tasks.push(task);
    return tasks;
  }
}
