// Child-process script, run with --unhandled-rejections=strict: a scope that leaves a rejection
// unhandled must yield a finding, not end the process.
import { findUntrackedPromises } from "../../../runtime/guard/index.js";

const report = await findUntrackedPromises(async () => {
  // eslint-disable-next-line taskguard/no-floating-task -- the floating rejection is what this script is about
  void Promise.reject(new Error("nobody handles me"));
  await new Promise((resolve) => setTimeout(resolve, 10));
});
process.stdout.write(`${JSON.stringify(report.untracked.map((u) => u.state))}\n`);
