import rule from "../../rules/no-floating-task.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

runRule(syntacticTester, "no-floating-task (syntactic)", rule, {
  valid: [
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
  ],
  invalid: [
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run() {
  tasks.spawn(() => load(), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
async function run() {
  tasks.spawn(() => load(), { name: "load" });
}
`,
            },
            {
              messageId: "suggestAwait",
              output: `
async function load() {}
async function run() {
  await load();
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run(ready: boolean) {
  tasks.spawn(() => ready ? load() : undefined, { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run(ready: boolean) {
  tasks.spawn(() => ready && load(), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run(cached: unknown) {
  tasks.spawn(() => cached ?? load(), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run() {
  tasks.spawn(() => (0, load()), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

function run(load?: () => Promise<void>) {
  tasks.spawn(() => load?.(), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

interface Store {
  save(): Promise<void>;
}
function run(store?: Store) {
  tasks.spawn(() => store?.save(), { name: "save" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

function run() {
  tasks.spawn(() => (async () => {
    await Promise.resolve();
  })(), { name: "task" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load(id: number) {}
function run(ids: number[]) {
  tasks.spawn(() => Promise.all(ids.map(async (id) => load(id))), { name: "map" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load(id: number) {}
async function run(ids: number[]) {
  tasks.spawn(() => Promise.all(ids.map(async (id) => load(id))), { name: "map" });
}
`,
            },
            {
              messageId: "suggestAwait",
              output: `
async function load(id: number) {}
async function run(ids: number[]) {
  await Promise.all(ids.map(async (id) => load(id)));
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

tasks.spawn(() => load(), { name: "load" });
async function load() {}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

tasks.spawn(() => load(), { name: "load" });
async function load() {}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run() {
  tasks.spawn(() => load().then(() => console.log("loaded")), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

function run() {
  tasks.spawn(() => new Promise((resolve) => setTimeout(resolve, 10)), { name: "Promise" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { rm } from "node:fs/promises";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
function run() {
  tasks.spawn(() => rm("tmp", { recursive: true }), { name: "rm" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import * as fs from "node:fs";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
function run() {
  tasks.spawn(() => fs.promises.writeFile("out.txt", "done"), { name: "writeFile" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { setTimeout as sleep } from "node:timers/promises";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
function run() {
  tasks.spawn(() => sleep(10), { name: "sleep" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

function run() {
  tasks.spawn(() => fetch("https://example.com/ping"), { name: "fetch" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

interface Rag {
  initialize(): Promise<void>;
}
class Wrapper {
  private readonly tasks = new TaskSet({ name: "Wrapper" });

  constructor(private readonly rag: Rag) {
    this.tasks.spawn(() => this.rag.initialize(), { name: "initialize" });
  }
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run() {
  tasks.spawn(() => load().catch((error) => console.error(error)), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function load() {}
function run() {
  tasks.spawn(() => load().then(() => {}, (error) => console.error(error)), { name: "load" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

async function flush() {}
async function load() {}
function run() {
  flush();
  tasks.spawn(() => load(), { name: "load" });
}
`,
            },
          ],
        },
      ],
    },
  ],
});

runRule(typedTester, "no-floating-task (type-aware)", rule, {
  valid: [
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

declare function identity<T>(value: T): T;
async function load() {}
function run() {
  tasks.spawn(() => identity(load()), { name: "identity" });
}
`,
            },
          ],
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
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

declare const client: { connect(): Promise<void> };
function run() {
  tasks.spawn(() => client.connect(), { name: "connect" });
}
`,
            },
          ],
        },
      ],
    },
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
      options: [{ allowVoid: false, allowedCalls: ["Promise"], checkHandled: false }],
      errors: [
        {
          messageId: "floating",
          line: 7,
          // `soon()` starts a task that nothing keeps; its rejection crashes the process or is lost.
          suggestions: [
            {
              messageId: "suggestTrack",
              output: `
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });

interface Thenable {
  then(onFulfilled: () => void): void;
}
declare function soon(): Thenable;
function run() {
  tasks.spawn(() => soon(), { name: "soon" });
}
`,
            },
          ],
        },
      ],
    },
  ],
});
