import rule from "../../rules/no-dangling-task.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

runRule(syntacticTester, "no-dangling-task (syntactic)", rule, {
  valid: [
    // A `var` is declared in its function's body: that declaration does not hide itself.
    `
async function load() {}
function run(flag: boolean) {
  var pending = load();
  if (flag) {
    var later = load();
  }
  return Promise.all([pending, later]);
}
`,
    `
async function load() {}
async function run() {
  const pending = load();
  await pending;
}
`,
    `
async function load() {}
function run() {
  const pending = load();
  return () => pending;
}
`,
    `
async function load() {}
function run(all: Promise<void>[]) {
  const pending = load();
  all.push(pending);
}
`,
    `
async function load() {}
export const ready = load();
`,
    `
async function load() {}
const ready = load();
export { ready };
`,
    `
async function load() {}
function run() {
  const { then } = load();
}
`,
    `
async function load() {}
async function run() {
  const value = await load();
}
`,
    `
function load() {
  return 1;
}
function run() {
  const value = load();
}
`,
  ],
  invalid: [
    {
      code: `
async function load() {}
function run() {
  const pending = load();
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 4,
          // `pending` holds the task `load()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  let pending = load();
  pending = load();
}
`,
      errors: [
        // Both bindings dangle; rewriting one would leave the other assigning an undeclared local,
        // so the planner leaves the sites to the user.
        {
          messageId: "dangling",
          line: 4,
          suggestions: [],
        },
        {
          messageId: "dangling",
          line: 5,
          suggestions: [],
        },
      ],
    },
    {
      code: `
async function load() {}
function run() {
  const pending = load();
  return function inner(pending: number) {
    return pending;
  };
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 4,
          // `pending` holds the task `load()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
class Service {
  get ready(): Promise<void> {
    return Promise.resolve();
  }
  touch() {
    const started = this.ready;
  }
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 7,
          // `started` holds the task `this.ready` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
const api = {
  async send(message: string) {
    return message.length;
  },
};
class Store {
  static async load() {}
}
function run() {
  const sent = api.send("hi");
  const loaded = Store.load();
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 11,
          // `sent` holds the task `api.send()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
        {
          messageId: "dangling",
          line: 12,
          // `loaded` holds the task `Store.load()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
  ],
});

runRule(typedTester, "no-dangling-task (type-aware)", rule, {
  valid: [
    `
declare const client: { query(q: string): Promise<string[]> };
async function warmUp() {
  const rows = client.query("select 1");
  return { rows };
}
`,
    `
declare const untyped: any;
function run() {
  const result = untyped.run();
}
`,
  ],
  invalid: [
    {
      code: `
declare const client: { query(q: string): Promise<string[]> };
function warmUp() {
  const rows = client.query("select 1");
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 4,
          // `rows` holds the task `client.query()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
    {
      code: `
declare function identity<T>(value: T): T;
async function load() {}
function run() {
  const pending = identity(load());
  {
    const pending = 1;
    console.log(pending);
  }
}
`,
      errors: [
        {
          messageId: "dangling",
          line: 5,
          // `pending` holds the task `identity()` starts but is never read: nothing awaits it, and its rejection crashes the process or is lost.
        },
      ],
    },
  ],
});
