import { and, asc, eq, lte, sql } from "drizzle-orm";
import { type Card, createEmptyCard, fsrs, Rating, type State } from "ts-fsrs";
import { cards, quizSettings } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { QuestionRow } from "./bank.js";

/**
 * FSRS-6 with default parameters (ts-fsrs). Reviews are daily, so in-session learning steps
 * are off: a miss comes back the next day rather than in ten minutes.
 */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

export type CardRow = typeof cards.$inferSelect;

function toCard(row: CardRow): Card {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: 0,
    scheduled_days: row.scheduledDays,
    learning_steps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state as State,
    last_review: row.lastReview ?? undefined,
  };
}

/** Spaced repetition: every answered question is the member's card; Good when right, Again when wrong. */
export class CardStore {
  constructor(private readonly db: Db) {}

  async record(workspaceId: number, memberId: number, question: QuestionRow, correct: boolean, now: Date): Promise<CardRow> {
    const existing = await this.db.query.cards.findFirst({ where: and(eq(cards.memberId, memberId), eq(cards.questionId, question.id)) });
    const before = existing ? toCard(existing) : createEmptyCard(now);
    const { card } = scheduler.next(before, now, correct ? Rating.Good : Rating.Again);
    const values = {
      workspaceId,
      memberId,
      questionId: question.id,
      skill: question.skill,
      due: card.due,
      stability: card.stability,
      difficulty: card.difficulty,
      scheduledDays: card.scheduled_days,
      learningSteps: card.learning_steps,
      reps: card.reps,
      lapses: card.lapses,
      state: card.state,
      lastReview: card.last_review ?? now,
    };
    const [row] = await this.db
      .insert(cards)
      .values(values)
      .onConflictDoUpdate({ target: [cards.memberId, cards.questionId], set: values })
      .returning();
    await this.refreshNextDue(workspaceId, memberId);
    return row as CardRow;
  }

  /** Keeps quiz_settings.next_due = the member's earliest card, so the daily fan-out reads one row per member. */
  async refreshNextDue(workspaceId: number, memberId: number): Promise<void> {
    const nextDue = sql`(select min(${cards.due}) from ${cards} where ${cards.memberId} = ${memberId})`;
    await this.db.insert(quizSettings).values({ memberId, workspaceId, nextDue }).onConflictDoUpdate({ target: quizSettings.memberId, set: { nextDue } });
  }

  /** The member's due cards, most overdue first (walks cards_member_due_idx). */
  async due(memberId: number, now: Date, limit: number): Promise<CardRow[]> {
    return this.db
      .select()
      .from(cards)
      .where(and(eq(cards.memberId, memberId), lte(cards.due, now)))
      .orderBy(asc(cards.due))
      .limit(limit);
  }

  async forMember(memberId: number): Promise<CardRow[]> {
    return this.db.select().from(cards).where(eq(cards.memberId, memberId));
  }

  /** Probability of recall now, from FSRS's forgetting curve. */
  retrievability(row: CardRow, now: Date): number {
    return scheduler.get_retrievability(toCard(row), now, false);
  }
}
