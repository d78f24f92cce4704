import { describe, expect, it } from "vitest";
import { runModel } from "./model/task-set-model.js";

// At least 200k random operations per `npm test`, bounded; `npm run test:model -- --ops 5000000` runs longer.
const OPS = 200_000;
const SEEDS = [1, 2, 3, 4];

describe("TaskSet model", () => {
  for (const seed of SEEDS) {
    it(`random operations agree with the model (seed ${seed}): statuses, stats, reports, onError, nothing unhandled`, async () => {
      const { ops } = await runModel(seed * 1_000_003, OPS / SEEDS.length);
      expect(ops).toBeGreaterThanOrEqual(OPS / SEEDS.length);
    }, 120_000);
  }
});
