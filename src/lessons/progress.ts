import { and, eq } from "drizzle-orm";
import { lessonCompletions, lessonDmSubscriptions, lessonSubscriptions } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";
import { localDate } from "./schedule.js";
import { computeStreaks, type Streaks } from "./streaks.js";
import type { SubscriptionService } from "./subscriptions.js";

const WEEKDAYS = [1, 2, 3, 4, 5];

export interface ModuleProgress {
  module: string;
  title: string;
  done: number;
  total: number;
}

export interface Progress {
  done: number;
  total: number;
  modules: ModuleProgress[];
  streaks: Streaks;
  next: LessonRow | undefined;
}

/** Completions, progress per module and streaks. */
export class LessonProgress {
  constructor(
    private readonly db: Db,
    private readonly catalog: LessonCatalog,
    private readonly subscriptions: SubscriptionService,
  ) {}

  /** Marks a lesson done; true the first time, false when it already was (counted once). */
  async markDone(workspaceId: number, memberId: number, lessonId: string, timezone: string, now: Date): Promise<boolean> {
    const inserted = await this.db
      .insert(lessonCompletions)
      .values({ workspaceId, memberId, lessonId, localDate: localDate(now, timezone), doneAt: now })
      .onConflictDoNothing()
      .returning({ lessonId: lessonCompletions.lessonId });
    return inserted.length === 1;
  }

  async completedIds(memberId: number): Promise<Set<string>> {
    const rows = await this.db.select({ id: lessonCompletions.lessonId }).from(lessonCompletions).where(eq(lessonCompletions.memberId, memberId));
    return new Set(rows.map((r) => r.id));
  }

  async progress(workspaceId: number, memberId: number, track: string, timezone: string, now: Date): Promise<Progress> {
    const rows = await this.db
      .select({ id: lessonCompletions.lessonId, date: lessonCompletions.localDate })
      .from(lessonCompletions)
      .where(eq(lessonCompletions.memberId, memberId));
    const doneIds = new Set(rows.map((r) => r.id));
    const lessons = this.catalog.track(track);
    const modules: ModuleProgress[] = [];
    for (const lesson of lessons) {
      let entry = modules.find((m) => m.module === lesson.module);
      if (!entry) {
        entry = { module: lesson.module, title: lesson.moduleTitle, done: 0, total: 0 };
        modules.push(entry);
      }
      entry.total++;
      if (doneIds.has(lesson.id)) entry.done++;
    }
    const schedule = await this.scheduleFor(workspaceId, memberId);
    const streaks = computeStreaks({
      doneDates: new Set(rows.map((r) => r.date)),
      scheduledDays: schedule.days,
      skippedDates: schedule.skipped,
      today: localDate(now, timezone),
    });
    return {
      done: lessons.filter((l) => doneIds.has(l.id)).length,
      total: lessons.length,
      modules,
      streaks,
      next: this.catalog.firstNot(track, (id) => doneIds.has(id)),
    };
  }

  /** The days that count for a member's streak: their DM schedule, else their team's channel, else weekdays. */
  private async scheduleFor(workspaceId: number, memberId: number): Promise<{ days: number[]; skipped: Set<string> }> {
    const personal = await this.db.query.lessonDmSubscriptions.findFirst({
      where: and(eq(lessonDmSubscriptions.memberId, memberId), eq(lessonDmSubscriptions.active, true)),
    });
    if (personal) return { days: personal.days, skipped: new Set() };
    const channel = await this.db.query.lessonSubscriptions.findFirst({
      where: and(eq(lessonSubscriptions.workspaceId, workspaceId), eq(lessonSubscriptions.active, true)),
      orderBy: (s, { asc }) => [asc(s.id)],
    });
    if (!channel) return { days: WEEKDAYS, skipped: new Set() };
    return { days: channel.days, skipped: await this.subscriptions.skippedDates(workspaceId, channel.channel) };
  }
}
