import { and, eq, gte, lte } from "drizzle-orm";
import { members, quizSettings, reviewAsks } from "../../drizzle/schema/index.js";
import { addDays, localDate } from "../calendar/dates.js";
import { type Message, ui } from "../core/message.js";
import { counted } from "../core/text.js";
import type { Db } from "../db/connection.js";
import { wallClockReached } from "../schedules/fire-times.js";
import type { SchedulerSpec } from "../schedules/spec.js";
import type { CardStore } from "./cards.js";
import { REVIEW_START_ACTION } from "./render.js";

export const REVIEW_TICK_MS = 5 * 60_000;

export function reviewTickSchedulerId(workspaceId: number): string {
  return `quiz.reviewTick:${workspaceId}`;
}

export function reviewTickScheduler(workspaceId: number): SchedulerSpec {
  return { id: reviewTickSchedulerId(workspaceId), schedule: { everyMs: REVIEW_TICK_MS }, name: "quiz.reviewTick", data: { workspaceId } };
}

/**
 * The daily review: at each member's local review time, members with due cards get one DM
 * (keyed per member and local date) with a button that starts a short review.
 */
export class Reviews {
  constructor(
    private readonly db: Db,
    private readonly cards: CardStore,
  ) {}

  async setReminders(workspaceId: number, memberId: number, on: boolean): Promise<void> {
    await this.db
      .insert(quizSettings)
      .values({ memberId, workspaceId, remindersOn: on })
      .onConflictDoUpdate({ target: quizSettings.memberId, set: { remindersOn: on } });
  }

  async dailyLimit(memberId: number): Promise<number> {
    const settings = await this.db.query.quizSettings.findFirst({ where: eq(quizSettings.memberId, memberId) });
    return settings?.dailyLimit ?? 5;
  }

  /** Members with due cards whose review time has come today and who have not been asked today. */
  async dueMembers(workspaceId: number, defaultTimezone: string, now: Date): Promise<{ memberId: number; localDate: string }[]> {
    const candidates = await this.db
      .select({ memberId: quizSettings.memberId, reviewTime: quizSettings.reviewTime, timezone: members.timezone })
      .from(quizSettings)
      .innerJoin(members, eq(members.id, quizSettings.memberId))
      .where(and(eq(quizSettings.workspaceId, workspaceId), eq(quizSettings.remindersOn, true), lte(quizSettings.nextDue, now)));
    if (candidates.length === 0) return [];
    const asked = await this.db
      .select({ memberId: reviewAsks.memberId, localDate: reviewAsks.localDate })
      .from(reviewAsks)
      .where(and(eq(reviewAsks.workspaceId, workspaceId), gte(reviewAsks.localDate, addDays(localDate(now, "UTC"), -1))));
    const done = new Set(asked.map((a) => `${a.memberId}:${a.localDate}`));
    const due: { memberId: number; localDate: string }[] = [];
    for (const candidate of candidates) {
      const zone = candidate.timezone ?? defaultTimezone;
      const date = localDate(now, zone);
      if (!wallClockReached(now, date, candidate.reviewTime, zone) || done.has(`${candidate.memberId}:${date}`)) continue;
      due.push({ memberId: candidate.memberId, localDate: date });
    }
    return due;
  }

  /** Claims the day's ask for a member; undefined when it was already made (or nothing is due). */
  async planAsk(workspaceId: number, memberId: number, date: string, token: string, now: Date): Promise<Message | undefined> {
    const existing = await this.db.query.reviewAsks.findFirst({ where: and(eq(reviewAsks.memberId, memberId), eq(reviewAsks.localDate, date)) });
    if (existing && (existing.messageId || existing.claimToken !== token)) return undefined;
    const limit = await this.dailyLimit(memberId);
    const due = await this.cards.due(memberId, now, limit);
    if (due.length === 0) return undefined;
    if (!existing) {
      const claimed = await this.db.insert(reviewAsks).values({ workspaceId, memberId, localDate: date, claimToken: token }).onConflictDoNothing().returning();
      if (claimed.length === 0) return undefined;
    }
    const count = counted(due.length, "question");
    return {
      text: `Time for a review: ${count}, about ${Math.max(1, Math.round(due.length * 0.5))} min.`,
      blocks: [
        ui.section(`**Time for a short review.** ${count} you are about to forget, about ${Math.max(1, Math.round(due.length * 0.5))} min.`),
        ui.actions(ui.button(REVIEW_START_ACTION, "Start review", "start", "primary")),
        ui.context("Turn these reminders off with `/mentor review off`."),
      ],
    };
  }

  async confirmAsk(memberId: number, date: string, messageId: string): Promise<void> {
    await this.db
      .update(reviewAsks)
      .set({ messageId })
      .where(and(eq(reviewAsks.memberId, memberId), eq(reviewAsks.localDate, date)));
  }

  async releaseAsk(memberId: number, date: string): Promise<void> {
    await this.db.delete(reviewAsks).where(and(eq(reviewAsks.memberId, memberId), eq(reviewAsks.localDate, date)));
  }
}
