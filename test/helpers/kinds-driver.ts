import type { QuestionRow } from "../../src/quizzes/bank.js";

/** The lettered steps of an ordering question as printed ("A. Client sends SYN"), letter by item text. */
export function letters(shown: string): Map<string, string> {
  return new Map([...shown.matchAll(/^([A-E])\. (.+)$/gm)].map((m) => [m[2]?.trim() as string, m[1] as string]));
}

/** The letters of an ordering question's steps in the right order, or with the first two swapped. */
export function orderAnswer(question: QuestionRow, shown: string, correct: boolean): string[] {
  if (question.spec.kind !== "order") throw new Error("not an ordering question");
  const byItem = letters(shown);
  const right = question.spec.items.map((item) => byItem.get(item) as string);
  return correct ? right : [right[1] as string, right[0] as string, ...right.slice(2)];
}

/** The right (or a wrong) numeric answer as someone would type it. */
export function numericAnswer(question: QuestionRow, correct: boolean): string {
  if (question.spec.kind !== "numeric") throw new Error("not a numeric question");
  return String(correct ? question.spec.answer : question.spec.answer + question.spec.tolerance * 3);
}

/** The label of the right (or a wrong) button of a single-choice or spot-the-bug question. */
export function buttonAnswer(question: QuestionRow, correct: boolean): string {
  return question.options[correct ? question.correctIndex : (question.correctIndex + 1) % question.options.length] as string;
}
