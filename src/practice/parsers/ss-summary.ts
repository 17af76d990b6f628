import { fail, type OutputParser } from "./types.js";

export interface SocketSummary {
  total: number;
  tcp: number;
  established: number;
  closed: number;
  orphaned: number;
  timeWait: number;
}

export const ssSummaryParser: OutputParser<SocketSummary> = {
  name: "ss-summary",
  describes: "the output of `ss -s`",
  recognises: (text) => /^TCP:\s+\d+ \(estab \d+/m.test(text),
  parse(text) {
    const total = /^Total:\s+(\d+)/m.exec(text);
    const tcp = /^TCP:\s+(\d+) \(estab (\d+), closed (\d+), orphaned (\d+), (?:synrecv \d+, )?timewait (\d+)(?:\/\d+)?\)/m.exec(text);
    if (!total || !tcp) return fail("I found no `Total:` and `TCP: N (estab …, timewait …)` lines in it; paste all that `ss -s` prints.");
    const [tcpCount, established, closed, orphaned, timeWait] = tcp.slice(1).map(Number) as [number, number, number, number, number];
    return { ok: true, data: { total: Number(total[1]), tcp: tcpCount, established, closed, orphaned, timeWait } };
  },
  summary: (s) => `${s.tcp} TCP sockets: ${s.established} established, ${s.timeWait} in TIME-WAIT, ${s.orphaned} orphaned`,
  checks: {
    "time-wait-pile-up": {
      values: ["timeWait", "established"],
      params: { min: 1_000, perEstablished: 10 },
      find: (s, params) =>
        s.timeWait >= (params.min ?? 1_000) && s.timeWait >= (params.perEstablished ?? 10) * Math.max(s.established, 1)
          ? { timeWait: s.timeWait, established: s.established }
          : undefined,
    },
    orphans: {
      values: ["orphaned"],
      params: { min: 100 },
      find: (s, params) => (s.orphaned >= (params.min ?? 100) ? { orphaned: s.orphaned } : undefined),
    },
  },
};
