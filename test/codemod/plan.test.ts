// The shared planner on its own: the plans offered per finding, how a file's plans merge, and the
// single splice that applies them.
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../codemods/diff.js";
import { analysisTs } from "../../codemods/project.js";
import { applyEdits, combineEdits } from "../../rules/analysis/fix/apply.js";
import { planFileEdits, planFixes } from "../../rules/analysis/fix/plan.js";
import { analyzeSourceFile } from "../../rules/analysis/analyze.js";
import { defaultAnalysisOptions, type AnalysisContext } from "../../rules/analysis/types.js";

const project = new Project({ useInMemoryFileSystem: true });

function context(text: string, path = "/case.ts"): AnalysisContext {
  const sourceFile = project.createSourceFile(path, text, { overwrite: true }).compilerNode;
  return { ts: analysisTs, sourceFile, checker: undefined, options: defaultAnalysisOptions };
}

const worker = (method: string) => `export class Worker {
  ${method} {
    this.work();
  }

  async stop(): Promise<void> {}

  private async work(): Promise<void> {}
}
`;

describe("planFixes()", () => {
  it("offers the one fix the decision table picks: await inside an async method", () => {
    const ctx = context(worker("async run(): Promise<void>"));
    const [finding] = analyzeSourceFile(ctx);
    const plans = planFixes(ctx, finding!);
    expect(plans.map((plan) => plan.strategy)).toEqual(["await"]);
    expect(applyEdits(ctx.sourceFile.text, plans[0]!.edits)).toContain("    await this.work();");
  });

  it("does not await a call an async function ends on after its own work: spawned on the owner, or a manual step", () => {
    const ends = (owner: string) => `export class ${owner} {
  readonly log: number[] = [];
  async apply(): Promise<void> {
    await this.save();
    this.decryptPreview();
    this.log.push(1);
  }
${owner === "Sync" ? "\n  async stop(): Promise<void> {}\n" : ""}
  private async save(): Promise<void> {}
  private async decryptPreview(): Promise<void> {}
}
`;
    const owned = context(ends("Sync"));
    expect(planFixes(owned, analyzeSourceFile(owned)[0]!).map((plan) => plan.strategy)).toEqual(["track"]);
    const unowned = context(ends("Room"));
    const { manualSteps } = planFileEdits(unowned, analyzeSourceFile(unowned));
    expect(manualSteps[0]!.message).toContain("this call comes after its async function's last `await`, and nothing after it waits for it, so the fix does not await it");
    expect(manualSteps[0]!.message).toContain("`Room` has no async stop/close/dispose method");
  });

  it("awaits a call with nothing awaited before it on its path, or that the function awaits after, ends right after, or handles in a try", () => {
    const bodies = [
      "this.log.push(0);\n    this.decryptPreview();\n    this.log.push(1);",
      "if (this.log.length) {\n      await this.save();\n    } else {\n      this.decryptPreview();\n    }",
      "await this.save();\n    this.decryptPreview();\n    await this.save();",
      "await this.save();\n    this.decryptPreview();\n    process.exit(0);",
      "await this.save();\n    if (this.log.length) {\n      this.decryptPreview();\n      return;\n    }\n    this.log.push(1);",
      "await this.save();\n    try {\n      this.decryptPreview();\n    } catch {}",
    ];
    for (const body of bodies) {
      const ctx = context(`export class Room {
  readonly log: number[] = [];
  async apply(): Promise<void> {
    ${body}
  }
  private async save(): Promise<void> {}
  private async decryptPreview(): Promise<void> {}
}
`);
      expect(planFixes(ctx, analyzeSourceFile(ctx)[0]!).map((plan) => plan.strategy), body).toEqual(["await"]);
    }
  });

  it("names `Promise.resolve().then(…)` after the function it starts in, and never awaits a call under a note that it runs later", () => {
    const ctx = context(`export class Bus {
  async publish(): Promise<void> {
    await this.save();
    // Send in the next microtask, so that calls in this tick coalesce.
    Promise.resolve().then(() => this.send());
    await this.save();
  }

  async close(): Promise<void> {}

  private async save(): Promise<void> {}
  private async send(): Promise<void> {}
}
`);
    const [plan] = planFixes(ctx, analyzeSourceFile(ctx)[0]!);
    expect(plan!.strategy).toBe("track");
    expect(applyEdits(ctx.sourceFile.text, planFileEdits(ctx, analyzeSourceFile(ctx)).edits)).toContain('{ name: "Bus.publish" }');
  });

  it("a bare `return` that ends the body is the end, not an early exit: the call before it is not awaited", () => {
    const ctx = context(`export class Room {
  async apply(): Promise<void> {
    await this.save();
    this.decryptPreview();
    return;
  }
  private async save(): Promise<void> {}
  private async decryptPreview(): Promise<void> {}
}
`);
    expect(planFileEdits(ctx, analyzeSourceFile(ctx)).manualSteps[0]!.message).toContain("comes after its async function's last `await`");
  });

  it("rewrites a listener field only when it is private and only handed to emitters: otherwise a manual step that says why", () => {
    const client = (field: string, extra = "") => `import { EventEmitter } from "node:events";
export class Client {
  constructor(private readonly events: EventEmitter) {}
  open(): void {
    this.events.on("x", this.onX);
  }
  async close(): Promise<void> {
    this.events.off("x", this.onX);${extra}
  }
  ${field} = async (): Promise<void> => {};
}
`;
    const owned = context(client("private onX"));
    const merged = planFileEdits(owned, analyzeSourceFile(owned));
    expect(merged.rewritten).toBe(1);
    expect(applyEdits(owned.sourceFile.text, merged.edits)).toContain("private onX = () => {");
    const awaited = context(client("private onX", "\n    await this.onX();"));
    expect(planFileEdits(awaited, analyzeSourceFile(awaited)).manualSteps[0]!.message).toContain("removed by the same reference, so an arrow in its place would never be removed");
    const visible = context(client("onX").replace(/\n    this\.events\.off\("x", this\.onX\);/, ""));
    expect(planFileEdits(visible, analyzeSourceFile(visible)).manualSteps[0]!.message).toContain("is public (or called elsewhere)");
  });

  it("never collects work that runs on its own: a handler started in a loop is spawned, as it is outside one", () => {
    const ctx = context(`export class Dispatcher {
  async replay(events: string[]): Promise<void> {
    for (const event of events) {
      this.onEvent(event);
    }
  }

  async stop(): Promise<void> {}

  private async onEvent(event: string): Promise<void> {}
}
`);
    expect(planFixes(ctx, analyzeSourceFile(ctx)[0]!).map((plan) => plan.strategy)).toEqual(["track"]);
  });

  it("spawns work started from a synchronous method of a class with a lifecycle", () => {
    const ctx = context(worker("run(): void"));
    const [finding] = analyzeSourceFile(ctx);
    const plans = planFixes(ctx, finding!);
    expect(plans.map((plan) => plan.strategy)).toEqual(["track"]);
    expect(plans[0]!.description).toBe("Track it in `this.tasks`.");
  });

  it("offers no await in a constructor", () => {
    const ctx = context(worker("constructor()"));
    const [finding] = analyzeSourceFile(ctx);
    expect(finding!.kind).toBe("floatingInConstructor");
    expect(planFixes(ctx, finding!).map((plan) => plan.strategy)).toEqual(["track"]);
  });

  it("offers nothing where the fix is a manual step: a class without a lifecycle gets no set", () => {
    const ctx = context(`export class Message {
  ack(): void {
    this.send();
  }

  private async send(): Promise<void> {}
}
`);
    const [finding] = analyzeSourceFile(ctx);
    expect(planFixes(ctx, finding!)).toEqual([]);
    const { edits, manualSteps } = planFileEdits(ctx, [finding!]);
    expect(edits).toEqual([]);
    expect(manualSteps[0]!.message).toMatch(/^`Message\.send` in `Message\.ack`: `Message` has no async stop\/close\/dispose method/);
  });

  it("handles a finding kind it does not know as a manual step, never a rewrite", () => {
    const ctx = context(worker("run(): void"));
    const [finding] = analyzeSourceFile(ctx);
    const unknown = { ...finding!, kind: "floatingSomethingNew" } as unknown as typeof finding & object;
    expect(planFixes(ctx, unknown)).toEqual([]);
    expect(planFileEdits(ctx, [unknown]).manualSteps[0]!.message).toContain("no safe rewrite for this kind of finding (`floatingSomethingNew`)");
  });

  it("awaits a dangling binding in place of declaring it", () => {
    const ctx = context(`export async function load(): Promise<void> {
  const pending = fetchIt();
}
async function fetchIt(): Promise<number> {
  return 1;
}
`);
    const dangling = analyzeSourceFile(ctx).find((finding) => finding.kind === "dangling");
    const awaitPlan = planFixes(ctx, dangling!).find((plan) => plan.strategy === "await");
    expect(applyEdits(ctx.sourceFile.text, awaitPlan!.edits)).toContain("  await fetchIt();\n");
  });

  it("puts the imports, the module-level set and its shutdown hooks before a rewritten first statement, in one edit per offset", () => {
    const ctx = context(`load();\nasync function load(): Promise<void> {}\n`);
    const [finding] = analyzeSourceFile(ctx);
    const [track] = planFixes(ctx, finding!);
    const starts = track!.edits.map((edit) => edit.start);
    expect(new Set(starts).size).toBe(starts.length);
    // ESLint sorts a suggestion's fixes by range; with distinct starts any order gives the same text.
    const reversed = [...track!.edits].reverse();
    expect(applyEdits(ctx.sourceFile.text, reversed)).toBe(
      `import { installShutdownHooks } from "taskguard/guard";\nimport { TaskSet } from "taskguard";\n\nconst tasks = new TaskSet({ name: "case" });\ninstallShutdownHooks(tasks);\n\ntasks.spawn(() => load(), { name: "load" });\nasync function load(): Promise<void> {}\n`,
    );
  });

  it("awaits an array of promises in an async function as one `Promise.all`", () => {
    const ctx = context(`export async function warm(ids: string[]): Promise<void> {\n  ids.map(async (id) => id);\n}\n`);
    const [finding] = analyzeSourceFile(ctx);
    const [awaited] = planFixes(ctx, finding!);
    expect(applyEdits(ctx.sourceFile.text, awaited!.edits)).toContain("  await Promise.all(ids.map(async (id) => id));\n");
  });

  it("leaves an array of promises in one branch of a condition to the user", () => {
    const ctx = context(`export async function warm(ready: boolean, ids: string[]): Promise<void> {\n  ready && ids.map(async (id) => id);\n}\n`);
    const [finding] = analyzeSourceFile(ctx);
    expect(planFixes(ctx, finding!)).toEqual([]);
    const merged = planFileEdits(ctx, [finding!]);
    expect(merged.rewritten).toBe(0);
    expect(merged.manualSteps.map((step) => step.message)).toEqual([
      "`map` drops an array of promises in one branch of the expression: wrap that array in `Promise.all(…)`, then track the rest.",
    ]);
  });

  it("spawns nothing that itself awaits: a background loop started with an awaited argument is a manual step", () => {
    const ctx = context(
      `export class Poller {\n  async start(x: Promise<number>): Promise<void> {\n    this.pollLoop(await x);\n  }\n\n  async stop(): Promise<void> {}\n\n  private async pollLoop(n: number): Promise<void> {}\n}\n`,
    );
    const findings = analyzeSourceFile(ctx).filter((finding) => finding.rule === "no-floating-task");
    const merged = planFileEdits(ctx, findings);
    expect(merged.rewritten).toBe(0);
    expect(merged.manualSteps[0]!.message).toContain("itself awaits");
  });
});

