import { defineConfig } from "vitest/config";

// Child-process and real-filesystem tests run on shared 2-core machines: generous timeouts,
// never timed assertions.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
