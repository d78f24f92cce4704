// Classes of case that running typescript-eslint's and Biome's own rule suites against taskguard
// (outside this repo) found missed or wrongly reported, reduced here in our own words. Each name
// says the class. A few cases guard the fixes against over-reach: bases whose members return
// promises too, an overload that takes a promise-returning callback, a string left of `&&`.
import noDanglingTask from "../../rules/no-dangling-task.js";
import noFloatingCallback from "../../rules/no-floating-callback.js";
import noFloatingTask from "../../rules/no-floating-task.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

const override = (line: number) => ({ messageId: "floatingOverride" as const, line, suggestions: [] });

// Declarations without a body: the mistake is only visible where the member is declared.
const declarationCases = [
  {
    name: "an abstract method returning a promise where the concrete base's returns void",
    code: `
class Job {
  run(): void {}
}
export abstract class RetryingJob extends Job {
  abstract run(): Promise<void>;
}
`,
    errors: [override(6)],
  },
  {
    name: "an interface method and a function-typed property returning promises where the base interface's return void",
    code: `
interface Hooks {
  onStart(): void;
  onStop: () => void;
}
export interface AsyncHooks extends Hooks {
  onStart(): Promise<void>;
  onStop: () => Promise<void>;
}
`,
    errors: [override(7), override(8)],
  },
  {
    name: "an abstract accessor whose function type returns a promise where the base's returns void",
    code: `
abstract class Source {
  abstract accessor onData: () => void;
}
export abstract class AsyncSource extends Source {
  abstract accessor onData: () => Promise<void>;
}
`,
    errors: [override(6)],
  },
];

const declarationValid = [
  {
    name: "an interface member returning a promise where the base's does too",
    code: `
interface Task {
  run(): Promise<void>;
}
export interface NamedTask extends Task {
  name: string;
  run(): Promise<void>;
}
`,
  },
  {
    name: "a static async method of a subclass overrides no instance member",
    code: `
class Base {
  run(): void {}
}
export class Sub extends Base {
  static async run(): Promise<void> {}
}
`,
  },
];

const disposerCase = {
  name: "an object literal's async [Symbol.dispose] under using",
  code: `
export function scope(): void {
  using lease = {
    async [Symbol.dispose]() {},
  };
  console.log(lease);
}
`,
  errors: [override(4)],
};

runRule(syntacticTester, "no-floating-callback (syntactic): peer-suite gaps", noFloatingCallback, {
  valid: declarationValid,
  invalid: [...declarationCases, disposerCase],
});

runRule(typedTester, "no-floating-callback (type-aware): peer-suite gaps", noFloatingCallback, {
  valid: [
    ...declarationValid,
    {
      name: "await using a value whose async [Symbol.asyncDispose] it awaits; using a synchronous disposer",
      code: `
const both = { async [Symbol.dispose]() {}, async [Symbol.asyncDispose]() {} };
const sync = { [Symbol.dispose]() {} };
export async function scope(): Promise<void> {
  await using awaited = both;
  using plain = sync;
  console.log(awaited, plain);
}
`,
    },
    {
      name: "removing a listener never calls it: off, removeListener, removeEventListener",
      code: `
import { EventEmitter } from "node:events";
async function onData(): Promise<void> {}
export function detach(emitter: EventEmitter, target: EventTarget): void {
  emitter.off("data", onData);
  emitter.removeListener("data", onData);
  target.removeEventListener("message", onData);
}
`,
    },
    {
      name: "overloads: the one the callback fits takes a promise-returning function",
      code: `
declare function test(name: string, body: () => Promise<void>): void;
declare function test(name: string, body: () => void): void;
test("x", async () => {});
`,
    },
  ],
  invalid: [
    ...declarationCases,
    disposerCase,
    {
      name: "overloads: one drops the callback's result, the other neither drops nor takes a promise",
      code: `
declare function test(name: string, body: () => number): void;
declare function test(name: string, body: () => void): void;
test("x", async () => {});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function test(name: string, body: () => number): void;
declare function test(name: string, body: () => void): void;
test("x", () => { tasks.spawn(async () => {}, { name: "test('x')" }); });
`,
            },
          ],
        },
      ],
    },
    {
      name: "a parameter typed as a void function or a primitive",
      code: `
declare function steps(...each: Array<(() => void) | boolean>): void;
steps(false, async () => {});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function steps(...each: Array<(() => void) | boolean>): void;
steps(false, () => { tasks.spawn(async () => {}, { name: "steps" }); });
`,
            },
          ],
        },
      ],
    },
    {
      name: "an argument whose type is a promise-returning function or undefined",
      code: `
declare const onTick: (() => Promise<void>) | undefined;
declare function every(ms: number, fn?: () => void): void;
every(5, onTick);
`,
      errors: [{ messageId: "floatingCallback", line: 4 }],
    },
    {
      name: "a value whose [Symbol.dispose] is async, under using or typed as Disposable",
      code: `
const lease = { async [Symbol.dispose]() {} };
export const held: Disposable = lease;
export async function scope(): Promise<void> {
  using a = lease;
  await using b = lease;
  console.log(a, b);
}
`,
      errors: [override(3), override(5), override(6)],
    },
    {
      name: "a spread array of promise-returning functions into a rest parameter of void functions",
      code: `
declare const handlers: Array<() => Promise<void>>;
declare function runAll(...fns: Array<() => void>): void;
runAll(...handlers);
`,
      errors: [{ messageId: "floatingCallback", line: 4 }],
    },
    {
      name: "a shorthand property into a string-indexed record of void functions",
      code: `
async function flush(): Promise<void> {}
export const commands: Record<string, () => void> = { flush };
`,
      errors: [{ messageId: "floatingCallback", line: 3 }],
    },
    {
      name: "a method of a literal whose declared type is an object or undefined",
      code: `
type Hooks = { stop(): void } | undefined;
export const hooks: Hooks = {
  async stop() {},
};
`,
      errors: [{ messageId: "floatingCallback", line: 4 }],
    },
  ],
});

