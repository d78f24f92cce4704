// Parity with typescript-eslint's no-floating-promises + no-misused-promises (issue 10), one
// numbered item of the issue per group of cases, in the mode that must decide it: syntactic cases
// are decided from what the file declares, so the type-aware run finds them too.
import noDanglingTask from "../../rules/no-dangling-task.js";
import noFloatingCallback from "../../rules/no-floating-callback.js";
import noFloatingTask from "../../rules/no-floating-task.js";
import { runRule, syntacticTester, typedTester, untypedTester } from "./rule-tester.js";

runRule(syntacticTester, "no-dangling-task (syntactic): typescript-eslint parity", noDanglingTask, {
  valid: [

  ],
  invalid: [
    {
      name: "11. a promise assigned to a local nobody reads",
      code: `
export class Cache {
  async warm(): Promise<void> {}
  start(): void {
    let pending;
    pending = this.warm();
  }
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 6,
          // `pending` holds the task `this.warm()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
  ],
});

runRule(typedTester, "no-dangling-task (type-aware): typescript-eslint parity", noDanglingTask, {
  valid: [
    {
      name: "11. valid: the assigned local is read",
      code: `
export class Cache {
  async warm(): Promise<void> {}
  async start(): Promise<void> {
    let pending: Promise<void> | undefined;
    pending = this.warm();
    await pending;
  }
}
`,
    },
  ],
  invalid: [

  ],
});

runRule(syntacticTester, "no-floating-callback (syntactic): typescript-eslint parity", noFloatingCallback, {
  valid: [
    {
      name: "2. valid: the declared return type keeps the promise",
      code: `
async function save(): Promise<void> {}
function makeJob(): () => Promise<void> {
  return async () => {
    await save();
  };
}
`,
    },
    {
      name: "6. valid: the reachable overload takes a promise",
      code: `
declare function pick(callback: () => Promise<void>): void;
declare function pick(name: string, callback: () => void): void;
async function save(): Promise<void> {}
pick(async () => {
  await save();
});
`,
    },
  ],
  invalid: [
    {
      name: "1. an async method implementing a void interface method",
      code: `
interface OnInit {
  ngOnInit(): void;
}
async function save(): Promise<void> {}
class Page implements OnInit {
  async ngOnInit() {
    await save();
  }
}
`,
      errors: [
        {
          messageId: "floatingOverride",
          line: 7,
          // `ngOnInit` returns a promise, but `OnInit.ngOnInit`, which it overrides or implements, returns void: callers through that type drop its promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "1. an async [Symbol.dispose]",
      code: `
async function save(): Promise<void> {}
class Lease implements Disposable {
  async [Symbol.dispose]() {
    await save();
  }
}
`,
      errors: [
        {
          messageId: "floatingOverride",
          line: 4,
          // `[Symbol.dispose]` returns a promise, but `Disposable[Symbol.dispose]`, which it overrides or implements, returns void: callers through that type drop its promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "2. an async arrow returned as a void function",
      code: `
async function save(): Promise<void> {}
function makeHandler(): () => void {
  return async () => {
    await save();
  };
}
`,
      errors: [
        {
          messageId: "floatingReturnedCallback",
          line: 4,
          // `makeHandler` returns this async function where its declared type returns void: whoever calls it drops the promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "4. a shorthand property referencing an async function",
      code: `
async function onDone() {}
function configure(options: { onDone: () => void }): void {
  console.log(options);
}
configure({ onDone });
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 6,
          // `onDone` is declared as a void function, so its caller runs this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
    {
      name: "5. a tuple-typed rest parameter",
      code: `
declare function schedule(...args: [boolean, () => void]): void;
async function save(): Promise<void> {}
schedule(true, async () => {
  await save();
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          // `schedule` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function schedule(...args: [boolean, () => void]): void;
async function save(): Promise<void> {}
schedule(true, () => {
  tasks.spawn(
    async () => {
      await save();
    },
    { name: "schedule" },
  );
});
`,
            },
          ],
        },
      ],
    },
  ],
});

runRule(typedTester, "no-floating-callback (type-aware): typescript-eslint parity", noFloatingCallback, {
  valid: [
    {
      name: "1. valid: the base method returns a promise",
      code: `
interface Ready {
  ready(): Promise<void>;
}
async function save(): Promise<void> {}
class Worker implements Ready {
  async ready() {
    await save();
  }
}
`,
    },
    {
      name: "3. valid: a JSX attribute that takes a promise",
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements {
      form: { onSubmit: (event: unknown) => Promise<void> };
    }
  }
}
async function save(): Promise<void> {}
export const view = <form onSubmit={async () => { await save(); }} />;
`,
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    {
      name: "12. valid: an async .finally callback",
      code: `
async function save(): Promise<void> {}
async function flush(): Promise<void> {}
export async function run(): Promise<void> {
  await save().finally(async () => {
    await flush();
  });
}
`,
    },
  ],
  invalid: [
    {
      name: "1. an async override of a generic abstract base's void method",
      code: `
abstract class Job<T> {
  abstract run(input: T): void;
}
async function save(): Promise<void> {}
class Upload extends Job<string> {
  override async run(input: string) {
    await save();
    console.log(input);
  }
}
`,
      errors: [
        {
          messageId: "floatingOverride",
          line: 7,
          // `run` returns a promise, but `Job.run`, which it overrides or implements, returns void: callers through that type drop its promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "1. an async arrow field implementing a void member of an intersection alias",
      code: `
type Resettable = { reset(): void } & { name: string };
async function save(): Promise<void> {}
class Form implements Resettable {
  name = "form";
  reset = async () => {
    await save();
  };
}
`,
      errors: [
        {
          messageId: "floatingOverride",
          line: 6,
          // `reset` returns a promise, but `Resettable.reset`, which it overrides or implements, returns void: callers through that type drop its promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "2. an async function returned as a void alias, concise body",
      code: `
type Listener = (event: string) => void;
async function save(): Promise<void> {}
const listenerFor = (): Listener => async (event) => {
  await save();
  console.log(event);
};
`,
      errors: [
        {
          messageId: "floatingReturnedCallback",
          line: 4,
          // `listenerFor` returns this async function where its declared type returns void: whoever calls it drops the promise, so its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "3. an async JSX attribute handler",
      code: `
declare global {
  namespace JSX {
    interface IntrinsicElements {
      button: { onClick?: (event: unknown) => void };
    }
  }
}
async function save(): Promise<void> {}
export const view = <button onClick={async () => { await save(); }} />;
`,
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [
        {
          messageId: "floatingCallback",
          line: 10,
          // `onClick` is declared as a void function, so its caller runs this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
    {
      name: "4. a typed variable bound to an async function",
      code: `
async function onDone() {}
const later: () => void = onDone;
console.log(later);
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          data: { name: "later", calls: "is declared as a void function, so its caller runs" },
          // `later` is declared as a void function, so its caller runs this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function onDone() {}
const later: () => void = (...args: Parameters<typeof onDone>) => { tasks.spawn(() => onDone(...args), { name: "later" }); };
console.log(later);
`,
            },
          ],
        },
      ],
    },
    {
      name: "4. an async method passed to an emitter by reference",
      code: `
import { EventEmitter } from "node:events";
class Service extends EventEmitter {
  async handle() {}
  wire() {
    this.on("job", this.handle);
  }
}
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 6,
          // `on('job')` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
    {
      name: "5. a spread array literal argument",
      code: `
declare function each(...handlers: Array<() => void>): void;
async function save(): Promise<void> {}
each(...[async () => save()]);
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          // `each` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function each(...handlers: Array<() => void>): void;
async function save(): Promise<void> {}
each(...[() => { tasks.spawn(async () => save(), { name: "each" }); }]);
`,
            },
          ],
        },
      ],
    },
    {
      name: "6. the overload the argument count reaches",
      code: `
declare function ask(question: string, callback: (answer: string) => void): void;
declare function ask(question: string, options: object, callback: (answer: string) => void): void;
async function save(): Promise<void> {}
ask("name?", async (answer) => {
  await save();
  console.log(answer);
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 5,
          // `ask` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function ask(question: string, callback: (answer: string) => void): void;
declare function ask(question: string, options: object, callback: (answer: string) => void): void;
async function save(): Promise<void> {}
ask("name?", (answer) => {
  tasks.spawn(
    async () => {
      await save();
      console.log(answer);
    },
    { name: "ask('name?')" },
  );
});
`,
            },
          ],
        },
      ],
    },
  ],
});

runRule(syntacticTester, "no-floating-task (syntactic): typescript-eslint parity", noFloatingTask, {
  valid: [
    {
      name: "13. valid: a branch that cannot run, without types",
      code: `
async function load(): Promise<void> {}
const created = new Date();
created || load();
true || load();
created ?? load();
`,
    },
    {
      name: "14. valid: a then without rejection handler, without types",
      code: `
interface Signal {
  then(onReady: () => void): void;
}
declare function ready(): Signal;
ready().then(() => {});
`,
    },
  ],
  invalid: [
    {
      name: "7. an optional rejection handler",
      code: `
async function save(): Promise<void> {}
export function run(onError?: (error: unknown) => void): void {
  save().catch(onError);
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `save()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "8. await of an array of promises",
      code: `
async function save(id: number): Promise<void> {
  console.log(id);
}
export async function saveAll(ids: number[]): Promise<void> {
  await ids.map(async (id) => save(id));
}
`,
      errors: [
        {
          messageId: "floatingAwaitedArray",
          line: 6,
          // `await` waits for the array `ids.map()` returns, not for the tasks in it: their rejections crash the process or are lost.
          suggestions: [
            {
              messageId: "suggestAwait",
              output: `
async function save(id: number): Promise<void> {
  console.log(id);
}
export async function saveAll(ids: number[]): Promise<void> {
  await Promise.all(ids.map(async (id) => save(id)));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "16. a Promise.resolve() chain is named by its step: the work is the callback",
      code: `
declare function flush(): Promise<void>;
export function later(): void {
  Promise.resolve().then(() => flush());
}
`,
      errors: [{ messageId: "floating", line: 4, data: { callee: "Promise.resolve().then(…)" }, suggestions: [] }],
    },
    {
      name: "16. void on a promise that cannot reject",
      code: `
async function risky(): Promise<void> {}
async function careful(): Promise<void> {
  try {
    await risky();
  } catch (error) {
    console.error(error);
  }
}
export function start(): void {
  void careful();
}
`,
      errors: [
        {
          messageId: "floatingUnrejectable",
          line: 11,
          // `careful()` cannot reject (its body catches every error), but nothing keeps the task: shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
  ],
});

runRule(typedTester, "no-floating-task (type-aware): typescript-eslint parity", noFloatingTask, {
  valid: [
    {
      name: "13. valid: a branch after an always-truthy object",
      code: `
async function load(): Promise<void> {}
const created = new Date();
created || load();
false && load();
`,
    },
    {
      name: "14. valid: a then that takes no rejection handler",
      code: `
interface Signal {
  then(onReady: () => void): void;
}
declare function ready(): Signal;
ready();
ready().then(() => {});
`,
    },
    {
      name: "15. valid (strict): .catch on a local raced later",
      code: `
async function pop(key: string): Promise<string | null> {
  return key;
}
export async function next(key: string, timeout: Promise<null>): Promise<string | null> {
  const popped = pop(key);
  popped.catch(() => null);
  return Promise.race([popped, timeout]);
}
`,
      options: [{allowVoid: false,allowedCalls: [],checkHandled: true}],
    },
    {
      name: "15. valid (strict): the top-level main().catch entry point",
      code: `
async function main(): Promise<void> {}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`,
      options: [{allowVoid: false,allowedCalls: [],checkHandled: true}],
    },
    {
      name: "16. valid (recommended): void of a handled chain",
      code: `
async function risky(): Promise<void> {}
export function start(): void {
  void risky().catch(console.error);
}
`,
    },
  ],
  invalid: [
    {
      name: "7. a rejection handler behind a spread",
      code: `
async function save(): Promise<void> {}
function log(error: unknown): void {
  console.log(error);
}
save().then(...[() => {}, log]);
`,
      errors: [
        {
          messageId: "floating",
          line: 6,
          // `save()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function save(): Promise<void> {}
function log(error: unknown): void {
  console.log(error);
}
tasks.spawn(() => save().then(...[() => {}, log]), { name: "save" });
`,
            },
          ],
        },
      ],
    },
    {
      name: "7. a rejection handler typed as possibly undefined",
      code: `
async function save(): Promise<void> {}
declare const options: { onError: ((error: unknown) => void) | undefined };
save().then(() => {}, options.onError);
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `save()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function save(): Promise<void> {}
declare const options: { onError: ((error: unknown) => void) | undefined };
tasks.spawn(() => save().then(() => {}, options.onError), { name: "save" });
`,
            },
          ],
        },
      ],
    },
    {
      name: "8. await of a function's promise array",
      code: `
declare function startAll(): Promise<void>[];
export async function run(): Promise<void> {
  const done = await startAll();
  console.log(done);
}
`,
      errors: [
        {
          messageId: "floatingAwaitedArray",
          line: 4,
          // `await` waits for the array `startAll()` returns, not for the tasks in it: their rejections crash the process or are lost.
          suggestions: [
            {
              messageId: "suggestAwait",
              output: `
declare function startAll(): Promise<void>[];
export async function run(): Promise<void> {
  const done = await Promise.all(startAll());
  console.log(done);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "9. an any-typed call asserted to a promise",
      code: `
declare function load(): any;
load() as Promise<void>;
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function load(): any;
tasks.spawn(() => load() as Promise<void>, { name: "load" });
`,
            },
          ],
        },
      ],
    },
    {
      name: "9. a union of promise arrays",
      code: `
declare const jobs: Promise<void>[] | Promise<number>[];
jobs;
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `jobs` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "9. a yield whose result is a promise",
      code: `
export function* steps(): Generator<number, void, Promise<void>> {
  yield 1;
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `yield 1` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
    {
      name: "14. a call that matches no overload is judged by the candidate the checker picks",
      code: `
declare function fetchAll(url: string): Promise<string>;
declare function fetchAll(url: string, retries: number): Promise<string>;
// @ts-expect-error -- no overload takes three arguments
fetchAll("a", 1, 2);
`,
      errors: [
        {
          messageId: "floating",
          line: 5,
          // `fetchAll()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function fetchAll(url: string): Promise<string>;
declare function fetchAll(url: string, retries: number): Promise<string>;
// @ts-expect-error -- no overload takes three arguments
tasks.spawn(() => fetchAll("a", 1, 2), { name: "fetchAll" });
`,
            },
          ],
        },
      ],
    },
    {
      name: "15. strict: .catch on a local nobody else reads",
      code: `
async function pop(key: string): Promise<string | null> {
  return key;
}
export function drop(key: string): void {
  const lonely = pop(key);
  lonely.catch(() => null);
}
`,
      options: [{allowVoid: false,allowedCalls: [],checkHandled: true}],
      errors: [
        {
          messageId: "floatingHandled",
          line: 7,
          // `lonely` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
    {
      name: "16. strict: void of a handled chain is handled but untracked",
      code: `
async function risky(): Promise<void> {}
export function start(): void {
  void risky().catch(console.error);
}
`,
      options: [{allowVoid: false,allowedCalls: [],checkHandled: true}],
      errors: [
        {
          messageId: "floatingHandled",
          line: 4,
          // `risky()` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.
          suggestions: [],
        },
      ],
    },
  ],
});

runRule(untypedTester, "no-floating-task (type-aware, without Node types): typescript-eslint parity", noFloatingTask, {
  valid: [

  ],
  invalid: [
    {
      name: "10. node:timers/promises without @types/node",
      code: `
// @ts-expect-error -- no @types/node here
import { setTimeout as sleep } from "node:timers/promises";
export class Poller {
  async run(): Promise<void> {}
  tick(): void {
    sleep(5).then(() => this.run());
  }
}
`,
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `sleep()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [],
        },
      ],
    },
  ],
});
