import type { ExitStatus, Expectation } from "./lab-schema.js";

/** What a step printed (stdout and stderr together, in order) and how it ended. */
export interface StepOutcome {
  output: string;
  /** Exit code, or undefined when a signal ended the process. */
  code: number | undefined;
  signal: string | undefined;
}

/** Every way the outcome misses the step's expectations, as sentences; empty when it meets them. */
export function unmetExpectations(outcome: StepOutcome, exit: ExitStatus, expectations: Expectation[]): string[] {
  const unmet: string[] = [];
  const status = outcome.code === undefined ? `was killed by ${outcome.signal ?? "a signal"}` : `exited with ${outcome.code}`;
  // "nonzero" means "failed": a death by signal counts.
  if (exit === "nonzero" && outcome.code === 0) unmet.push("exited with 0, expected a non-zero status");
  if (typeof exit === "number" && outcome.code !== exit) unmet.push(`${status}, expected ${exit}`);
  for (const expectation of expectations) {
    const problem = unmet1(outcome.output, expectation);
    if (problem) unmet.push(problem);
  }
  return unmet;
}

function unmet1(output: string, expectation: Expectation): string | undefined {
  if ("match" in expectation) {
    return new RegExp(expectation.match, "m").test(output) ? undefined : `no match for /${expectation.match}/`;
  }
  if ("absent" in expectation) {
    const found = new RegExp(expectation.absent, "m").exec(output);
    return found ? `/${expectation.absent}/ should be absent but matched "${found[0]}"` : undefined;
  }
  const found = new RegExp(expectation.number, "m").exec(output);
  const [low, high] = expectation.between;
  if (!found) return `no match for /${expectation.number}/ (expected a number in [${low}, ${high}])`;
  const text = (found[1] ?? "").replace(/[,_]/g, "");
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) return `/${expectation.number}/ captured "${found[1] ?? ""}", not a number`;
  return value >= low && value <= high ? undefined : `/${expectation.number}/ gave ${value}, expected ${low} to ${high}`;
}
