import { lines, plainNumber } from "./clean.js";
import { fail, type OutputParser } from "./types.js";

/** The seconds curl's -w variables print, as the lab's format names them. */
export interface CurlTimings {
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
  total: number;
  status: string;
}

const NAMES: Record<string, keyof CurlTimings> = {
  dns: "dns",
  time_namelookup: "dns",
  connect: "connect",
  time_connect: "connect",
  tls: "tls",
  time_appconnect: "tls",
  ttfb: "ttfb",
  time_starttransfer: "ttfb",
  total: "total",
  time_total: "total",
  status: "status",
  http_code: "status",
  response_code: "status",
};

export const curlTimingsParser: OutputParser<CurlTimings> = {
  name: "curl-timings",
  describes: "the output of the lab's curl -w command (dns, connect, tls, ttfb, total, status)",
  recognises: (text) => /^\s*(ttfb|time_starttransfer)\s*[:=]/m.test(text),
  parse(text) {
    const found: Partial<Record<keyof CurlTimings, string>> = {};
    for (const line of lines(text)) {
      const match = /^\s*([a-z_]+)\s*[:=]\s*(\S+)\s*$/.exec(line);
      const key = match?.[1] ? NAMES[match[1]] : undefined;
      if (key && match?.[2]) found[key] = match[2];
    }
    const missing = (["dns", "connect", "tls", "ttfb", "total", "status"] as const).filter((k) => found[k] === undefined);
    if (missing.length === 6) return fail("I found none of curl's timings in it (lines like `ttfb: 0.018032`).");
    if (missing.length > 0) return fail(`It lacks ${missing.join(", ")}: run the lab's curl command with its whole -w format.`);
    const seconds = (key: "dns" | "connect" | "tls" | "ttfb" | "total") => plainNumber(found[key]);
    const values = { dns: seconds("dns"), connect: seconds("connect"), tls: seconds("tls"), ttfb: seconds("ttfb"), total: seconds("total") };
    const bad = Object.entries(values).find(([, v]) => v === undefined || v < 0);
    if (bad) return fail(`The ${bad[0]} time is not a number of seconds.`);
    const status = found.status ?? "";
    if (!/^\d{3}$/.test(status)) return fail("The status is not a three-digit HTTP code.");
    if (status === "000")
      return fail(
        "curl got no HTTP answer (status 000): the name did not resolve, the connection was refused, or it timed out. Run it again with -v to see which step failed.",
      );
    return { ok: true, data: { ...(values as Record<"dns" | "connect" | "tls" | "ttfb" | "total", number>), status } };
  },
  summary: (t) => `HTTP ${t.status}; total ${ms(t.total)} ms, first byte at ${ms(t.ttfb)} ms`,
  checks: {
    "server-time-dominates": {
      values: ["serverMs", "totalMs", "share"],
      params: { share: 0.8, minMs: 100 },
      find(t, params) {
        // Between the request being sent (after connect and TLS) and the first byte: the server's own work.
        const server = t.ttfb - Math.max(t.connect, t.tls);
        const share = t.total > 0 ? server / t.total : 0;
        return server * 1000 >= (params.minMs ?? 100) && share >= (params.share ?? 0.8)
          ? { serverMs: ms(server), totalMs: ms(t.total), share: Math.round(share * 100) }
          : undefined;
      },
    },
    "slow-dns": {
      values: ["dnsMs"],
      params: { minMs: 50 },
      find: (t, params) => (t.dns * 1000 >= (params.minMs ?? 50) ? { dnsMs: ms(t.dns) } : undefined),
    },
    "slow-connect": {
      values: ["connectMs"],
      params: { minMs: 100 },
      find: (t, params) => ((t.connect - t.dns) * 1000 >= (params.minMs ?? 100) ? { connectMs: ms(t.connect - t.dns) } : undefined),
    },
    "slow-tls": {
      values: ["tlsMs"],
      params: { minMs: 150 },
      find: (t, params) => (t.tls > 0 && (t.tls - t.connect) * 1000 >= (params.minMs ?? 150) ? { tlsMs: ms(t.tls - t.connect) } : undefined),
    },
  },
};

/** Seconds as milliseconds with one decimal (curl prints microseconds). */
function ms(seconds: number): number {
  return Math.round(seconds * 10_000) / 10;
}
