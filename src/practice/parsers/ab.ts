import { lines, plainNumber } from "./clean.js";
import type { LatencyTail } from "./latency-tail.js";
import { tailCheck } from "./latency-tail.js";
import { fail, type OutputParser } from "./types.js";

export interface AbSummary extends LatencyTail {
  concurrency: number;
  complete: number;
  failed: number;
  lengthFailures: number;
  non2xx: number;
  requestsPerSecond: number;
  /** "Keep-Alive requests:", printed only with -k; undefined without it. */
  keepAliveRequests?: number;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s+(.+?)\\s*$`, "m").exec(text)?.[1];
}

export const abParser: OutputParser<AbSummary> = {
  name: "ab",
  describes: "the report ApacheBench (ab) prints at the end",
  recognises: (text) => /This is ApacheBench|Requests per second:\s+[\d.]+ \[#\/sec\]/.test(text),
  parse(text) {
    if (/apr_socket_recv|apr_socket_connect|Connection refused \(\d+\)/.test(text) && !/Complete requests/.test(text))
      return fail("ab stopped before it finished (it could not connect or lost the connection): check the server and run it again.");
    const complete = plainNumber(field(text, "Complete requests"));
    const failed = plainNumber(field(text, "Failed requests")?.split(/\s/)[0]);
    const rate = plainNumber(field(text, "Requests per second")?.split(/\s/)[0]);
    const concurrency = plainNumber(field(text, "Concurrency Level"));
    if (complete === undefined || failed === undefined || rate === undefined || concurrency === undefined)
      return fail("I could not find ab's totals in it; paste the report from `Server Software:` to the percentage table.");
    const percentiles: Record<number, number> = {};
    for (const line of lines(text)) {
      const p = /^\s*(50|66|75|80|90|95|98|99|100)%\s+(\d+)/.exec(line);
      if (p?.[1] && p[2]) percentiles[Number(p[1])] = Number(p[2]);
    }
    return {
      ok: true,
      data: {
        concurrency,
        complete,
        failed,
        lengthFailures: Number(/\(Connect: \d+, Receive: \d+, Length: (\d+), Exceptions: \d+\)/.exec(text)?.[1] ?? 0),
        non2xx: plainNumber(field(text, "Non-2xx responses")) ?? 0,
        requestsPerSecond: rate,
        keepAliveRequests: plainNumber(field(text, "Keep-Alive requests")),
        percentiles,
      },
    };
  },
  summary: (a) =>
    `${a.complete} requests at ${a.requestsPerSecond} requests/s, concurrency ${a.concurrency}; ${a.percentiles[50] !== undefined ? `p50 ${a.percentiles[50]} ms, p99 ${a.percentiles[99]} ms` : "no percentiles"}; ${a.failed} failed`,
  checks: {
    "tail-far-above-median": tailCheck<AbSummary>(),
    "length-failures": {
      values: ["failed"],
      params: {},
      find: (a) => (a.lengthFailures > 0 && a.lengthFailures === a.failed ? { failed: a.failed } : undefined),
    },
    "real-failures": {
      values: ["failed", "non2xx", "complete"],
      params: {},
      find: (a) => (a.failed - a.lengthFailures + a.non2xx > 0 ? { failed: a.failed - a.lengthFailures, non2xx: a.non2xx, complete: a.complete } : undefined),
    },
    "no-keep-alive": {
      values: [],
      params: {},
      find: (a) => (a.keepAliveRequests ? undefined : {}),
    },
  },
};