describe("planFileEdits()", () => {
  it("inserts the field, import and stop once for several sites in one class", () => {
    const ctx = context(`export class Worker {\n  run(): void {\n    this.work();\n    this.work();\n  }\n\n  async stop(): Promise<void> {}\n\n  private async work(): Promise<void> {}\n}\n`);
    const { edits, rewritten } = planFileEdits(ctx, analyzeSourceFile(ctx));
    const text = applyEdits(ctx.sourceFile.text, edits);
    expect(rewritten).toBe(2);
    expect(text.match(/new TaskSet\(/g)).toHaveLength(1);
    expect(text.match(/import \{ TaskSet \}/g)).toHaveLength(1);
    // run() is public: it can spawn after stop(), so the stop keeps the set open.
    expect(text.match(/await this\.tasks\.drain\(\)/g)).toHaveLength(1);
  });
});

describe("planFileEdits() in a CommonJS file", () => {
  it("imports no TaskSet into a `.cts` file: taskguard is ESM-only, so the site is a manual step", () => {
    const ctx = context(worker("run(): void"), "/case.cts");
    const { edits, manualSteps, rewritten } = planFileEdits(ctx, analyzeSourceFile(ctx));
    expect(edits).toEqual([]);
    expect(rewritten).toBe(0);
    expect(manualSteps.map((step) => step.message)).toEqual([expect.stringContaining("this file is CommonJS (a `.cts` file) and taskguard is ESM-only")]);
  });
});

describe("planFileEdits() with nested sites", () => {
  // The callback's parameters move to a new outer arrow as they are, so a site inside a default
  // value cannot be rewritten in the same pass. The last line makes the module an entry point.
  const nested = `import { EventEmitter } from "node:events";
async function refresh(): Promise<void> {}
export function watch(source: EventEmitter): void {
  source.on("change", async (id: string, log = () => { refresh(); }) => {
    await refresh();
    log();
  });
}
watch(new EventEmitter());
`;

  it("skips a site inside the parameters of a rewritten callback and asks for a second run", () => {
    const ctx = context(nested);
    const findings = analyzeSourceFile(ctx);
    expect(findings.map((finding) => finding.kind).sort()).toEqual(["floating", "floatingCallback"]);
    const { edits, manualSteps, rewritten } = planFileEdits(ctx, findings);
    expect(rewritten).toBe(1);
    const inner = nested.indexOf("refresh();");
    expect(manualSteps).toContainEqual({ pos: inner, message: "This site overlaps another rewrite: run `taskguard fix` again to rewrite it." });
    const once = applyEdits(nested, edits);
    expect(once).toContain(`  source.on("change", (id: string, log = () => { refresh(); }) => {\n    tasks.spawn(\n      async () => {`);

    const again = context(once);
    const second = planFileEdits(again, analyzeSourceFile(again));
    expect(second.rewritten).toBe(1);
    expect(second.manualSteps.filter((step) => step.message.includes("overlaps"))).toEqual([]);
    const twice = applyEdits(once, second.edits);
    expect(twice).toContain(`(id: string, log = () => { tasks.spawn(() => refresh(), { name: "refresh" }); }) => {`);
    expect(twice.match(/new TaskSet\(/g)).toHaveLength(1);
  });

  it("rewrites a floating call inside a floating callback inside a floating call in one pass", () => {
    const ctx = context(`import { EventEmitter } from "node:events";
async function refresh(): Promise<void> {}
async function run(fn: () => Promise<void>): Promise<void> {
  await fn();
}
export function watch(source: EventEmitter): void {
  run(async () => {
    source.on("x", async () => {
      refresh();
    });
  });
}
watch(new EventEmitter());
`);
    const { edits, manualSteps, rewritten } = planFileEdits(ctx, analyzeSourceFile(ctx));
    // `run(…)` and the handler are spawned; `refresh()` inside the async handler is awaited.
    expect(rewritten).toBe(3);
    expect(manualSteps.filter((step) => step.message.includes("overlaps"))).toEqual([]);
    expect(applyEdits(ctx.sourceFile.text, edits)).toContain(`        await refresh();\n`);
  });
});

describe("applyEdits()", () => {
  it("applies edits given in any order against the original positions", () => {
    expect(
      applyEdits("abcdef", [
        { start: 4, end: 5, text: "E" },
        { start: 0, end: 1, text: "A" },
        { start: 2, end: 2, text: "+" },
      ]),
    ).toBe("Ab+cdEf");
  });

  it("keeps insertions at one position in their given order, before a replacement there", () => {
    expect(
      applyEdits("xy", [
        { start: 1, end: 2, text: "Y" },
        { start: 1, end: 1, text: "1" },
        { start: 1, end: 1, text: "2" },
      ]),
    ).toBe("x12Y");
  });

  it("combineEdits() joins the insertions at an offset and the replacement there into one edit", () => {
    const edits = [
      { start: 1, end: 2, text: "Y" },
      { start: 0, end: 0, text: "<" },
      { start: 1, end: 1, text: "1" },
      { start: 1, end: 1, text: "2" },
    ];
    expect(combineEdits(edits)).toEqual([
      { start: 0, end: 0, text: "<" },
      { start: 1, end: 2, text: "12Y" },
    ]);
    expect(applyEdits("xy", combineEdits(edits))).toBe(applyEdits("xy", edits));
  });

  it("throws on overlapping edits instead of corrupting the text", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 0, end: 3, text: "" },
        { start: 2, end: 4, text: "" },
      ]),
    ).toThrow(/overlaps/);
  });
});

describe("unifiedDiff()", () => {
  it("prints hunks with 3 lines of context like diff -u", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    const after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    expect(unifiedDiff("f.ts", before, after)).toBe(
      "--- a/f.ts\n+++ b/f.ts\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n",
    );
  });

  it("is empty when nothing changed", () => {
    expect(unifiedDiff("f.ts", "same\n", "same\n")).toBe("");
  });
});
