/** A benchmark suite: runs, prints a readable table, and returns its figures for the final JSON line. */
export interface BenchSuite {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

export interface BenchResult {
  /** Rows printed as a table: [label, value]. */
  rows: [string, string][];
  /** Every figure, flat, numbers only: lands in the final JSON line. */
  figures: Record<string, number>;
}

export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length), 10);
  process.stdout.write(`\n${title}\n${"-".repeat(width + 20)}\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}
