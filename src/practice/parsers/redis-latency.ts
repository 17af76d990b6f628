import { counted } from "../../core/text.js";
import { lines } from "./clean.js";
import { fail, type OutputParser } from "./types.js";

export interface LatencyWindow {
  minMs: number;
  maxMs: number;
  avgMs: number;
  samples: number;
}

export interface RedisLatency {
  /** --latency-history: one per finished interval; --latency: the last line only. */
  windows: LatencyWindow[];
  history: boolean;
}

// On a terminal: "min: 0, max: 6, avg: 0.28 (95 samples)", history adds " -- 1.00 seconds range".
const TERMINAL = /^min: (\d+), max: (\d+), avg: ([\d.]+) \((\d+) samples\)( -- [\d.]+ seconds range)?$/;
// Piped (not a terminal), redis-cli prints the same four numbers bare: "0 6 0.28 95".
const PIPED = /^(\d+) (\d+) ([\d.]+) (\d+)$/;

export const redisLatencyParser: OutputParser<RedisLatency> = {
  name: "redis-latency",
  describes: "the lines redis-cli --latency or --latency-history prints",
  recognises: (text) => /min: \d+, max: \d+, avg: [\d.]+ \(\d+ samples\)/.test(text),
  parse(text) {
    if (/Could not connect to Redis/.test(text))
      return fail("redis-cli could not connect to Redis, so nothing was measured: check the host and port (-h, -p) and run it again.");
    const finished: LatencyWindow[] = [];
    let last: LatencyWindow | undefined;
    let history = false;
    for (const line of lines(text)) {
      const match = TERMINAL.exec(line.trim()) ?? PIPED.exec(line.trim());
      if (!match) continue;
      last = { minMs: Number(match[1]), maxMs: Number(match[2]), avgMs: Number(match[3]), samples: Number(match[4]) };
      if (match[5]) {
        history = true;
        finished.push(last);
      }
    }
    if (!last) return fail("I found no redis-cli latency line in it (like `min: 0, max: 1, avg: 0.20 (98 samples)`).");
    return { ok: true, data: { windows: history ? finished : [last], history } };
  },
  summary: (r) => {
    const worst = Math.max(...r.windows.map((w) => w.maxMs));
    const samples = r.windows.reduce((sum, w) => sum + w.samples, 0);
    return `${counted(samples, "sample")}${r.history ? ` in ${counted(r.windows.length, "interval")}` : ""}; worst ${worst} ms, average ${Math.max(...r.windows.map((w) => w.avgMs))} ms at most`;
  },
  checks: {
    spikes: {
      values: ["maxMs", "avgMs", "intervals", "ofIntervals"],
      params: { maxAbove: 50 },
      find(r, params) {
        const spiking = r.windows.filter((w) => w.maxMs > (params.maxAbove ?? 50));
        if (spiking.length === 0) return undefined;
        const worst = spiking.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
        return { maxMs: worst.maxMs, avgMs: worst.avgMs, intervals: spiking.length, ofIntervals: r.windows.length };
      },
    },
    "slow-average": {
      values: ["avgMs"],
      params: { avgAbove: 1 },
      find(r, params) {
        const avg = Math.max(...r.windows.map((w) => w.avgMs));
        return avg > (params.avgAbove ?? 1) ? { avgMs: avg } : undefined;
      },
    },
    "too-few-samples": {
      values: ["samples"],
      params: { below: 100 },
      find(r, params) {
        const samples = r.windows.reduce((sum, w) => sum + w.samples, 0);
        return samples < (params.below ?? 100) ? { samples } : undefined;
      },
    },
  },
};
