import { and, eq } from "drizzle-orm";
import { lessonDmPosts, lessonDmSubscriptions, members } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import type { Db } from "../db/connection.js";
import { wallClockReached } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";
import { localDate } from "./schedule.js";

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
  ) {}

  async turnOn(workspaceId: number, memberId: number, track: string, time: string, days: number[]): Promise<void> {
    const values = { memberId, workspaceId, track, time, days, active: true };
    await this.db.insert(lessonDmSubscriptions).values(values).onConflictDoUpdate({ target: lessonDmSubscriptions.memberId, set: values });
    await upsertScheduler(this.jobs, dmTickScheduler(workspaceId));
  }

  async turnOff(memberId: number): Promise<boolean> {
    const rows = await this.db.update(lessonDmSubscriptions).set({ active: false }).where(eq(lessonDmSubscriptions.memberId, memberId)).returning();
    return rows.length > 0;
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
      const zone = row.timezone ?? defaultTimezone;
      const date = localDate(now, zone);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (!row.days.includes(weekday) || !wallClockReached(now, date, row.time, zone)) continue;
      const sent = await this.db.query.lessonDmPosts.findFirst({
        where: and(eq(lessonDmPosts.memberId, row.memberId), eq(lessonDmPosts.localDate, date)),
      });
      if (!sent) due.push({ memberId: row.memberId, localDate: date });
    }
    return due;
  }
}
