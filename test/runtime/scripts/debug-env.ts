// Child-process script: TASKGUARD_DEBUG=1 turns spawn-site capture on for every set.
import { TaskSet } from "../../../runtime/index.js";

const task = new TaskSet().spawn(() => 1);
console.log(task.info().spawnSite ?? "no spawn site");
