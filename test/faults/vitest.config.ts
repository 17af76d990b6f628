import { defineConfig } from "vitest/config";

/** `npm run test:faults`: whole bot processes against private servers that the tests break on purpose. */
export default defineConfig({
  test: {
    globalSetup: ["test/setup/bundles.ts"],
    include: ["test/faults/**/*.fault.ts"],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // Each file runs its own Postgres, Redis and bot processes; two at a time fit two cores.
    maxWorkers: 2,
  },
});
