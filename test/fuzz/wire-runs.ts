/**
 * How many generated cases each wire fuzz runs: a few hundred in `npm test`, 10,000 under
 * `npm run test:fuzz` (FUZZ_RUNS=10000). The seed is fixed unless FUZZ_SEED says otherwise, so
 * a failure in CI comes back on a developer's machine.
 */
export function fuzzRuns(ciRuns: number): number {
  const asked = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : ciRuns;
}

export function fuzzSeed(fixed: number): number {
  const asked = Number(process.env.FUZZ_SEED);
  return Number.isInteger(asked) ? asked : fixed;
}

/** Slack and Discord want an answer within 3 s; one that took longer came from a timeout, not from the bot. */
export const ANSWERED_AT_ONCE_MS = 2_000;

/** Latency figures for the log of a fuzz run. */
export function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}
