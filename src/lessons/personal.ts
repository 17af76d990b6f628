import { and, eq, sql } from "drizzle-orm";
import { lessonDmPosts, lessonDmSubscriptions, members, workspaces } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import type { Db } from "../db/connection.js";
import { localDate, localTime } from "./schedule.js";
import { recordDmChange } from "./schedule-history.js";

/** How often the personal-lesson tick looks for members whose time has come. */
export const DM_TICK_MS = 60_000;

export function dmTickSchedulerId(workspaceId: number): string {
  return `lessons.dmTick:${workspaceId}`;
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
    await this.jobs.upsertSchedule(dmTickSchedulerId(workspaceId), { everyMs: DM_TICK_MS }, "lessons.dmTick", { workspaceId });
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
      const zone = row.timezone ?? defaultTimezone;
      const date = localDate(now, zone);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (!row.days.includes(weekday) || localTime(now, zone) < row.time) continue;
      const sent = await this.db.query.lessonDmPosts.findFirst({
        where: and(eq(lessonDmPosts.memberId, row.memberId), eq(lessonDmPosts.localDate, date)),
      });
      if (!sent) due.push({ memberId: row.memberId, localDate: date });
    }
    return due;
  }
}
