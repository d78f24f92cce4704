import { runModel } from "./task-set-model.js";
try {
  console.log(await runModel(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 5000)));
} catch (e) { console.log(String(e).split("\n").filter((l) => !l.trim().startsWith("at ")).join("\n").slice(-2500)); }
