import rule from "../../rules/require-task-shutdown.js";
import { runRule, syntacticTester, typedTester } from "./rule-tester.js";

runRule(syntacticTester, "require-task-shutdown (syntactic)", rule, {
  valid: [
    // A framework's lifecycle hook (NestJS, Angular) ends the object's life as `stop()` does.
    `
import { TaskSet } from "taskguard";
export class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async onModuleDestroy() {
    await this.tasks.shutdown();
  }
}
export class Panel {
  private readonly tasks = new TaskSet({ name: "Panel" });
  ngOnDestroy() {
    void this.tasks.shutdown().catch(console.error);
  }
}
`,
    // The field read into a local first.
    `
import { TaskSet } from "taskguard";
export class Crawler {
  private readonly tasks = new TaskSet({ name: "Crawler" });
  private readonly uploads = new TaskSet({ name: "uploads" });
  async stop() {
    const { tasks } = this;
    const uploads = this.uploads;
    await Promise.all([tasks.shutdown(), uploads.shutdown()]);
  }
}
`,
    `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async stop() {
    await this.tasks.shutdown();
  }
}
`,
    `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async [Symbol.asyncDispose]() {
    await this.tasks[Symbol.asyncDispose]();
  }
}
`,
    `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async close() {
    await this.drain();
  }
  private async drain() {
    await this.tasks.shutdown({ timeoutMs: 1000 });
  }
}
`,
    `
import { TaskSet } from "taskguard";
class Indexer {
  constructor(private readonly tasks: TaskSet) {}
}
`,
    `
import { TaskSet } from "taskguard";
import { installShutdownHooks } from "taskguard/guard";
const background = new TaskSet({ name: "background" });
installShutdownHooks(background, { timeoutMs: 5000 });
`,
    `
import { TaskSet } from "taskguard";
export const background = new TaskSet({ name: "background" });
`,
    `
import { TaskSet } from "taskguard";
const background = new TaskSet({ name: "background" });
export async function teardown() {
  await background.shutdown();
}
`,
  ],
  invalid: [
    {
      code: `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async stop() {}
}
`,
      errors: [
        {
          messageId: "missingShutdown",
          line: 3,
          // `Indexer` owns the TaskSet `this.tasks` but no stop/close/dispose method calls `this.tasks.shutdown()`: its tasks outlive the object.
          suggestions: [{ messageId: "suggestTrack", output: `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  async stop() {
    await this.tasks.shutdown();
  }
}
` }],
        },
      ],
    },
    {
      code: `
import { TaskSet } from "taskguard";
const background = new TaskSet({ name: "background" });
`,
      errors: [
        {
          messageId: "missingModuleShutdown",
          line: 3,
          // `background` is a module-level TaskSet that is never shut down: pass it to `installShutdownHooks(background)` or call `background.shutdown()`, or its tasks are cut off at exit.
        },
      ],
    },
    {
      code: `
import { TaskSet } from "taskguard";
class Indexer {
  private readonly tasks = new TaskSet({ name: "Indexer" });
  close(): void {
    console.log("closed");
  }
}
`,
      errors: [
        {
          messageId: "missingShutdown",
          line: 3,
          // `Indexer` owns the TaskSet `this.tasks` but no stop/close/dispose method calls `this.tasks.shutdown()`: its tasks outlive the object.
        },
      ],
    },
  ],
});

runRule(typedTester, "require-task-shutdown (type-aware)", rule, {
  valid: [
    `
interface Pool {
  spawn(fn: () => void): void;
  shutdown(): Promise<void>;
}
declare const shared: Pool;
class Worker {
  private readonly pool: Pool = shared;
  async stop() {
    await this.pool.shutdown();
  }
}
`,
  ],
  invalid: [
    {
      code: `
class Pool {
  spawn(fn: () => void): void {
    fn();
  }
  async shutdown(): Promise<void> {}
}
class Worker {
  private readonly pool = new Pool();
  stop() {
    console.log("stopped");
  }
}
`,
      errors: [
        {
          messageId: "missingShutdown",
          line: 8,
          // `Worker` owns the TaskSet `this.pool` but no stop/close/dispose method calls `this.pool.shutdown()`: its tasks outlive the object.
        },
      ],
    },
  ],
});
