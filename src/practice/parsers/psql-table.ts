import { lines } from "./clean.js";
import { fail, type Parsed } from "./types.js";

export interface PsqlTable {
  columns: string[];
  rows: Record<string, string>[];
}

const SEPARATOR = /^-+(\+-+)*$/;

/**
 * psql's default (aligned) output: a header, a line of dashes joined by "+", rows split by "|",
 * and "(N rows)". Values are trimmed. A value that holds "|" itself cannot be told apart from a
 * column break in this format, so a row with more cells than columns is refused, not guessed.
 */
export function parsePsqlTable(text: string): Parsed<PsqlTable> {
  const all = lines(text);
  const separatorAt = all.findIndex((line) => SEPARATOR.test(line.trim()));
  if (separatorAt < 1) return fail("I found no psql table in it (a header row, then a line of dashes).");
  const columns = (all[separatorAt - 1] ?? "").split("|").map((c) => c.trim().toLowerCase());
  const rows: Record<string, string>[] = [];
  for (const line of all.slice(separatorAt + 1)) {
    if (/^\(\d+ rows?\)$/.test(line.trim())) break;
    // psql marks a value that continues on the next line with "+" at the end of its column.
    const cells = line.split("|").map((c) => c.trim().replace(/\s\+$/, ""));
    if (cells.length !== columns.length)
      return fail(`A row has ${cells.length} columns where the header has ${columns.length}; paste psql's table as it printed it.`);
    rows.push(Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ""])));
  }
  return { ok: true, data: { columns, rows } };
}

/** The columns a lab's query selects, all present, or a sentence naming the missing ones. */
export function requireColumns(table: PsqlTable, wanted: readonly string[], query: string): string | undefined {
  const missing = wanted.filter((name) => !table.columns.includes(name));
  return missing.length === 0
    ? undefined
    : `The table has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}: run the lab's query (${query}) as it is written.`;
}
