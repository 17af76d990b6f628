import { and, eq, gte, sql } from "drizzle-orm";
import { lessonDmPosts, lessonDmSubscriptions, lessonDmWaits, members, workspaces } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import { localDate, weekdayOf } from "../calendar/dates.js";
import type { Db } from "../db/connection.js";
import { nextFireSkipping, wallClockReached } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";
import { recordDmChange } from "./schedule-history.js";

/** How often the personal-lesson tick looks for members whose time has come. */
export const DM_TICK_MS = 60_000;

export function dmTickSchedulerId(workspaceId: number): string {
  return `lessons.dmTick:${workspaceId}`;
}

export function dmTickScheduler(workspaceId: number): SchedulerSpec {
  return { id: dmTickSchedulerId(workspaceId), schedule: { everyMs: DM_TICK_MS }, name: "lessons.dmTick", data: { workspaceId } };
}

/**
 * Personal pace: a member's next lesson in their DMs at their local time. One frequent tick
 * per workspace fans out to per-member jobs with deterministic ids, not a scheduler per member.
 */
export class PersonalLessons {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobPort,
    private readonly now: () => Date,
  ) {}

  async turnOn(workspaceId: number, memberId: number, track: string, time: string, days: number[]): Promise<void> {
    const values = { memberId, workspaceId, track, time, days, active: true };
    await this.db.insert(lessonDmSubscriptions).values(values).onConflictDoUpdate({ target: lessonDmSubscriptions.memberId, set: values });
    await this.recordChange(memberId, days);
    await upsertScheduler(this.jobs, dmTickScheduler(workspaceId));
  }

  async turnOff(memberId: number): Promise<boolean> {
    const rows = await this.db
      .update(lessonDmSubscriptions)
      .set({ active: false })
      .where(and(eq(lessonDmSubscriptions.memberId, memberId), eq(lessonDmSubscriptions.active, true)))
      .returning();
    if (rows.length > 0) await this.recordChange(memberId, []);
    return rows.length > 0;
  }

  /** Streaks read the member's lesson days by date: the change counts from their local today. */
  private async recordChange(memberId: number, days: number[]): Promise<void> {
    const [row] = await this.db
      .select({ workspaceId: members.workspaceId, timezone: sql<string>`coalesce(${members.timezone}, ${workspaces.timezone})` })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .where(eq(members.id, memberId));
    if (row) await recordDmChange(this.db, { id: memberId, ...row }, days, this.now());
  }

  /** Members whose local time has passed their lesson time today, on one of their days, with no post yet. */
  async due(workspaceId: number, defaultTimezone: string, now: Date): Promise<{ memberId: number; localDate: string }[]> {
    const rows = await this.db
      .select({ memberId: lessonDmSubscriptions.memberId, time: lessonDmSubscriptions.time, days: lessonDmSubscriptions.days, timezone: members.timezone })
      .from(lessonDmSubscriptions)
      .innerJoin(members, eq(members.id, lessonDmSubscriptions.memberId))
      .where(and(eq(lessonDmSubscriptions.workspaceId, workspaceId), eq(lessonDmSubscriptions.active, true)));
    const due: { memberId: number; localDate: string }[] = [];
    for (const row of rows) {
      const date = dueDate(row, row.timezone ?? defaultTimezone, now);
      if (date && !(await this.postedDates(row.memberId, date)).has(date)) due.push({ memberId: row.memberId, localDate: date });
    }
    return due;
  }

  /**
   * A member's DM lessons, if on, and the next one: "now" while today's is due and not yet sent
   * (the tick sends it within a minute), else the next time on a day not already posted.
   */
  async status(memberId: number, timezone: string, now: Date): Promise<PersonalStatus | undefined> {
    const subscription = await this.db.query.lessonDmSubscriptions.findFirst({ where: eq(lessonDmSubscriptions.memberId, memberId) });
    if (!subscription?.active) return undefined;
    const posted = await this.postedDates(memberId, localDate(now, timezone));
    const today = dueDate(subscription, timezone, now);
    const next = today && !posted.has(today) ? "now" : nextFireSkipping({ ...subscription, timezone }, now, posted);
    return { time: subscription.time, days: subscription.days, next };
  }

  /** Local dates from `from` on whose DM lesson is settled: sent (or being sent), or waiting on prerequisites (said once). */
  private async postedDates(memberId: number, from: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ date: lessonDmPosts.localDate })
      .from(lessonDmPosts)
      .where(and(eq(lessonDmPosts.memberId, memberId), gte(lessonDmPosts.localDate, from)))
      .union(
        this.db
          .select({ date: lessonDmWaits.localDate })
          .from(lessonDmWaits)
          .where(and(eq(lessonDmWaits.memberId, memberId), gte(lessonDmWaits.localDate, from))),
      );
    return new Set(rows.map((r) => r.date));
  }
}

export interface PersonalStatus {
  time: string;
  days: number[];
  next: Date | "now";
}

/** Today's local date when today is one of the member's days and their time has come. */
function dueDate(schedule: { time: string; days: number[] }, timezone: string, now: Date): string | undefined {
  const date = localDate(now, timezone);
  return schedule.days.includes(weekdayOf(date)) && wallClockReached(now, date, schedule.time, timezone) ? date : undefined;
}
