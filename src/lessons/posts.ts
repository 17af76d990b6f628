import { and, eq, sql } from "drizzle-orm";
import { lessonCompletions, lessonDmPosts, lessonDmSubscriptions, lessonPosts, lessonSkips } from "../../drizzle/schema/index.js";
import type { Message } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import type { LessonCatalog } from "./catalog.js";
import { renderLesson } from "./render.js";
import type { Subscription } from "./subscriptions.js";

/** What a post job should do: send, or nothing (and why). */
export type PostPlan =
  | { kind: "post"; key: PostKey; workspaceId: number; message: Message }
  | { kind: "skip"; reason: "inactive" | "already_posted" | "holiday" | "course_finished" | "in_flight" };

export type PostKey = { table: "channel"; id: number } | { table: "dm"; memberId: number; localDate: string };

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
    const done = new Set(state?.posted ?? []);
    const lesson = this.catalog.firstNot(subscription.track, (id) => done.has(id));
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
    const sent = await this.db.select({ id: lessonDmPosts.lessonId }).from(lessonDmPosts).where(eq(lessonDmPosts.memberId, memberId));
    const completed = await this.db.select({ id: lessonCompletions.lessonId }).from(lessonCompletions).where(eq(lessonCompletions.memberId, memberId));
    const seen = new Set([...sent, ...completed].map((r) => r.id));
    const lesson = this.catalog.firstNot(subscription.track, (id) => seen.has(id));
    if (!lesson) return { kind: "skip", reason: "course_finished" };
    const [claimed] = await this.db
      .insert(lessonDmPosts)
      .values({ workspaceId, memberId, localDate: date, lessonId: lesson.id, claimToken: token })
      .onConflictDoNothing()
      .returning({ memberId: lessonDmPosts.memberId });
    if (!claimed) return { kind: "skip", reason: "already_posted" };
    return { kind: "post", key, workspaceId, message: renderLesson(lesson, this.catalog, { lead: "Your lesson", withButtons: true }) };
  }

  /** Records the platform's message id: the post is done. */
  async confirm(key: PostKey, messageId: string): Promise<void> {
    if (key.table === "channel") {
      await this.db.update(lessonPosts).set({ messageId, postedAt: new Date() }).where(eq(lessonPosts.id, key.id));
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
    } else {
      await this.db.delete(lessonDmPosts).where(and(eq(lessonDmPosts.memberId, key.memberId), eq(lessonDmPosts.localDate, key.localDate)));
    }
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
