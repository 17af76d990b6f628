import { and, eq, gte } from "drizzle-orm";
import { lessonPosts, lessonSkips, lessonSubscriptions } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import { localDate, type WeeklyTime } from "../calendar/dates.js";
import { UserError } from "../core/errors.js";
import type { ConversationRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import { nextFireSkipping, requireKnownZone, weeklyPattern } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";
import { recordChannelChange } from "./schedule-history.js";

export type Subscription = typeof lessonSubscriptions.$inferSelect;

export function schedulerId(subscriptionId: number): string {
  return `lessons.channel:${subscriptionId}`;
}

/** The subscription's job scheduler: its lesson post at the local time on its days. */
export function lessonScheduler(subscription: Pick<Subscription, "id" | "time" | "days" | "timezone">): SchedulerSpec {
  const { id, timezone } = subscription;
  return { id: schedulerId(id), schedule: { pattern: weeklyPattern(subscription), tz: timezone }, name: "lessons.channel", data: { subscriptionId: id } };
}

/** Channels subscribed to the daily lesson; each owns one BullMQ job scheduler. */
export class SubscriptionService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobPort,
    private readonly now: () => Date,
  ) {}

  /**
   * Subscribes (or re-schedules) a channel and upserts its scheduler: the one place that does.
   * `choice`: where its track starts and which levels; what is left out stays as it was (a new
   * channel: the whole track, every level).
   */
  async subscribe(
    workspaceId: number,
    channel: ConversationRef,
    track: string,
    schedule: WeeklyTime,
    memberId: number,
    choice: { startLessonId?: string | null; levels?: number[] } = {},
  ): Promise<Subscription> {
    if (schedule.days.length === 0) throw new UserError("no_days", "Choose at least one day for lessons, for example mon-fri.");
    const values = {
      workspaceId,
      channel,
      track,
      time: schedule.time,
      days: schedule.days,
      timezone: schedule.timezone,
      active: true,
      createdBy: memberId,
      updatedAt: new Date(),
      ...(choice.startLessonId !== undefined ? { startLessonId: choice.startLessonId } : {}),
      ...(choice.levels !== undefined ? { levels: choice.levels } : {}),
    };
    const [subscription] = await this.db
      .insert(lessonSubscriptions)
      .values(values)
      .onConflictDoUpdate({ target: [lessonSubscriptions.workspaceId, lessonSubscriptions.channel], set: values })
      .returning();
    const row = subscription as Subscription;
    await recordChannelChange(this.db, row, schedule.days, this.now());
    await upsertScheduler(this.jobs, lessonScheduler(row));
    return row;
  }

  async stop(workspaceId: number, channel: ConversationRef): Promise<boolean> {
    const [row] = await this.db
      .update(lessonSubscriptions)
      .set({ active: false, updatedAt: new Date() })
      .where(and(eq(lessonSubscriptions.workspaceId, workspaceId), eq(lessonSubscriptions.channel, channel), eq(lessonSubscriptions.active, true)))
      .returning();
    if (!row) return false;
    await recordChannelChange(this.db, row, [], this.now());
    await this.jobs.removeSchedule(schedulerId(row.id));
    return true;
  }

  async forChannel(workspaceId: number, channel: ConversationRef): Promise<Subscription | undefined> {
    return this.db.query.lessonSubscriptions.findFirst({
      where: and(eq(lessonSubscriptions.workspaceId, workspaceId), eq(lessonSubscriptions.channel, channel)),
    });
  }

  async byId(id: number): Promise<Subscription | undefined> {
    return this.db.query.lessonSubscriptions.findFirst({ where: eq(lessonSubscriptions.id, id) });
  }

  async activeInWorkspace(workspaceId: number): Promise<Subscription[]> {
    return this.db.query.lessonSubscriptions.findMany({
      where: and(eq(lessonSubscriptions.workspaceId, workspaceId), eq(lessonSubscriptions.active, true)),
    });
  }

  /**
   * Skips a date (a holiday). A date whose lesson is already posted (or being posted) cannot be
   * skipped: the post happened, and members who did it keep their streak. False then.
   */
  async skip(workspaceId: number, channel: ConversationRef, date: string): Promise<boolean> {
    const posted = await this.db.query.lessonPosts.findFirst({
      where: and(eq(lessonPosts.workspaceId, workspaceId), eq(lessonPosts.channel, channel), eq(lessonPosts.localDate, date)),
    });
    if (posted) return false;
    await this.db.insert(lessonSkips).values({ workspaceId, channel, localDate: date }).onConflictDoNothing();
    return true;
  }

  async skippedDates(workspaceId: number, channel: ConversationRef): Promise<Set<string>> {
    const rows = await this.db
      .select({ date: lessonSkips.localDate })
      .from(lessonSkips)
      .where(and(eq(lessonSkips.workspaceId, workspaceId), eq(lessonSkips.channel, channel)));
    return new Set(rows.map((r) => r.date));
  }

  /** Local dates from `from` on whose lesson is already posted (or being posted) in the channel. */
  async postedDates(workspaceId: number, channel: ConversationRef, from: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ date: lessonPosts.localDate })
      .from(lessonPosts)
      .where(and(eq(lessonPosts.workspaceId, workspaceId), eq(lessonPosts.channel, channel), gte(lessonPosts.localDate, from)));
    return new Set(rows.map((r) => r.date));
  }

  /** The next post after `now`, skipping holidays and days already posted (a manual run posts nothing more that day). */
  async nextPost(subscription: Subscription, now: Date): Promise<Date> {
    const { workspaceId, channel, timezone } = subscription;
    requireKnownZone(timezone);
    const skipped = await this.skippedDates(workspaceId, channel);
    const posted = await this.postedDates(workspaceId, channel, localDate(now, timezone));
    return nextFireSkipping(subscription, now, new Set([...skipped, ...posted]));
  }
}
