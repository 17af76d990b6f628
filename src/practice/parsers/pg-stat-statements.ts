import { counted } from "../../core/text.js";
import { plainNumber } from "./clean.js";
import { parsePsqlTable, requireColumns } from "./psql-table.js";
import { fail, type OutputParser } from "./types.js";

export interface StatementRow {
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  query: string;
}

export interface StatementsTop {
  statements: StatementRow[];
}

const COLUMNS = ["calls", "total_ms", "mean_ms", "rows", "query"] as const;

export const pgStatStatementsParser: OutputParser<StatementsTop> = {
  name: "pg-stat-statements",
  describes: "the table the lab's pg_stat_statements query prints in psql",
  recognises: (text) => /calls\s*\|\s*total_ms/.test(text),
  parse(text) {
    const table = parsePsqlTable(text);
    if (!table.ok) return table;
    const missing = requireColumns(table.data, COLUMNS, "SELECT calls, … FROM pg_stat_statements");
    if (missing) return fail(missing);
    const statements: StatementRow[] = [];
    for (const row of table.data.rows) {
      const [calls, totalMs, meanMs, rows] = [row.calls, row.total_ms, row.mean_ms, row.rows].map(plainNumber);
      if (calls === undefined || totalMs === undefined || meanMs === undefined || rows === undefined)
        return fail("A row's calls, times or rows are not numbers.");
      statements.push({ calls, totalMs, meanMs, rows, query: row.query ?? "" });
    }
    if (statements.length === 0) return fail("The table has no statements yet: run your application (or its tests) for a while, then the query again.");
    return { ok: true, data: { statements } };
  },
  summary: (s) => `${counted(s.statements.length, "statement")}, ${Math.round(s.statements.reduce((sum, r) => sum + r.totalMs, 0))} ms in all`,
  checks: {
    "one-statement-dominates": {
      values: ["query", "share", "meanMs", "calls"],
      params: { share: 50 },
      find(s, params) {
        const total = s.statements.reduce((sum, r) => sum + r.totalMs, 0);
        const top = [...s.statements].sort((a, b) => b.totalMs - a.totalMs)[0];
        if (!top || total <= 0) return undefined;
        const share = Math.round((100 * top.totalMs) / total);
        return share >= (params.share ?? 50) ? { query: top.query, share, meanMs: top.meanMs, calls: top.calls } : undefined;
      },
    },
    "many-cheap-calls": {
      values: ["query", "calls", "meanMs"],
      params: { calls: 100, meanBelowMs: 1 },
      find(s, params) {
        const chatty = s.statements
          .filter((r) => r.calls >= (params.calls ?? 100) && r.meanMs < (params.meanBelowMs ?? 1))
          .sort((a, b) => b.calls - a.calls)[0];
        return chatty ? { query: chatty.query, calls: chatty.calls, meanMs: chatty.meanMs } : undefined;
      },
    },
    "many-rows-per-call": {
      values: ["query", "rowsPerCall"],
      params: { rowsPerCall: 1_000 },
      find(s, params) {
        const wide = s.statements.find((r) => r.calls > 0 && r.rows / r.calls >= (params.rowsPerCall ?? 1_000));
        return wide ? { query: wide.query, rowsPerCall: Math.round(wide.rows / wide.calls) } : undefined;
      },
    },
  },
};
