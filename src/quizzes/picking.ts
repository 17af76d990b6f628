import { type QuestionRow, seededOrder } from "./bank.js";
import type { CardRow } from "./cards.js";

/**
 * Up to `count` questions from `pool`, in a seeded order: at most one member of a family (its
 * rewordings test the same idea), and a case chain whole and in its order, where it fits.
 */
export function pickQuestions(pool: QuestionRow[], seed: string, count: number): string[] {
  const picked: string[] = [];
  const families = new Set<string>();
  const chains = new Set<string>();
  for (const question of seededOrder(pool, seed)) {
    if (picked.length >= count) break;
    if (question.family) {
      if (families.has(question.family.id)) continue;
      families.add(question.family.id);
      picked.push(question.id);
    } else if (question.chain) {
      if (chains.has(question.chain.id)) continue;
      const chain = question.chain;
      const steps = pool.filter((q) => q.chain?.id === chain.id).sort((a, b) => (a.chain?.step ?? 0) - (b.chain?.step ?? 0));
      // A chain is told from its start: only whole, and only when all its steps fit.
      if (steps.length !== chain.of || picked.length + steps.length > count) continue;
      chains.add(chain.id);
      picked.push(...steps.map((q) => q.id));
    } else picked.push(question.id);
  }
  return picked;
}

/**
 * What a due card asks: its question, or for a family the member after the one asked last, so
 * a review tests the idea and not the memory of one wording.
 */
export function reviewQuestionId(card: Pick<CardRow, "questionId" | "lastAsked">, anchor: QuestionRow | undefined): string {
  const members = anchor?.family?.members;
  if (!members || members.length === 0) return card.questionId;
  const last = members.indexOf(card.lastAsked ?? card.questionId);
  return members[(last + 1) % members.length] as string;
}
