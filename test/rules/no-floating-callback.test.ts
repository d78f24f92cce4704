import rule from "../../rules/no-floating-callback.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

runRule(syntacticTester, "no-floating-callback (syntactic)", rule, {
  valid: [
    // A same-file `forEach` / `on` whose parameter is typed to take a promise-returning function awaits it.
    `
class Batch {
  async forEach(fn: (item: number) => Promise<void>): Promise<void> {
    for (const item of [1, 2]) await fn(item);
  }
}
async function run() {
  const batch = new Batch();
  await batch.forEach(async (item) => {
    await fetch(String(item));
  });
}
`,
    `
class Bus {
  on(event: string, ...listeners: Array<(value: string) => void | Promise<void>>): void {
    void event;
    void listeners;
  }
}
const bus = new Bus();
bus.on("message", async (value) => {
  await fetch(value);
});
`,
    // The returned promise has a rejection handler: untracked (strict), not floating.
    `
import { EventEmitter } from "node:events";
class Jobs extends EventEmitter {
  async drain() {}
  start() {
    this.on("done", () => this.drain().catch(console.error));
    this.on("idle", () => {
      return this.drain().then(undefined, (error) => console.error(error));
    });
  }
}
`,
    `
import { EventEmitter } from "node:events";
const bus = new EventEmitter();
bus.on("message", (value: string) => console.log(value));
`,
    `
async function tick() {}
setInterval(() => {
  console.log("tick");
}, 1000);
`,
    `
async function save(id: number) {}
async function saveAll(ids: number[]) {
  await Promise.all(ids.map(async (id) => save(id)));
}
`,
    `
import { describe, it } from "vitest";
describe("suite", () => {
  it("runs", async () => {
    await Promise.resolve();
  });
});
`,
    `
declare const tasks: { spawn(fn: () => Promise<void>): { id: number } };
tasks.spawn(async () => {
  await Promise.resolve();
});
`,
    `
import { setTimeout } from "node:timers/promises";
async function later() {}
await setTimeout(10, later);
`,
    `
import { handler } from "./handlers.js";
setInterval(handler, 1000);
`,
  ],
  invalid: [
    // The file declares the callee: its parameter returns void, so the promise is dropped (issue 10).
    {
      code: `
declare function register(handler: (event: string) => void): void;
register(async (event) => {
  await fetch(event);
});
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

declare function register(handler: (event: string) => void): void;
register((event) => {
  tasks.spawn(
    async () => {
      await fetch(event);
    },
    { name: "register" },
  );
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { EventEmitter } from "node:events";
async function handle(value: string) {}
const bus = new EventEmitter();
bus.on("message", async (value: string) => {
  await handle(value);
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 5,
          // `bus.on('message')` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { EventEmitter } from "node:events";
import { TaskSet } from "taskguard";
import { installShutdownHooks } from "taskguard/guard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function handle(value: string) {}
const bus = new EventEmitter();
bus.on("message", (value: string) => {
  tasks.spawn(
    async () => {
      await handle(value);
    },
    { name: "bus.on('message')" },
  );
});
` }],
        },
      ],
    },
    {
      code: `
async function tick() {}
setInterval(tick, 1000);
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          // `setInterval` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function tick() {}
setInterval((...args: Parameters<typeof tick>) => { tasks.spawn(() => tick(...args), { name: "file timer" }); }, 1000);
` }],
        },
      ],
    },
    {
      code: `
class Poller {
  start() {
    setTimeout(() => this.poll(), 100);
  }
  private async poll() {}
}
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          // `setTimeout` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
import { watch } from "node:fs";
async function reload() {}
watch("config.json", async () => {
  await reload();
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          // `fs.watch` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { watch } from "node:fs";
import { TaskSet } from "taskguard";
import { installShutdownHooks } from "taskguard/guard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function reload() {}
watch("config.json", () => {
  tasks.spawn(
    async () => {
      await reload();
    },
    { name: "watch('config.json')" },
  );
});
` }],
        },
      ],
    },
    {
      code: `
async function save(id: number) {}
function saveAll(ids: number[]) {
  ids.forEach(async (id) => {
    await save(id);
  });
}
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 4,
          // `forEach` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
async function drain() {}
process.on("SIGTERM", async () => {
  await drain();
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          // `process.on('SIGTERM')` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
async function flush() {}
queueMicrotask(async () => {
  await flush();
});
process.nextTick(async () => {
  await flush();
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          // `queueMicrotask` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function flush() {}
queueMicrotask(() => {
  tasks.spawn(
    async () => {
      await flush();
    },
    { name: "queueMicrotask" },
  );
});
process.nextTick(async () => {
  await flush();
});
` }],
        },
        {
          messageId: "floatingCallback",
          line: 6,
          // `process.nextTick` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

async function flush() {}
queueMicrotask(async () => {
  await flush();
});
process.nextTick(() => {
  tasks.spawn(
    async () => {
      await flush();
    },
    { name: "process.nextTick" },
  );
});
` }],
        },
      ],
    },
    {
      code: `
const api = {
  async send() {},
};
class Store {
  async flush() {}
}
function run(store: Store) {
  setInterval(api.send, 1000);
  setTimeout(new Store().flush, 10);
  process.on("exit", store.flush.bind(store));
}
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 9,
          // `setInterval` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          // A member reference may need its `this`: a manual step, no suggestion.
        },
        {
          messageId: "floatingCallback",
          line: 10,
          // `setTimeout` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          // A member reference may need its `this`: a manual step, no suggestion.
        },
        {
          messageId: "floatingCallback",
          line: 11,
          // `process.on('exit')` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          // A member reference may need its `this`: a manual step, no suggestion.
        },
      ],
    },
  ],
});

