import { readFileSync } from "node:fs";
import { counted } from "../core/text.js";
import { InstanceError, parseInstance } from "./instance.js";
import { solveAssignment } from "./solver.js";

const USAGE = "Usage: npm run match -- INSTANCE.json [--seed N] [--json]";

/**
 * `npm run match -- INSTANCE.json [--seed N] [--json]`: solves a matching instance (format in
 * INSTANCE.md) and prints the assignment, its total fit, the unmatched mentees and the time the
 * solver took. `--json` prints one JSON object instead, for scripts and outside checks.
 */
function main(args: string[]): number {
  const options = readOptions(args);
  if (typeof options === "string") {
    process.stderr.write(`${options}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(options.file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    process.stderr.write(`${options.file}: cannot read the instance (${reason}).\n`);
    return 1;
  }
  try {
    const instance = parseInstance(text);
    const started = performance.now();
    const result = solveAssignment(instance, { seed: options.seed });
    const solveMs = performance.now() - started;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...result, seed: options.seed, solveMs: Number(solveMs.toFixed(3)) })}\n`);
      return 0;
    }
    const menteeWidth = result.pairs.reduce((w, p) => Math.max(w, p.mentee.length), "mentee".length);
    const mentorWidth = result.pairs.reduce((w, p) => Math.max(w, p.mentor.length), "mentor".length);
    const lines = [`Assignment (${counted(result.pairs.length, "pair")}):`];
    lines.push(`  ${"mentee".padEnd(menteeWidth)}  ${"mentor".padEnd(mentorWidth)}  fit`);
    for (const pair of result.pairs) lines.push(`  ${pair.mentee.padEnd(menteeWidth)}  ${pair.mentor.padEnd(mentorWidth)}  ${pair.fit.toFixed(4)}`);
    const mean = result.pairs.length > 0 ? ` (mean ${(result.totalFit / result.pairs.length).toFixed(4)})` : "";
    lines.push(`Total fit: ${result.totalFit.toFixed(4)}${mean}`);
    lines.push(`Unmatched mentees (${result.unmatched.length}): ${result.unmatched.length > 0 ? result.unmatched.join(", ") : "none"}`);
    lines.push(`Solved in ${solveMs.toFixed(1)} ms (seed ${options.seed}).`);
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof InstanceError)) throw error;
    process.stderr.write(`${options.file} is not a valid instance:\n${error.message.replace(/^/gm, "  ")}\n`);
    return 1;
  }
}

function readOptions(args: string[]): { file: string; seed: number; json: boolean } | string {
  let file: string | undefined;
  let seed = 0;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--json") json = true;
    else if (arg === "--seed") {
      const value = args[++i];
      if (value === undefined || !/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return "--seed needs a whole number.";
      seed = Number(value);
    } else if (arg.startsWith("--")) return `Unknown option ${arg}.`;
    else if (file === undefined) file = arg;
    else return "Give one instance file.";
  }
  return file === undefined ? "Give the instance file to solve." : { file, seed, json };
}

process.exitCode = main(process.argv.slice(2));
