import { eq, sql } from "drizzle-orm";
import { lessonCompletions, lessonStreaks } from "../../drizzle/schema/index.js";
import { localDate } from "../calendar/dates.js";
import { MicroBatch } from "../core/micro-batch.js";
import type { Db } from "../db/connection.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";
import { type CompletionWrite, type ProgressFacts, readProgressFacts, type WriteResult, writeCompletions } from "./progress-read.js";
import { lessonDays } from "./schedule-history.js";
import { computeStreaks, type Streaks } from "./streaks.js";

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
  /** Lessons the latest placement quiz skipped (not counted as done). */
  placedOut: number;
  next: LessonRow | undefined;
}

/** Completions, progress per module and streaks. */
export class LessonProgress {
  /** The presses of a burst, written and read back together (see MicroBatch). */
  private readonly writes = new MicroBatch<CompletionWrite, WriteResult>((writes) => writeCompletions(this.db, writes));

  constructor(
    private readonly db: Db,
    private readonly catalog: LessonCatalog,
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

  /**
   * markDone and then progress in one statement (a button press's whole read and write, shared
   * with the presses handled at the same moment), the delivery claimed by the same statement when
   * a key is given. Undefined for a repeated delivery: nothing was written.
   */
  async markDoneWithProgress(
    ids: { workspaceId: number; memberId: number; lessonId: string },
    track: string,
    timezone: string,
    now: Date,
    deliveryKey: string | undefined,
  ): Promise<{ first: boolean; progress: Progress } | undefined> {
    const write = { ...ids, localDate: localDate(now, timezone), doneAt: now, deliveryKey };
    const read = await this.writes.load(write);
    if (!read.claimed) return undefined;
    return { first: read.first, progress: await this.summarise(ids.workspaceId, ids.memberId, track, write.localDate, read.facts) };
  }

  async completedIds(memberId: number): Promise<Set<string>> {
    const rows = await this.db.select({ id: lessonCompletions.lessonId }).from(lessonCompletions).where(eq(lessonCompletions.memberId, memberId));
    return new Set(rows.map((r) => r.id));
  }

  async progress(workspaceId: number, memberId: number, track: string, timezone: string, now: Date): Promise<Progress> {
    const facts = await readProgressFacts(this.db, workspaceId, memberId);
    return this.summarise(workspaceId, memberId, track, localDate(now, timezone), facts);
  }

  /** `today`: the member's local date now. */
  private async summarise(workspaceId: number, memberId: number, track: string, today: string, facts: ProgressFacts): Promise<Progress> {
    const doneIds = new Set(facts.completions.map((r) => r.id));
    const placedIds = facts.placedIds;
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
    const computed = computeStreaks({
      doneDates: new Set(facts.completions.map((r) => r.date)),
      isLessonDay: lessonDays(facts.changes, facts.skips, memberId),
      today,
    });
    const streaks = { current: computed.current, longest: await this.keepLongest(workspaceId, memberId, computed.longest, facts.kept) };
    return {
      done: lessons.filter((l) => doneIds.has(l.id)).length,
      total: lessons.length,
      modules,
      streaks,
      placedOut: lessons.filter((l) => placedIds.has(l.id) && !doneIds.has(l.id)).length,
      next: this.catalog.firstNot(track, (id) => doneIds.has(id) || placedIds.has(id)),
    };
  }

  /**
   * The longest streak never goes down: a day's standing is fixed by the schedule in force that
   * day, except today's, which a skip or a change of days made before today's post can still
   * take away. The best run seen is kept, and shown when it is longer than today's count.
   */
  private async keepLongest(workspaceId: number, memberId: number, computed: number, kept: number): Promise<number> {
    if (kept >= computed) return kept;
    await this.db
      .insert(lessonStreaks)
      .values({ memberId, workspaceId, longest: computed })
      .onConflictDoUpdate({ target: lessonStreaks.memberId, set: { longest: sql`greatest(${lessonStreaks.longest}, excluded.longest)` } });
    return computed;
  }
}
