import { and, desc, eq, sql } from "drizzle-orm";
import { lessonDmPosts, lessonDmSubscriptions, lessonDmWaits, lessonPosts, lessonSkips } from "../../drizzle/schema/index.js";
import type { Message } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";
import { personalState } from "./personal-state.js";
import { renderLesson } from "./render.js";
import type { Subscription } from "./subscriptions.js";
import { nextChannelLesson, nextPersonalLesson } from "./tracks.js";
import { waitingMessage } from "./waiting.js";

/** What a post job should do: send, or nothing (and why). */
export type PostPlan =
  | { kind: "post"; key: PostKey; workspaceId: number; message: Message }
  | { kind: "skip"; reason: "inactive" | "already_posted" | "holiday" | "course_finished" | "in_flight" | "waiting_prerequisites" };

export type PostKey = { table: "channel"; id: number } | { table: "dm" | "wait"; memberId: number; localDate: string };

/**
 * The once-per-day keys: a row per (channel, local date) and per (member, local date).
 * A job claims the row with its own token before sending; a repeat of the same job resumes
 * its claim, any other job finds the row and does nothing.
 */
export class LessonPosts {
  constructor(
    private readonly db: Db,
    private readonly catalog: LessonCatalog,
  ) {}

  /** The channel's post for local date `date` (the date of the fire that asks for it). */
  async planChannelPost(subscription: Subscription | undefined, date: string | undefined, token: string): Promise<PostPlan> {
    if (!subscription?.active || !date) return { kind: "skip", reason: "inactive" };
    const { workspaceId, channel } = subscription;
    // One round trip for what decides the post: a holiday, today's row, the lessons already posted.
    const [state] = await this.db
      .select({
        holiday: sql<boolean>`exists (select 1 from ${lessonSkips} where ${lessonSkips.workspaceId} = ${workspaceId} and ${lessonSkips.channel} = ${channel} and ${lessonSkips.localDate} = ${date})`,
        posted: sql<string[]>`coalesce(array_agg(${lessonPosts.lessonId}), '{}')`,
        today: sql<{
          id: number;
          lessonId: string;
          messageId: string | null;
          claimToken: string;
        } | null>`(array_agg(json_build_object('id', ${lessonPosts.id}, 'lessonId', ${lessonPosts.lessonId}, 'messageId', ${lessonPosts.messageId}, 'claimToken', ${lessonPosts.claimToken})) filter (where ${lessonPosts.localDate} = ${date}))[1]`,
      })
      .from(lessonPosts)
      .where(and(eq(lessonPosts.workspaceId, workspaceId), eq(lessonPosts.channel, channel)));
    if (state?.holiday) return { kind: "skip", reason: "holiday" };
    const existing = state?.today;
    if (existing) {
      return this.resume(
        existing.messageId,
        existing.claimToken,
        token,
        existing.lessonId,
        { table: "channel", id: existing.id },
        workspaceId,
        "Today's lesson",
      );
    }
    const lesson = nextChannelLesson(this.catalog, subscription.track, subscription, new Set(state?.posted ?? []));
    if (!lesson) return { kind: "skip", reason: "course_finished" };
    const [claimed] = await this.db
      .insert(lessonPosts)
      .values({ workspaceId, channel, localDate: date, lessonId: lesson.id, claimToken: token })
      .onConflictDoNothing()
      .returning({ id: lessonPosts.id });
    if (!claimed) return { kind: "skip", reason: "already_posted" };
    return {
      kind: "post",
      key: { table: "channel", id: claimed.id },
      workspaceId,
      message: renderLesson(lesson, this.catalog, { lead: "Today's lesson", withButtons: true }),
    };
  }

  async planDmPost(memberId: number, date: string, token: string): Promise<PostPlan> {
    const subscription = await this.db.query.lessonDmSubscriptions.findFirst({ where: eq(lessonDmSubscriptions.memberId, memberId) });
    if (!subscription?.active) return { kind: "skip", reason: "inactive" };
    const { workspaceId } = subscription;
    const existing = await this.db.query.lessonDmPosts.findFirst({
      where: and(eq(lessonDmPosts.memberId, memberId), eq(lessonDmPosts.localDate, date)),
    });
    const key = { table: "dm", memberId, localDate: date } as const;
    if (existing) return this.resume(existing.messageId, existing.claimToken, token, existing.lessonId, key, workspaceId, "Your lesson");
    const wait = await this.db.query.lessonDmWaits.findFirst({ where: and(eq(lessonDmWaits.memberId, memberId), eq(lessonDmWaits.localDate, date)) });
    if (wait) return this.resumeWait(wait, token);
    const next = nextPersonalLesson(this.catalog, subscription.track, await personalState(this.db, memberId));
    if (next.kind === "finished") return { kind: "skip", reason: "course_finished" };
    if (next.kind === "waiting") return this.planWait(workspaceId, memberId, date, token, next.lesson, next.prerequisite);
    const lesson = next.lesson;
    const [claimed] = await this.db
      .insert(lessonDmPosts)
      .values({ workspaceId, memberId, localDate: date, lessonId: lesson.id, claimToken: token })
      .onConflictDoNothing()
      .returning({ memberId: lessonDmPosts.memberId });
    if (!claimed) return { kind: "skip", reason: "already_posted" };
    return { kind: "post", key, workspaceId, message: renderLesson(lesson, this.catalog, { lead: "Your lesson", withButtons: true }) };
  }

