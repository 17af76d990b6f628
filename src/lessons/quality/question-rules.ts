import type { Question } from "../curriculum-schema.js";
import { absoluteWordsIn, optionLength } from "./text.js";

/** One rule broken by one item: where, which rule, and the numbers that broke it. */
export interface Finding {
  file: string;
  /** "question <id>" or "lesson <id>". */
  item: string;
  rule: QualityRule;
  message: string;
}

export type QualityRule = "longest-key" | "absolute-words" | "self-proving-key" | "citation-off-topic" | "repeated-template";

export type QuestionInFile = Question & { file: string };

/**
 * A key is noticeably longer when it beats the longest distractor by at least 10% AND at least 5
 * characters: both, so that neither "30 vs 27" on short numeric options nor "70 vs 66" counts.
 */
export const LONGEST_KEY = { ratio: 1.1, characters: 5 } as const;

/**
 * Absolute words mark the wrong options only when the key has none and at least this many
 * distractors do: a learner who strikes out absolute options is then left with two or fewer.
 */
export const ABSOLUTE_DISTRACTORS = 2;

/**
 * A reason in the key ("because", "since", "so", "due to", "therefore", "given that") is a tell
 * when fewer than this many distractors give one too; a question whose options all state a claim
 * with a reason tests which reason is right, and is fine.
 */
export const REASONED_DISTRACTORS = 2;
const REASON = /\b(because|since(?! \d)|due to|therefore|given that|so that|which is why|as shown by)\b|, so\b/i;
/** "64% × 5 / 4 = 80%": numbers, an operator, more numbers, then "=" and a number. */
const ARITHMETIC = /\d[\d.,]*\s*%?\s*[-+×x*/÷−]\s*\(?\d[\d.,\s%×x*/÷+−()-]*=\s*[-−]?\d/;

function split(question: QuestionInFile) {
  const key = question.options.find((o) => o.correct === true);
  const distractors = question.options.filter((o) => o.correct !== true);
  return key && distractors.length > 0 ? { key: key.text, distractors: distractors.map((d) => d.text) } : undefined;
}

function finding(question: QuestionInFile, rule: QualityRule, message: string): Finding {
  return { file: question.file, item: `question ${question.id}`, rule, message };
}

export function longestKey(question: QuestionInFile): Finding[] {
  const parts = split(question);
  if (!parts) return [];
  const key = optionLength(parts.key);
  const longest = Math.max(...parts.distractors.map(optionLength));
  if (key < longest * LONGEST_KEY.ratio || key < longest + LONGEST_KEY.characters) return [];
  const percent = Math.round((key / longest - 1) * 100);
  return [
    finding(
      question,
      "longest-key",
      `the correct option has ${key} characters, the longest distractor ${longest}: +${key - longest} characters, +${percent}% (flagged from +${LONGEST_KEY.characters} characters and +${Math.round((LONGEST_KEY.ratio - 1) * 100)}% together)`,
    ),
  ];
}

export function absoluteOnlyInDistractors(question: QuestionInFile): Finding[] {
  const parts = split(question);
  if (!parts || absoluteWordsIn(parts.key).length > 0) return [];
  const marked = parts.distractors.map((text) => absoluteWordsIn(text)).filter((words) => words.length > 0);
  if (marked.length < ABSOLUTE_DISTRACTORS) return [];
  const words = [...new Set(marked.flat())].map((w) => `"${w}"`).join(", ");
  return [
    finding(
      question,
      "absolute-words",
      `${marked.length} of ${parts.distractors.length} distractors use an absolute word (${words}) and the correct option none; reword the distractors or put a justified absolute in the key`,
    ),
  ];
}

export function selfProvingKey(question: QuestionInFile): Finding[] {
  const parts = split(question);
  if (!parts) return [];
  if (ARITHMETIC.test(parts.key)) {
    return [finding(question, "self-proving-key", `the correct option carries its own arithmetic ("${parts.key}"); move the working to the explanation`)];
  }
  const reason = REASON.exec(parts.key);
  if (!reason) return [];
  const reasoned = parts.distractors.filter((text) => REASON.test(text)).length;
  if (reasoned >= REASONED_DISTRACTORS) return [];
  return [
    finding(
      question,
      "self-proving-key",
      `the correct option argues for itself ("${reason[0].replace(/^, /, "")}") and ${reasoned} of ${parts.distractors.length} distractors give a reason; move the reason to the explanation or give at least ${REASONED_DISTRACTORS} distractors their (wrong) reasons`,
    ),
  ];
}
