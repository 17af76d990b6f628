import { and, eq } from "drizzle-orm";
import { cards, effects } from "../../drizzle/schema/index.js";
import { localDate } from "../calendar/dates.js";
import type { Db } from "../db/connection.js";

/**
 * Points for a right answer in a personal quiz or review (README, "Points"): the first right
 * answer to a question in a season scores 100; after that, a right answer scores 50 only when
 * FSRS had scheduled the question for review (its card was due), once per scheduled review.
 * Anything else is practice: welcome, and worth nothing, so repeating a quiz cannot farm points.
 */
export const POINTS = { firstThisSeason: 100, scheduledReview: 50 } as const;

export type Award = { points: number; why: "first_this_season" | "scheduled_review" | "practice" };

/** The season a moment falls in: the calendar month in the workspace's timezone ("2026-12"). */
export function seasonOf(now: Date, timezone: string): string {
  return localDate(now, timezone).slice(0, 7);
}

/**
 * Decides and claims the points of a right answer, inside the answer's transaction. Each award
 * is an effect key, so two answers racing for the same question and season (or the same
 * scheduled review) score once between them.
 */
export async function awardRightAnswer(
  tx: Db,
  /** `cardId`: the card FSRS schedules the question on (a family's anchor for a family member). */
  answer: { workspaceId: number; memberId: number; questionId: string; cardId: string; season: string; now: Date },
): Promise<Award> {
  const { workspaceId, memberId, questionId } = answer;
  const claim = async (key: string) =>
    (await tx.insert(effects).values({ workspaceId, key }).onConflictDoNothing().returning({ key: effects.key })).length === 1;
  if (await claim(`quiz.points:${memberId}:${questionId}:${answer.season}`)) return { points: POINTS.firstThisSeason, why: "first_this_season" };
  const card = await tx.query.cards.findFirst({ where: and(eq(cards.memberId, memberId), eq(cards.questionId, answer.cardId)) });
  if (card && card.due <= answer.now && (await claim(`quiz.review-points:${memberId}:${answer.cardId}:${card.due.toISOString()}`))) {
    return { points: POINTS.scheduledReview, why: "scheduled_review" };
  }
  return { points: 0, why: "practice" };
}
