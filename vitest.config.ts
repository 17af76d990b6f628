import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/postgres.ts", "test/setup/bundles.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file still gets a database and a Redis prefix of its own (test/helpers/fresh.ts); what
    // files share is the imported modules, which a fresh module graph per file imported again
    // (about a second each, half the run's CPU).
    isolate: false,
    // The run keeps both cores of a two-core machine busy. With the databases in memory
    // (test/setup/postgres.ts), four files at a time finished it in 79-81 s against 83-88 s for
    // six, in back-to-back pairs (2026-12-05): fewer processes contend for the two cores.
    maxWorkers: 4,
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache) between
    // runs, keyed by content: a second run of unchanged code uses some 10 CPU-seconds less.
    experimental: { fsModuleCache: true },
  },
});
