import { FormValidationError } from "../core/errors.js";
import type { QuestionRow } from "./bank.js";
import { seededOrder } from "./bank.js";

/** How one answer went: right or not, its partial credit, and what the person gave. */
export interface Graded {
  correct: boolean;
  /** 0..1: 1 or 0 except for an ordering with some steps in place (README, "Partial credit"). */
  credit: number;
  /** The option pressed (single choice, spot-the-bug); 0 for typed answers. */
  option: number;
  /** What was typed, or the order given as "B,A,C"; null for a button. */
  response: string | null;
}

export const NUMBER_FIELD = "answer";
export const stepField = (position: number) => `step${position + 1}`;

/** A button answer: the option is already checked to exist. */
export function gradeOption(question: QuestionRow, option: number): Graded {
  const correct = option === question.correctIndex;
  return { correct, credit: correct ? 1 : 0, option, response: null };
}

/**
 * A typed answer from the question's form. Input that is not an answer (not a number, a step
 * used twice) throws FormValidationError: the form stays open and nothing is recorded.
 */
export function gradeTyped(question: QuestionRow, values: Record<string, string>, seed: string): Graded {
  const spec = question.spec;
  if (spec.kind === "numeric") {
    const raw = (values[NUMBER_FIELD] ?? "").trim();
    const value = parseNumber(raw, spec.unit);
    if (value === undefined) throw new FormValidationError({ [NUMBER_FIELD]: `Type a number, like 240 or 0.75${spec.unit ? ` (in ${spec.unit})` : ""}.` });
    // A hair of slack for decimals typed from a rounded calculation (0.1 + 0.2 style float error).
    const correct = Math.abs(value - spec.answer) <= spec.tolerance + 1e-9;
    return { correct, credit: correct ? 1 : 0, option: 0, response: raw.slice(0, 40) };
  }
  if (spec.kind === "order") {
    const letters = orderLetters(spec.items.length, `${seed}:${question.id}`);
    const byLetter = new Map(letters.map((l) => [l.letter, l.item]));
    const chosen = spec.items.map((_, position) => (values[stepField(position)] ?? "").trim().toUpperCase());
    const errors: Record<string, string> = {};
    chosen.forEach((letter, position) => {
      if (!byLetter.has(letter)) errors[stepField(position)] = `Step ${position + 1}: choose one of ${letters.map((l) => l.letter).join(", ")}.`;
      else if (chosen.indexOf(letter) !== position)
        errors[stepField(position)] = `Step ${position + 1}: ${letter} is already step ${chosen.indexOf(letter) + 1}; use each once.`;
    });
    if (Object.keys(errors).length > 0) throw new FormValidationError(errors);
    const inPlace = chosen.filter((letter, position) => byLetter.get(letter) === position).length;
    const correct = inPlace === spec.items.length;
    return { correct, credit: inPlace / spec.items.length, option: 0, response: chosen.join(",") };
  }
  throw new FormValidationError({ [NUMBER_FIELD]: "This question is answered with its buttons." });
}

/** An ordering's steps as one person sees them: shuffled, lettered A, B, C... */
export function orderLetters(count: number, seed: string): { letter: string; item: number }[] {
  const shuffled = seededOrder(
    Array.from({ length: count }, (_, i) => i),
    seed,
  );
  // A shuffle that left every step in place would give the answer away: rotate it by one.
  const order = shuffled.every((item, i) => item === i) ? [...shuffled.slice(1), shuffled[0] as number] : shuffled;
  return order.map((item, i) => ({ letter: String.fromCharCode(65 + i), item }));
}

/**
 * A number as people type it: "240", "-0.75", "1,200", "1 200", "1.2e3", "$2,000", optionally
 * followed by the question's unit, its first words ("500 billion" for "billion rows"), or a %
 * sign. Anything else is undefined.
 */
export function parseNumber(raw: string, unit?: string): number | undefined {
  let text = raw.trim().toLowerCase();
  const typedUnit = unitPrefixes(unit).find((prefix) => text.endsWith(prefix));
  if (typedUnit) text = text.slice(0, -typedUnit.length).trim();
  if (text.endsWith("%")) text = text.slice(0, -1).trim();
  if (text.startsWith("$")) text = text.slice(1).trim();
  if (/^[-+−]?\d{1,3}([, ]\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/[, ]/g, "");
  text = text.replace("−", "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The unit and its leading words, longest first: "billion rows", then "billion". */
function unitPrefixes(unit: string | undefined): string[] {
  const words = unit?.trim().toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  return words.map((_, i) => words.slice(0, words.length - i).join(" "));
}
