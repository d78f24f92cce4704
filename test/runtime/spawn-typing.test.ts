import { describe, expectTypeOf, it } from "vitest";
import { TaskSet, type Task } from "../../runtime/index.js";

// These are checked by `tsc -b` (npm test runs it): on 0.1.0 the union returns did not compile.
// eslint-disable-next-line taskguard/require-task-shutdown -- a type-level fixture; it never runs a task that outlives the test
class Flusher {
  readonly tasks = new TaskSet();
  ready = false;
  flush(): Promise<void> {
    return Promise.resolve();
  }
  maybe(): void | Promise<void> {
    return this.ready ? this.flush() : undefined;
  }
}

describe(".spawn() typing", () => {
  it(".spawn() - accepts functions returning unions of values and promises; the handle is Task<Awaited<R>>", () => {
    const owner = new Flusher();
    expectTypeOf(owner.tasks.spawn(() => owner.ready && owner.flush())).toEqualTypeOf<Task<false | void>>();
    expectTypeOf(owner.tasks.spawn(() => owner.maybe())).toEqualTypeOf<Task<void>>();
    expectTypeOf(owner.tasks.spawn(() => Promise.resolve(1))).toEqualTypeOf<Task<number>>();
    expectTypeOf(owner.tasks.spawn(() => (Math.random() > 0.5 ? "a" : Promise.resolve(2)))).toEqualTypeOf<Task<"a" | number>>();
  });
});
