// Runs one fixture module (input.ts or output.ts) under its case's scenario, in the child process
// this file is started as, and prints what a user of the module sees as one JSON line: the
// scenario's own events, the errors the default TaskSet reporter printed, and every rejection or
// exception nobody handled. Usage: node --import tsx test/codemod/behaviour-runner.ts <case> <file>
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [name, file] = process.argv.slice(2);
if (!name || !file) throw new Error("usage: behaviour-runner.ts <case> <input.ts|output.ts>");
const folder = resolve(import.meta.dirname, "../../fixtures/codemod", name);
const events: string[] = [];
const log = (event: string): void => {
  events.push(event);
};
const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

process.on("unhandledRejection", (error) => log(`unhandled rejection: ${messageOf(error)}`));
process.on("uncaughtException", (error) => log(`uncaught exception: ${messageOf(error)}`));
// The default reporter prints `[taskguard] Task "<name>" (#id) in TaskSet "<set>" failed, …` and the error.
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(" ");
  const report = /^\[taskguard\] Task "(.*?)" \(#\d+\) in TaskSet "(.*?)" (\w+)/.exec(text);
  if (!report) return consoleError(...args);
  const error = /(\w*Error): ([^\n]*)/.exec(text.slice(text.indexOf("\n")));
  log(`reported: task "${report[1]}" in "${report[2]}" ${report[3]}: ${error ? `${error[1]}: ${error[2]}` : "?"}`);
};

const module: unknown = await import(pathToFileURL(join(folder, file)).href);
const { scenario } = (await import(pathToFileURL(join(folder, "scenario.ts")).href)) as {
  scenario: (mod: unknown, log: (event: string) => void) => Promise<void>;
};
try {
  await scenario(module, log);
} catch (error) {
  log(`scenario threw: ${messageOf(error)}`);
}
// Late failures (a handler that rejects after the scenario returned) surface here.
await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write(`${JSON.stringify(events)}\n`);
process.exit(0);
