import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
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

/**
 * FSRS's forgetting curve: the probability that what a card with `stability` (days) held at
 * `since` is still recalled at `now`. 1 at `since`, falling with time.
 */
export function recallSince(stability: number, since: Date, now: Date): number {
  const days = Math.max(0, now.getTime() - since.getTime()) / 86_400_000;
  return scheduler.forgetting_curve(days, stability);
}

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

/** The card a question's answers go to: a family's anchor for a family member, else its own. */
export function cardIdOf(question: Pick<QuestionRow, "id" | "family">): string {
  return question.family?.anchor ?? question.id;
}

/** The row that stores a member's card for a question, as FSRS left it after a review at `lastReview`. */
function cardRow(workspaceId: number, memberId: number, question: QuestionRow, card: Card, lastReview: Date) {
  return {
    workspaceId,
    memberId,
    questionId: cardIdOf(question),
    skill: question.skill,
    lastAsked: question.id,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview,
  };
}

/**
 * Spaced repetition: every answered question is the member's card (a family shares one card);
 * Good when right, Again when wrong. An ordering with some steps in place is wrong here: FSRS
 * grades recall, and a half-remembered sequence should come back soon.
 */
export class CardStore {
  constructor(private readonly db: Db) {}

  async record(workspaceId: number, memberId: number, question: QuestionRow, correct: boolean, now: Date): Promise<CardRow> {
    const existing = await this.db.query.cards.findFirst({ where: and(eq(cards.memberId, memberId), eq(cards.questionId, cardIdOf(question))) });
    const before = existing ? toCard(existing) : createEmptyCard(now);
    const { card } = scheduler.next(before, now, correct ? Rating.Good : Rating.Again);
    const values = cardRow(workspaceId, memberId, question, card, card.last_review ?? now);
    const [row] = await this.db
      .insert(cards)
      .values(values)
      .onConflictDoUpdate({ target: [cards.memberId, cards.questionId], set: values })
      .returning();
    await this.refreshNextDue(workspaceId, memberId);
    return row as CardRow;
  }

  /**
   * Many members' answers to one question, in three statements: read their cards, upsert the
   * reviewed ones, refresh their next_due. An answer older than its card's last review changes
   * nothing (already recorded, or a later review came first), also when two runs race.
   * Returns how many cards changed.
   */
  async recordMany(workspaceId: number, question: QuestionRow, answers: { memberId: number; correct: boolean; at: Date }[]): Promise<number> {
    if (answers.length === 0) return 0;
    const memberIds = answers.map((a) => a.memberId);
    const existing = await this.db
      .select()
      .from(cards)
      .where(and(eq(cards.questionId, cardIdOf(question)), inArray(cards.memberId, memberIds)));
    const byMember = new Map(existing.map((row) => [row.memberId, row]));
    const values = answers.flatMap(({ memberId, correct, at }) => {
      const row = byMember.get(memberId);
      if (row?.lastReview && row.lastReview >= at) return [];
      const { card } = scheduler.next(row ? toCard(row) : createEmptyCard(at), at, correct ? Rating.Good : Rating.Again);
      return [cardRow(workspaceId, memberId, question, card, at)];
    });
    if (values.length === 0) return 0;
    const changed = await this.db
      .insert(cards)
      .values(values)
      .onConflictDoUpdate({
        target: [cards.memberId, cards.questionId],
        set: {
          due: sql`excluded.due`,
          stability: sql`excluded.stability`,
          difficulty: sql`excluded.difficulty`,
          scheduledDays: sql`excluded.scheduled_days`,
          learningSteps: sql`excluded.learning_steps`,
          reps: sql`excluded.reps`,
          lapses: sql`excluded.lapses`,
          state: sql`excluded.state`,
          lastReview: sql`excluded.last_review`,
          lastAsked: sql`excluded.last_asked`,
        },
        setWhere: sql`${cards.lastReview} is null or ${cards.lastReview} < excluded.last_review`,
      })
      .returning({ memberId: cards.memberId });
    if (changed.length === 0) return 0;
    const changedIds = inArray(
      cards.memberId,
      changed.map((c) => c.memberId),
    );
    await this.db.execute(sql`insert into ${quizSettings} (member_id, workspace_id, next_due)
      select ${cards.memberId}, ${workspaceId}::int, min(${cards.due}) from ${cards} where ${changedIds} group by ${cards.memberId}
      on conflict (member_id) do update set next_due = excluded.next_due`);
    return changed.length;
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

  /** How many of the member's cards are due now, how many they have, and when the earliest is due. */
  async dueState(memberId: number, now: Date): Promise<{ due: number; cards: number; earliest: Date | undefined }> {
    const [row] = await this.db
      .select({
        due: sql<number>`(count(*) filter (where ${cards.due} <= ${now.toISOString()}::timestamptz))::int`,
        cards: sql<number>`count(*)::int`,
        earliest: sql<string | null>`min(${cards.due})`,
      })
      .from(cards)
      .where(eq(cards.memberId, memberId));
    return { due: row?.due ?? 0, cards: row?.cards ?? 0, earliest: row?.earliest ? new Date(row.earliest) : undefined };
  }

  async forMember(memberId: number): Promise<CardRow[]> {
    return this.db.select().from(cards).where(eq(cards.memberId, memberId));
  }
}
