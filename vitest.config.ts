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
    // Most files spend their time waiting on servers, processes and timers: on two cores, six
    // files at a time finished the run in 70 s, against 84 s with four and 102 s with two.
    maxWorkers: 6,
    experimental: { fsModuleCache: true },
  },
});
