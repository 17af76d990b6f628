import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/bundles.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file still gets a database and a Redis prefix of its own (test/helpers/fresh.ts); what
    // files share is the imported modules, which a fresh module graph per file imported again
    // (about a second each, half the run's CPU).
    isolate: false,
    // The run keeps both cores of a two-core machine busy: four or six files at a time finish it
    // in the same 88-91 s (2026-12-04); six leave more room for files that wait on timers.
    maxWorkers: 6,
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache) between
    // runs, keyed by content: a second run of unchanged code uses some 10 CPU-seconds less.
    experimental: { fsModuleCache: true },
  },
});
