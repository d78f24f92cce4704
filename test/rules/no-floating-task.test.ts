import rule from "../../rules/no-floating-task.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

runRule(syntacticTester, "no-floating-task (syntactic)", rule, {
  valid: [
    // Overloads: the implementation is not callable, and the call's arity picks the sync overload.
    `
function send(message: string, done: (error?: Error) => void): void;
function send(message: string): Promise<void>;
function send(message: string, done?: (error?: Error) => void): Promise<void> | void {
  if (done) return done();
  return Promise.resolve();
}
send("hello", (error) => console.error(error));
class Client {
  query(sql: string): Promise<number>;
  query(sql: string, callback: (rows: number) => void): void;
  query(sql: string, callback?: (rows: number) => void): Promise<number> | void {
    if (!callback) return Promise.resolve(1);
    callback(1);
  }
}
new Client().query("select 1", (rows) => console.log(rows));
`,
    // Overloads that the arity cannot tell apart: syntactic mode cannot pick one, so it says nothing.
    `
function emit(value: number): void;
function emit(value: string): Promise<void>;
function emit(value: number | string): Promise<void> | void {
  if (typeof value === "string") return Promise.resolve();
}
emit(1);
`,
    `
async function load() {}
async function run() {
  await load();
}
`,
    `
async function load() {}
function run() {
  return load();
}
`,
    `
async function load() {}
let pending: Promise<void> | undefined;
function run() {
  pending = load();
}
`,
    `
async function load() {}
declare const handoff: { add(task: Promise<void>): void };
handoff.add(load());
`,
    `
function load() {}
load();
`,
    `
import { load } from "./loader.js";
load();
`,
    `
async function load() {}
load().catch((error) => console.error(error));
`,
    `
async function load() {}
load().then(() => {}, (error) => console.error(error));
`,
    `
async function load() {}
async function run(ids: number[]) {
  await Promise.all(ids.map(async () => load()));
}
`,
    `
declare const tasks: { spawn(fn: () => Promise<void>): { id: number } };
async function load() {}
tasks.spawn(() => load());
`,
    {
      code: `
async function load() {}
void load();
`,
      options: [{ allowVoid: true, allowedCalls: [], checkHandled: false }],
    },
    {
      code: `
class Logger {
  async flush() {}
}
class Service {
  private readonly logger = new Logger();
  stop() {
    this.logger.flush();
  }
}
`,
      options: [{ allowVoid: false, allowedCalls: ["logger.flush"], checkHandled: false }],
    },
    {
      // `void` inside an expression is accepted too when `allowVoid` is set.
      code: `
async function load() {}
function run() {
  setTimeout(() => void load(), 10);
}
`,
      options: [{ allowVoid: true, allowedCalls: [], checkHandled: false }],
    },
    // `void` of a value that is not a promise, in an expression.
    `
function count() {
  return 1;
}
function run() {
  setTimeout(() => void count(), 10);
  return void 0;
}
`,
    // An instance call does not reach a static method of the same name, nor the reverse.
    `
class Shadow {
  static async load() {}
  load() {}
  static flush() {}
  async flush() {}
  run() {
    this.load();
  }
  static stop() {
    this.flush();
    Shadow.flush();
  }
}
new Shadow().load();
`,
    // A later spread may replace the async member; `this` in a literal passed to a call may be a `ThisType`.
    `
declare const overrides: { send(): void };
const api = { async send() {}, ...overrides };
api.send();
declare function define<T>(options: T & ThisType<{ send(): void }>): T;
define({
  async send() {},
  run() {
    this.send();
  },
});
`,
    // Getters and members that are not promises: a sync getter, a method read without a call, a sync base method.
    `
class Base {
  sync(): void {}
}
class Service extends Base {
  get size() {
    return 1;
  }
  async flush() {}
  touch() {
    this.size;
    this.flush;
    super.sync();
  }
}
`,
    // Destructured, `call`ed and indexed functions that return no promise.
    `
const api = { sync() {} };
function count() {
  return 1;
}
function run(handlers: Array<() => void>) {
  const { sync } = api;
  sync();
  count.call(null);
  handlers[0]?.();
}
`,
    // A synchronous generator's `next()` is not a promise.
    `
function* ticks() {
  yield 1;
}
ticks().next();
`,
  ],
  invalid: [
    {
      // A same-file subclass of `Promise` is a promise, by `new` and by a declared return type.
      code: `
class Deferred<T> extends Promise<T> {}
function defer(): Deferred<void> {
  return new Deferred<void>((resolve) => resolve());
}
function run() {
  defer();
}
`,
      errors: [{ messageId: "floating", line: 7 }],
    },
    {
      code: `
class Deferred<T> extends Promise<T> {}
function run() {
  new Deferred<void>((resolve) => resolve());
}
`,
      errors: [{ messageId: "floating", line: 4 }],
    },
    {
      // `Array.from(source, asyncMapper)` makes an array of promises, as `.map(async …)` does.
      code: `
async function work(index: number) {
  return index;
}
function run() {
  Array.from({ length: 3 }, async (_, index) => work(index));
}
`,
      errors: [{ messageId: "floating", line: 6 }],
    },
    {
      code: `
async function load() {}
function run() {
  load();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
async function run() {
  void load();
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 4,
          // `void` hides the task `load()` starts instead of handling it; its rejection crashes the process or is lost.
          suggestions: [{ messageId: "suggestAwait", output: `
async function load() {}
async function run() {
  await load();
}
` }],
        },
      ],
    },
    {
      code: `
async function load() {}
function run(ready: boolean) {
  ready ? load() : undefined;
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run(ready: boolean) {
  ready && load();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run(cached: unknown) {
  cached ?? load();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  (0, load());
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run(load?: () => Promise<void>) {
  load?.();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
interface Store {
  save(): Promise<void>;
}
function run(store?: Store) {
  store?.save();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 6,
          // `store.save()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run() {
  (async () => {
    await Promise.resolve();
  })();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `(async () => …)()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load(id: number) {}
function run(ids: number[]) {
  ids.map(async (id) => load(id));
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `ids.map()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load(id: number) {}
async function run(ids: number[]) {
  void ids.map(async (id) => load(id));
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 4,
          // `void` hides the task `ids.map()` starts instead of handling it; its rejection crashes the process or is lost.
          suggestions: [{ messageId: "suggestAwait", output: `
async function load(id: number) {}
async function run(ids: number[]) {
  await Promise.all(ids.map(async (id) => load(id)));
}
` }],
        },
      ],
    },
    {
      // The first statement of a file without imports: the import and the set go above it.
      code: `load();
async function load() {}
`,
      errors: [
        {
          messageId: "floating",
          line: 1,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [{ messageId: "suggestTrack", output: `import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

tasks.spawn(() => load(), { name: "load" });
async function load() {}
` }],
        },
      ],
    },
    {
      code: `void load();
async function load() {}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 1,
          // `void` hides the task `load()` starts instead of handling it; its rejection crashes the process or is lost.
          suggestions: [{ messageId: "suggestTrack", output: `import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

tasks.spawn(() => load(), { name: "load" });
async function load() {}
` }],
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  load().then(() => console.log("loaded"));
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run() {
  new Promise((resolve) => setTimeout(resolve, 10));
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `new Promise()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
import { rm } from "node:fs/promises";
function run() {
  rm("tmp", { recursive: true });
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `rm()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
import * as fs from "node:fs";
function run() {
  fs.promises.writeFile("out.txt", "done");
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `fs.promises.writeFile()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
import { setTimeout as sleep } from "node:timers/promises";
function run() {
  sleep(10);
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `sleep()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run() {
  fetch("https://example.com/ping");
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `fetch()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
interface Rag {
  initialize(): Promise<void>;
}
class Wrapper {
  constructor(private readonly rag: Rag) {
    this.rag.initialize();
  }
}
`,
      errors: [
        {
          messageId: "floatingInConstructor",
          line: 7,
          // `this.rag.initialize()` starts a task in a constructor: the object is usable before the work finishes and its error has nowhere to go.
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  load().catch((error) => console.error(error));
}
`,
      options: [{ allowVoid: false, allowedCalls: [], checkHandled: true }],
      errors: [
        {
          messageId: "floatingHandled",
          line: 4,
          // `load()` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  load().then(() => {}, (error) => console.error(error));
}
`,
      options: [{ allowVoid: false, allowedCalls: [], checkHandled: true }],
      errors: [
        {
          messageId: "floatingHandled",
          line: 4,
          // `load()` has a rejection handler but nothing keeps the task: shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
async function flush() {}
async function load() {}
function run() {
  flush();
  load();
}
`,
      options: [{ allowVoid: false, allowedCalls: ["flush"], checkHandled: false }],
      errors: [
        {
          messageId: "floating",
          line: 6,
          // `load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  setTimeout(() => void load(), 10);
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 4,
          // `void` hides the task `load()` starts instead of handling it; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Job {
  async run() {}
}
async function start(job: Job): Promise<void> {
  return void job.run();
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 6,
          // `void` hides the task `job.run()` starts instead of handling it; its rejection crashes the process or is lost.
          suggestions: [{ messageId: "suggestAwait", output: `
class Job {
  async run() {}
}
async function start(job: Job): Promise<void> {
  return void await job.run();
}
` }],
        },
      ],
    },
    {
      code: `
async function load() {}
function run(ready: boolean) {
  ready && void load();
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 4,
          // `void` hides the task `load()` starts instead of handling it; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
const api = {
  async send(message: string) {
    return message.length;
  },
  post: async () => {},
};
function run() {
  api.send("hi");
  api.post();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 9,
          // `api.send()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 10,
          // `api.post()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Store {
  static async load() {}
  async flush() {}
}
function run() {
  Store.load();
  new Store().flush();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `Store.load()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 8,
          // `new Store().flush()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Service {
  get ready(): Promise<void> {
    return Promise.resolve();
  }
  get pending() {
    return this.connect();
  }
  private async connect() {}
  touch() {
    this.ready;
    this.pending;
  }
}
`,
      errors: [
        {
          messageId: "floating",
          line: 11,
          // `this.ready` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 12,
          // `this.pending` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Base {
  async save() {}
}
class Derived extends Base {
  override async save() {
    await super.save();
  }
  saveLater() {
    super.save();
  }
}
`,
      errors: [
        {
          messageId: "floating",
          line: 10,
          // `super.save()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
type Job = () => Promise<void>;
function run(job: Job, next?: Job) {
  job();
  next?.();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `job()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 5,
          // `next()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function* ticks() {
  yield 1;
}
function run() {
  const stream = ticks();
  stream.next();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `stream.next()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
const queue = {
  async drain() {},
  stop() {
    this.drain();
  },
};
`,
      errors: [
        {
          messageId: "floating",
          line: 5,
          // `this.drain()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
interface Client {
  close(): Promise<void>;
}
function connect(): Client {
  return { close: async () => {} };
}
function run() {
  connect().close();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 9,
          // `connect().close()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Poller {
  private readonly tick = async () => {};
  readonly start = () => {
    this.tick();
  };
  async #flush() {}
  stop() {
    this.#flush();
  }
}
`,
      errors: [
        {
          messageId: "floating",
          line: 5,
          // `this.tick()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 9,
          // `this.#flush()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run(client?: { send?(): Promise<void> }) {
  client?.send?.();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `client.send()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
function run() {
  main();
  later();
}
export default async function main() {}
const later = async () => {};
`,
      errors: [
        {
          messageId: "floating",
          line: 3,
          // `main()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 4,
          // `later()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
const api = {
  async send() {},
};
function run({ flush }: { flush(): Promise<void> }) {
  const { send } = api;
  send();
  flush();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `send()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 8,
          // `flush()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run(handlers: Array<() => Promise<void>>) {
  load.call(null);
  handlers[0]?.();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `load.call()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
        {
          messageId: "floating",
          line: 5,
          // `handlers[0]()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
  ],
});

runRule(typedTester, "no-floating-task (type-aware)", rule, {
  valid: [
    // An assignment in a branch stores the promise; a reference on the left of `||` is only tested.
    `
async function load() {
  return 1;
}
class Cache {
  pending: Promise<number> | undefined;
  warm(flag: boolean) {
    flag && (this.pending = load());
    this.pending || (this.pending = load());
    this.pending ?? (this.pending = load());
    flag ? (this.pending = load()) : undefined;
  }
}
let current: Promise<number> | undefined;
export function start() {
  (current = load()), console.log("started");
}
`,
    `
declare const untyped: any;
untyped.run();
`,
    `
declare function count(): number;
count();
`,
    `
import { readFile } from "node:fs/promises";
async function run() {
  const text = await readFile("a.txt", "utf8");
  return text;
}
`,
    {
      code: `
interface Thenable {
  then(onFulfilled: () => void): void;
}
declare function soon(): Thenable;
function run() {
  soon();
}
`,
      options: [{ allowVoid: false, allowedCalls: ["Thenable"], checkHandled: false }],
    },
  ],
  invalid: [
    {
      code: `
declare function identity<T>(value: T): T;
async function load() {}
function run() {
  identity(load());
}
`,
      errors: [
        {
          messageId: "floating",
          line: 5,
          // `identity()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
declare const client: { connect(): Promise<void> };
function run() {
  client.connect();
}
`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          // `client.connect()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      // A promise taken out of a queue is still reported, but has no suggestion: awaiting the beat's own entry would never return.
      code: `
class Beats {
  private readonly queue: Promise<void>[] = [];
  async beat(): Promise<void> {
    this.queue.shift();
  }
}
`,
      errors: [{ messageId: "floating", line: 5 }],
    },
    {
      code: `
interface Thenable {
  then(onFulfilled: () => void, onRejected: (reason: unknown) => void): void;
}
declare function soon(): Thenable;
function run() {
  soon();
}
`,
      options: [{ allowVoid: false, allowedCalls: ["Promise"], checkHandled: false }],
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `soon()` starts a task that nothing keeps; its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
interface Job {
  run(): Promise<void>;
}
function runAll(job: Job): void {
  [1, 2].forEach(() => void job.run());
  if (Math.random() > 0.5) return void job.run();
}
`,
      errors: [
        {
          messageId: "floatingVoid",
          line: 6,
          // `void` hides the task `job.run()` starts instead of handling it; its rejection crashes the process or is lost.
        },
        {
          messageId: "floatingVoid",
          line: 7,
          // `void` hides the task `job.run()` starts instead of handling it; its rejection crashes the process or is lost.
        },
      ],
    },
  ],
});