runRule(typedTester, "no-floating-task (type-aware): peer-suite gaps", noFloatingTask, {
  valid: [
    {
      name: "allowedCalls: the allowed call itself, and caught",
      code: `
declare function it(name: string, body: () => void): Promise<void>;
it("works", () => {});
it("fails", () => {}).catch(() => {});
`,
      options: [{ allowVoid: false, allowedCalls: ["it"], checkHandled: true }],
    },
    {
      name: "the right of && never runs when the left's declared type is always falsy or nullish",
      code: `
declare function load(): Promise<void>;
export function sync(options: { skip: false | undefined }): void {
  options.skip && load();
}
`,
    },
    {
      name: "the right of && never runs when a local is narrowed to false",
      code: `
declare function load(): Promise<void>;
let started = false;
started && load();
`,
    },
  ],
  invalid: [
    {
      name: "allowedCalls: a then-chain on an allowed call is a new promise that can reject",
      code: `
declare function it(name: string, body: () => void): Promise<void>;
export function check(): void {
  it("works", () => {}).then(() => console.log("done"));
}
`,
      options: [{ allowVoid: false, allowedCalls: ["it"], checkHandled: false }],
      errors: [{ messageId: "floating", line: 4, suggestions: [] }],
    },
    {
      name: "a promise array behind a type parameter",
      code: `
export function settle<T extends Array<Promise<number>>>(pending: T): void {
  pending;
}
`,
      errors: [{ messageId: "floating", line: 3, suggestions: [] }],
    },
    {
      name: "a string on the left of && may be truthy",
      code: `
declare function load(): Promise<void>;
export function sync(tag: string): void {
  tag && load();
}
`,
      errors: [{ messageId: "floating", line: 4, suggestions: [] }],
    },
  ],
});

runRule(syntacticTester, "no-floating-task (syntactic): peer-suite gaps", noFloatingTask, {
  valid: [],
  invalid: [
    {
      name: "a rejection handler that is a literal, not a function",
      code: `
declare function save(): Promise<void>;
export function sync(): void {
  save().catch(3);
  save().then(() => {}, "ignored");
}
`,
      errors: [
        { messageId: "floating", line: 4, suggestions: [] },
        { messageId: "floating", line: 5, suggestions: [] },
      ],
    },
    {
      name: "a value declared as a promise intersected with more",
      code: `
declare const upload: Promise<void> & { cancel(): void };
export function sync(): void {
  upload;
}
`,
      errors: [{ messageId: "floating", line: 4, suggestions: [] }],
    },
  ],
});

const ambient = {
  name: "an ambient variable assigned a promise is read elsewhere",
  code: `
declare let pending: Promise<void>;
export function start(): void {
  pending = Promise.resolve();
}
`,
};

runRule(syntacticTester, "no-dangling-task (syntactic): peer-suite gaps", noDanglingTask, { valid: [ambient], invalid: [] });
runRule(typedTester, "no-dangling-task (type-aware): peer-suite gaps", noDanglingTask, { valid: [ambient], invalid: [] });
