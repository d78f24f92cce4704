// Longer runs of the TaskSet model test: `npm run test:model -- --ops 5000000 [--seed 42]`.
// Prints the operations and runs done; exits 1 with the shrunk counterexample on a disagreement.
import { parseArgs } from "node:util";
import { runModel } from "../model/task-set-model.js";

const { values } = parseArgs({ options: { ops: { type: "string", default: "1000000" }, seed: { type: "string", default: String(Date.now() % 1_000_000) } } });
const ops = Number(values.ops);
const seed = Number(values.seed);
if (!(ops > 0) || !Number.isInteger(seed)) throw new TypeError("usage: model.ts --ops <count> [--seed <integer>]");
const started = performance.now();
const result = await runModel(seed, ops);
console.log(`TaskSet model: ${result.ops} operations in ${result.runs} runs from seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, all agreed with the model`);
