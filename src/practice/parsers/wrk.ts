import { durationMs, lines, plainNumber } from "./clean.js";
import type { LatencyTail } from "./latency-tail.js";
import { tailCheck } from "./latency-tail.js";
import { fail, type OutputParser } from "./types.js";

export interface WrkSummary extends LatencyTail {
  threads: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
  socketErrors: number;
  non2xx: number;
}

export const wrkParser: OutputParser<WrkSummary> = {
  name: "wrk",
  describes: "the summary wrk prints with --latency",
  recognises: (text) => /Running \S+ test @|Thread Stats\s+Avg\s+Stdev/.test(text),
  parse(text) {
    if (/unable to connect to/i.test(text))
      return fail("wrk could not connect to the server, so there is nothing to measure: start the service and run wrk again.");
    const all = lines(text);
    const setup = /(\d+) threads and (\d+) connections/.exec(text);
    const latency = all.map((l) => /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%\s*$/.exec(l)).find(Boolean);
    const totals = /(\d+) requests in ([\d.]+\w+), [\d.]+\w+ read/.exec(text);
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(text);
    if (!setup || !latency || !totals || !rate)
      return fail("I could not find wrk's thread stats and totals in it; paste everything from `Running …` to `Transfer/sec`.");
    const avg = durationMs(latency[1] ?? "");
    const max = durationMs(latency[3] ?? "");
    if (avg === undefined || max === undefined) return fail("wrk's latency line has no durations I can read.");
    const percentiles: Record<number, number> = {};
    for (const line of all) {
      const p = /^\s*(50|75|90|99)(?:\.000)?%\s+(\S+)\s*$/.exec(line);
      const value = p?.[2] ? durationMs(p[2]) : undefined;
      if (p?.[1] && value !== undefined) percentiles[Number(p[1])] = value;
    }
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
    return {
      ok: true,
      data: {
        threads: Number(setup[1]),
        connections: Number(setup[2]),
        requests: Number(totals[1]),
        requestsPerSecond: plainNumber(rate[1]) ?? 0,
        latencyAvgMs: avg,
        latencyMaxMs: max,
        percentiles,
        socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
      },
    };
  },
  summary: (w) =>
    `${w.requests} requests at ${w.requestsPerSecond} requests/s over ${w.connections} connections; ${w.percentiles[50] !== undefined ? `p50 ${w.percentiles[50]} ms, p99 ${w.percentiles[99]} ms` : `average ${w.latencyAvgMs} ms`}`,
  checks: {
    "tail-far-above-median": tailCheck<WrkSummary>(),
    "no-distribution": {
      values: [],
      params: {},
      find: (w) => (w.percentiles[99] === undefined ? {} : undefined),
    },
    errors: {
      values: ["socketErrors", "non2xx", "requests"],
      params: {},
      find: (w) => (w.socketErrors + w.non2xx > 0 ? { socketErrors: w.socketErrors, non2xx: w.non2xx, requests: w.requests } : undefined),
    },
  },
};
