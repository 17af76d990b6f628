import type { CheckDefinition } from "./types.js";

/** A load tool's latency percentiles in milliseconds, keyed by percentile (50, 90, 99). */
export interface LatencyTail {
  percentiles: Record<number, number>;
}

/**
 * p99 far above p50: a closed-loop tool (wrk, ab) waits for each answer before sending the next,
 * so a stall delays the requests that would have been sent meanwhile and hides them from the tail.
 */
export function tailCheck<T extends LatencyTail>(): CheckDefinition<T> {
  return {
    values: ["p50", "p99", "ratio"],
    params: { ratio: 10 },
    find(data, params) {
      const p50 = data.percentiles[50];
      const p99 = data.percentiles[99];
      if (p50 === undefined || p99 === undefined) return undefined;
      const ratio = p99 / Math.max(p50, 0.001);
      return ratio >= (params.ratio ?? 10) ? { p50, p99, ratio: Math.round(ratio) } : undefined;
    },
  };
}
