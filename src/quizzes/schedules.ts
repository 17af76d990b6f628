import { and, eq } from "drizzle-orm";
import { quizSchedules } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import type { WeeklyTime } from "../calendar/dates.js";
import { UserError } from "../core/errors.js";
import type { ConversationRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import { nextFireAfter, weeklyPattern } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";

export type QuizSchedule = typeof quizSchedules.$inferSelect;

export function quizSchedulerId(scheduleId: number): string {
  return `quiz.scheduledRound:${scheduleId}`;
}

/** The schedule's job scheduler: a round at the local time on its days. */
export function quizScheduler(schedule: Pick<QuizSchedule, "id" | "time" | "days" | "timezone">): SchedulerSpec {
  const { id, timezone } = schedule;
  return { id: quizSchedulerId(id), schedule: { pattern: weeklyPattern(schedule), tz: timezone }, name: "quiz.scheduledRound", data: { scheduleId: id } };
}

/** What a scheduled round asks: which skill (any when absent) and for how long. */
export interface ScheduledRound {
  skill: string | undefined;
  minutes: number;
}

/** Channels with quiz rounds on a schedule; each owns one BullMQ job scheduler, like a lesson subscription. */
export class QuizSchedules {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobPort,
  ) {}

  /** Schedules (or re-schedules) the channel's rounds and upserts its scheduler: the one place that does. */
  async schedule(workspaceId: number, channel: ConversationRef, when: WeeklyTime, round: ScheduledRound, memberId: number): Promise<QuizSchedule> {
    if (when.days.length === 0) throw new UserError("no_days", "Choose at least one day for rounds, for example mon-fri.");
    const values = {
      workspaceId,
      channel,
      time: when.time,
      days: when.days,
      timezone: when.timezone,
      skill: round.skill ?? null,
      minutes: round.minutes,
      createdBy: memberId,
      updatedAt: new Date(),
    };
    const [row] = await this.db
      .insert(quizSchedules)
      .values(values)
      .onConflictDoUpdate({ target: [quizSchedules.workspaceId, quizSchedules.channel], set: values })
      .returning();
    const schedule = row as QuizSchedule;
    await upsertScheduler(this.jobs, quizScheduler(schedule));
    return schedule;
  }

  /** Removes the channel's schedule and its scheduler; false when there was none. */
  async unschedule(workspaceId: number, channel: ConversationRef): Promise<boolean> {
    const [row] = await this.db
      .delete(quizSchedules)
      .where(and(eq(quizSchedules.workspaceId, workspaceId), eq(quizSchedules.channel, channel)))
      .returning({ id: quizSchedules.id });
    if (!row) return false;
    await this.jobs.removeSchedule(quizSchedulerId(row.id));
    return true;
  }

  async byId(id: number): Promise<QuizSchedule | undefined> {
    return this.db.query.quizSchedules.findFirst({ where: eq(quizSchedules.id, id) });
  }

  /** Every channel's schedule in a workspace, oldest first. */
  async inWorkspace(workspaceId: number): Promise<QuizSchedule[]> {
    return this.db.query.quizSchedules.findMany({ where: eq(quizSchedules.workspaceId, workspaceId), orderBy: (t, { asc }) => [asc(t.id)] });
  }

  /** The next round after `now`, DST-aware. */
  nextRound(schedule: QuizSchedule, now: Date): Date {
    return nextFireAfter(schedule, now);
  }
}
