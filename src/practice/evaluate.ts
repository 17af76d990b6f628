import { counted, userText } from "../core/text.js";
import type { PracticeLab } from "./lab-files.js";
import { terminalText } from "./parsers/clean.js";
import { PARSERS, recogniseTool } from "./parsers/index.js";
import type { FindingValues } from "./parsers/types.js";

/** The most a paste may hold: Discord's modal field limit; Slack's modal stops at 3,000 on its own. */
export const MAX_PASTE_CHARS = 4_000;

export interface Finding {
  check: string;
  values: FindingValues;
}

export interface LabResult {
  passed: boolean;
  /** Why the paste could not be read, in one sentence for the learner. */
  reason?: string;
  /** The main figures (numbers and fixed words only: safe to post to a channel). */
  summary?: string;
  findings: Finding[];
}

/** A sentence for a paste that is too long, or undefined when it fits. */
export function pasteTooLong(text: string): string | undefined {
  if (text.length <= MAX_PASTE_CHARS) return undefined;
  return `That paste is ${text.length.toLocaleString("en-US")} characters and a lab takes at most ${MAX_PASTE_CHARS.toLocaleString("en-US")}: paste the part the lab asks for (for a long plan, its top 40 lines hold what matters). Nothing was saved.`;
}

/**
 * Reads a paste with the lab's parser and runs the lab's checks. The paste is data: parsed by
 * regular expressions over its lines, never run, and never put in a reply except through userText.
 * Passing means the paste is a readable output of the tool the lab asks for: findings are advice.
 */
export function evaluatePaste(lab: PracticeLab, pasted: string): LabResult {
  const parser = PARSERS[lab.parser];
  if (!parser) return { passed: false, reason: "This lab's parser is missing; an admin should run `npm run curriculum:check`.", findings: [] };
  const text = terminalText(pasted);
  if (text.trim().length === 0) return { passed: false, reason: "The paste is empty.", findings: [] };
  const parsed = parser.parse(text);
  if (!parsed.ok) {
    const other = recogniseTool(text);
    const reason =
      other && other.name !== parser.name
        ? `That looks like ${other.describes}; this lab reads ${parser.describes}.`
        : `I could not read that as ${parser.describes}. ${parsed.reason}`;
    return { passed: false, reason, findings: [] };
  }
  const findings: Finding[] = [];
  for (const check of lab.checks) {
    const definition = parser.checks[check.check];
    const values = definition?.find(parsed.data, { ...definition.params, ...check.params });
    if (values) findings.push({ check: check.check, values });
  }
  return { passed: true, summary: parser.summary(parsed.data), findings };
}

/** A check's feedback with its values in: numbers written out, text from the paste shown exactly as pasted. */
export function feedbackSentence(lab: PracticeLab, finding: Finding): string {
  const check = lab.checks.find((c) => c.check === finding.check);
  if (!check) return "";
  const filled = check.feedback.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_m, name: string) => {
    const value = finding.values[name];
    if (typeof value === "number") return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
    if (typeof value === "string") return userText(value.length > 80 ? `${value.slice(0, 79)}…` : value);
    return "";
  });
  return `${filled.trim()} See lesson \`${check.see}\` (\`/mentor lesson ${check.see}\`).`;
}

/** "no findings", "1 thing to look at", "3 things to look at". */
export function findingsCount(result: LabResult): string {
  return result.findings.length === 0 ? "nothing to fix" : `${counted(result.findings.length, "thing")} to look at`;
}