  /**
   * No lesson can come today: each one left builds on one not marked done. The date is keyed
   * (the tick asks no more today); the person is told once per wait, not every day of it.
   */
  private async planWait(workspaceId: number, memberId: number, date: string, token: string, lesson: LessonRow, prerequisite: LessonRow): Promise<PostPlan> {
    // Two dates' jobs for one person may run at once: the lock makes the second see the first's
    // wait, so the notice goes once per wait, not once per date that raced.
    const claimed = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('lesson-dm-wait'), ${memberId})`);
      const [previous] = await tx
        .select({ lessonId: lessonDmWaits.lessonId, prerequisiteId: lessonDmWaits.prerequisiteId })
        .from(lessonDmWaits)
        .where(eq(lessonDmWaits.memberId, memberId))
        .orderBy(desc(lessonDmWaits.localDate))
        .limit(1);
      const sendNotice = previous?.lessonId !== lesson.id || previous.prerequisiteId !== prerequisite.id;
      const [row] = await tx
        .insert(lessonDmWaits)
        .values({ workspaceId, memberId, localDate: date, lessonId: lesson.id, prerequisiteId: prerequisite.id, sendNotice, claimToken: token })
        .onConflictDoNothing()
        .returning();
      return row;
    });
    if (!claimed) return { kind: "skip", reason: "already_posted" };
    return this.resumeWait(claimed, token);
  }

  private resumeWait(wait: typeof lessonDmWaits.$inferSelect, token: string): PostPlan {
    if (!wait.sendNotice || wait.notifiedAt) return { kind: "skip", reason: "waiting_prerequisites" };
    if (wait.claimToken !== token) return { kind: "skip", reason: "in_flight" };
    const lesson = this.catalog.get(wait.lessonId);
    const prerequisite = this.catalog.get(wait.prerequisiteId);
    if (!lesson || !prerequisite) return { kind: "skip", reason: "course_finished" };
    return {
      kind: "post",
      key: { table: "wait", memberId: wait.memberId, localDate: wait.localDate },
      workspaceId: wait.workspaceId,
      message: waitingMessage(lesson, prerequisite),
    };
  }

  /** Records the platform's message id: the post is done. */
  async confirm(key: PostKey, messageId: string): Promise<void> {
    if (key.table === "channel") {
      await this.db.update(lessonPosts).set({ messageId, postedAt: new Date() }).where(eq(lessonPosts.id, key.id));
    } else if (key.table === "wait") {
      await this.db
        .update(lessonDmWaits)
        .set({ notifiedAt: new Date() })
        .where(and(eq(lessonDmWaits.memberId, key.memberId), eq(lessonDmWaits.localDate, key.localDate)));
    } else {
      await this.db
        .update(lessonDmPosts)
        .set({ messageId })
        .where(and(eq(lessonDmPosts.memberId, key.memberId), eq(lessonDmPosts.localDate, key.localDate)));
    }
  }

  /** Gives the claim back after a send that surely did not happen, so a retry can post. */
  async release(key: PostKey): Promise<void> {
    if (key.table === "channel") {
      await this.db.delete(lessonPosts).where(eq(lessonPosts.id, key.id));
    } else if (key.table === "wait") {
      await this.db.delete(lessonDmWaits).where(and(eq(lessonDmWaits.memberId, key.memberId), eq(lessonDmWaits.localDate, key.localDate)));
    } else {
      await this.db.delete(lessonDmPosts).where(and(eq(lessonDmPosts.memberId, key.memberId), eq(lessonDmPosts.localDate, key.localDate)));
    }
  }

  /** The lessons already posted (or being posted) in a channel. */
  async postedIn(workspaceId: number, channel: ConversationRef): Promise<Set<string>> {
    const rows = await this.db
      .select({ id: lessonPosts.lessonId })
      .from(lessonPosts)
      .where(and(eq(lessonPosts.workspaceId, workspaceId), eq(lessonPosts.channel, channel)));
    return new Set(rows.map((r) => r.id));
  }

  async todayInChannel(workspaceId: number, channel: ConversationRef): Promise<string | undefined> {
    const [latest] = await this.db.query.lessonPosts.findMany({
      where: and(eq(lessonPosts.workspaceId, workspaceId), eq(lessonPosts.channel, channel)),
      orderBy: (p, { desc }) => [desc(p.localDate)],
      limit: 1,
    });
    return latest?.lessonId;
  }

  private resume(messageId: string | null, claimToken: string, token: string, lessonId: string, key: PostKey, workspaceId: number, lead: string): PostPlan {
    if (messageId) return { kind: "skip", reason: "already_posted" };
    // Another job holds the claim: it posts, this one does nothing.
    if (claimToken !== token) return { kind: "skip", reason: "in_flight" };
    const lesson = this.catalog.get(lessonId);
    if (!lesson) return { kind: "skip", reason: "course_finished" };
    return { kind: "post", key, workspaceId, message: renderLesson(lesson, this.catalog, { lead, withButtons: true }) };
  }
}
