import { abParser } from "./ab.js";
import { curlTimingsParser } from "./curl-timings.js";
import { explainParser } from "./explain.js";
import { pgActivityParser } from "./pg-activity.js";
import { pgStatStatementsParser } from "./pg-stat-statements.js";
import { redisLatencyParser } from "./redis-latency.js";
import { ssSummaryParser } from "./ss-summary.js";
import type { OutputParser } from "./types.js";
import { vmstatParser } from "./vmstat.js";
import { wrkParser } from "./wrk.js";

/** Every parser a practice lab can name, by name. */
// biome-ignore lint/suspicious/noExplicitAny: each parser has its own data type; callers go through runParser
export const PARSERS: Readonly<Record<string, OutputParser<any>>> = Object.fromEntries(
  [explainParser, curlTimingsParser, vmstatParser, wrkParser, abParser, redisLatencyParser, pgStatStatementsParser, pgActivityParser, ssSummaryParser].map(
    (p) => [p.name, p],
  ),
);

/** Which known tool printed this text, if any: to tell a learner they pasted another tool's output. */
export function recogniseTool(text: string): OutputParser<unknown> | undefined {
  return Object.values(PARSERS).find((parser) => parser.recognises(text));
}