runRule(typedTester, "no-floating-callback (type-aware)", rule, {
  valid: [
    `
import { EventEmitter } from "node:events";
class Jobs extends EventEmitter {
  async drain() {}
  start() {
    this.on("done", () => this.drain().catch(console.error));
  }
}
declare function register(handler: (event: string) => void): void;
register((event) => fetch(event).catch(() => undefined));
`,
    `
declare function run(job: () => Promise<void>): void;
run(async () => {
  await fetch("https://example.com");
});
`,
    `
declare function retry<T>(job: () => T): T;
retry(async () => fetch("https://example.com"));
`,
    `
declare function on(listener: () => void): void;
declare function on(listener: () => Promise<void>): void;
on(async () => {
  await fetch("https://example.com");
});
`,
    `
declare function schedule(job: (() => void) | (() => Promise<unknown>)): void;
schedule(async () => {
  await fetch("https://example.com");
});
`,
    `
interface Handlers {
  onMessage(message: string): Promise<void>;
}
const handlers: Handlers = {
  async onMessage(message) {
    await fetch(message);
  },
};
`,
  ],
  invalid: [
    {
      code: `
declare function register(handler: (event: string) => void): void;
register(async (event) => {
  await fetch(event);
});
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 3,
          // `register` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
          suggestions: [{ messageId: "suggestTrack", output: `
import { installShutdownHooks } from "taskguard/guard";
import { TaskSet } from "taskguard";

const tasks = new TaskSet({ name: "file" });
installShutdownHooks(tasks);

declare function register(handler: (event: string) => void): void;
register((event) => {
  tasks.spawn(
    async () => {
      await fetch(event);
    },
    { name: "register" },
  );
});
` }],
        },
      ],
    },
    {
      code: `
interface Handlers {
  onMessage(message: string): void;
}
const handlers: Handlers = {
  onMessage: async (message) => {
    await fetch(message);
  },
};
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 6,
          // `onMessage` is declared as a void function, so its caller runs this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
        },
      ],
    },
    {
      code: `
declare function onReady(listener: () => void): void;
class Client {
  connect() {
    onReady(this.handshake.bind(this));
  }
  private async handshake() {}
}
`,
      errors: [
        {
          messageId: "floatingCallback",
          line: 5,
          // `onReady` calls this async function and drops the promise it returns: its rejection crashes the process or is lost, and shutdown cannot wait for it.
        },
      ],
    },
  ],
});
