import { type Block, type Message, ui } from "../core/message.js";
import { quoted } from "../core/text.js";
import type { QuestionRow } from "./bank.js";

export const QUIZ_ANSWER_ACTION = "quiz.answer";
export const ROUND_ANSWER_ACTION = "round.answer";
export const REVIEW_START_ACTION = "review.start";

/** One question of a personal quiz, options in this person's order. */
export function questionBlocks(question: QuestionRow, order: number[], heading: string, valueFor: (option: number) => string, actionId: string): Block[] {
  return [
    ui.header(heading),
    ui.section(question.prompt),
    ui.context(`Skill: ${question.skill} · difficulty ${question.difficulty} of 3`),
    ui.actions(...order.map((option) => ui.button(actionId, question.options[option] as string, valueFor(option)))),
  ];
}

export function feedbackBlocks(question: QuestionRow, chosen: number): Block[] {
  const right = chosen === question.correctIndex;
  const answer = question.options[question.correctIndex] as string;
  const verdict = right ? `**Right:** ${answer}` : `**Not quite.** You chose ${quoted(question.options[chosen] as string)}; the answer is **${answer}**.`;
  return [ui.section(`${verdict}\n\n${question.explanation}`)];
}

export function withText(blocks: Block[], text: string): Message {
  return { text, blocks };
}
