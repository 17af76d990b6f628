/** What one parser makes of a paste: the facts, or one sentence saying why it could not. */
export type Parsed<T> = { ok: true; data: T } | { ok: false; reason: string };

/** Values a finding puts into its feedback sentence: numbers are formatted, strings came from the paste. */
export type FindingValues = Record<string, number | string>;

/** A check a lab file can name: it looks at the parsed facts and reports values, or nothing. */
export interface CheckDefinition<T> {
  /** Placeholders the check fills, e.g. ["planned", "actual", "node"]: the feedback may use only these. */
  values: readonly string[];
  /** Thresholds a lab file may set, with their defaults. */
  params: Readonly<Record<string, number>>;
  find(data: T, params: Readonly<Record<string, number>>): FindingValues | undefined;
}

export interface OutputParser<T> {
  name: string;
  /** What to paste, for refusals: "the output of wrk --latency". */
  describes: string;
  /** A cheap look at whether the text is this tool's output at all (to name a wrong tool). */
  recognises(text: string): boolean;
  parse(text: string): Parsed<T>;
  /** One line of the main figures, safe to share (numbers and fixed words only). */
  summary(data: T): string;
  checks: Readonly<Record<string, CheckDefinition<T>>>;
}

export const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
