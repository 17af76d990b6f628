/** One answer a member gave to a question of a skill: the evidence mastery is estimated from. */
export interface Answer {
  correct: boolean;
  at: Date;
  /**
   * The probability that the member still recalls what they answered at `at`, now: FSRS's
   * forgetting curve of the question's card (see recallSince in cards.ts). 1 right after answering.
   */
  recalledNow: number;
  /**
   * Partial credit 0..1 for an answer that was not right but not all wrong (an ordering with some
   * steps in place); absent means 1 when right, 0 when wrong.
   */
  credit?: number;
}

/**
 * The estimate starts as if the member had answered one question right and one wrong
 * (Laplace's rule of succession): one answer moves it, but never to 0% or 100%.
 */
const PRIOR_RIGHT = 1;
const PRIOR_WRONG = 1;
/** Each later answer in the skill multiplies an answer's weight by this: the last twenty or so answers say the most. */
const RECENCY = 0.95;

/**
 * A skill's mastery (0..1), or undefined with no answers: the probability that the member would
 * answer one of the skill's questions right today.
 *
 * It is a smoothed success rate, (1 + Σ wᵢ·rᵢ) / (2 + Σ wᵢ), where:
 * - wᵢ = 0.95^(answers in the skill given after answer i): newer answers weigh more, so someone who
 *   learns sees old mistakes fade; weights depend on order, not on the clock, so time alone
 *   never makes old mistakes count less;
 * - rᵢ = 0 for a wrong answer, and for a right one the FSRS retrievability of its card from
 *   then until now: a right answer counts fully today and less as the member forgets. An
 *   ordering with k of n steps in place counts k/n (its card was graded Again, so there is no
 *   retrievability to discount it by); a wrong answer with no partial credit counts 0.
 *
 * Why this shape: FSRS retrievability alone reads 100% right after any answer, right or
 * wrong, because it measures forgetting since the last review, not whether the review went well.
 * The success rate measures how reviews go; retrievability discounts right answers by
 * forgetting. A new wrong answer always lowers the estimate and a new right one always raises
 * it, from the first answer on: the new answer has weight 1 and rᵢ of 0 or 1, the older
 * weights shrink by 0.95 (Σ wᵢ < 1/(1-0.95) = 20 keeps the prior's pull towards ½ below the
 * new answer's), and FSRS lowers a card's stability after Again and raises it after Good, so
 * the same card's older answers move the same way. With no new answers the estimate only
 * falls, as retrievability does.
 */
export function mastery(answers: readonly Answer[]): number | undefined {
  if (answers.length === 0) return undefined;
  const ordered = [...answers].sort((a, b) => a.at.getTime() - b.at.getTime());
  let right = 0;
  let weight = 0;
  ordered.forEach((answer, i) => {
    const w = RECENCY ** (ordered.length - 1 - i);
    weight += w;
    if (answer.correct) right += w * answer.recalledNow;
    else if (answer.credit) right += w * answer.credit;
  });
  return (PRIOR_RIGHT + right) / (PRIOR_RIGHT + PRIOR_WRONG + weight);
}

/** A mastery as people read it: a whole percent, at most 99%, since no number of answers makes recall certain. */
export function percent(mastery: number): string {
  return `${Math.min(99, Math.round(mastery * 100))}%`;
}
