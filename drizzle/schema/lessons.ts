import { sql } from "drizzle-orm";
import { boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { memberColumn, members } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/**
 * Curriculum content, synced from curriculum/ at start. Content is deployment-wide (every
 * workspace reads the same course), so these rows carry no workspace; a retired lesson stays
 * while progress points at it.
 */
export const lessons = pgTable(
  "lessons",
  {
    id: text().primaryKey(),
    track: text().notNull(),
    module: text().notNull(),
    moduleTitle: text().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    skills: text().array().notNull(),
    level: integer().notNull(),
    minutes: integer().notNull(),
    body: text().notNull(),
    questionIds: text().array().notNull().default(sql`'{}'::text[]`),
    /** Lessons this one builds on (each earlier in the track). */
    prerequisites: text().array().notNull().default(sql`'{}'::text[]`),
    /** "checkpoint": a step of the course project, done with evidence. */
    kind: text().$type<"lesson" | "checkpoint">().notNull().default("lesson"),
    contentHash: text().notNull(),
    retiredAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lessons_track_position_idx").on(t.track, t.position)],
);

/** A channel that receives the daily lesson: one BullMQ job scheduler each. */
export const lessonSubscriptions = pgTable(
  "lesson_subscriptions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    track: text().notNull(),
    /** Local time "HH:MM". */
    time: text().notNull(),
    /** 0 = Sunday .. 6 = Saturday. */
    days: integer().array().notNull(),
    timezone: text().notNull(),
    /** The lesson the channel's track starts at (null: the first); lessons before it are never posted. */
    startLessonId: text(),
    /** The levels posted here (1 on-ramp, 2 core, 3 senior and staff). */
    levels: integer().array().notNull().default(sql`'{1,2,3}'::integer[]`),
    active: boolean().notNull().default(true),
    createdBy: integer().references(() => members.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("lesson_subscriptions_channel_key").on(t.workspaceId, t.channel)],
);

/** One row per channel per local date: the key that makes the daily post happen once. */
export const lessonPosts = pgTable(
  "lesson_posts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    localDate: date({ mode: "string" }).notNull(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    /** The platform's id for the posted message, once sent. */
    messageId: text(),
    /** The job that claimed this post; its retries may resume the claim, nobody else may. */
    claimToken: text().notNull(),
    postedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("lesson_posts_channel_date_key").on(t.workspaceId, t.channel, t.localDate)],
);

/** Holidays: dates a channel gets no lesson (and that do not break streaks). */
export const lessonSkips = pgTable(
  "lesson_skips",
  {
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    localDate: date({ mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel, t.localDate] })],
);

/** A member's own pace: their next lesson in their DMs at their local time. */
export const lessonDmSubscriptions = pgTable("lesson_dm_subscriptions", {
  memberId: integer()
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  workspaceId: workspaceColumn(),
  track: text().notNull(),
  time: text().notNull(),
  days: integer().array().notNull(),
  active: boolean().notNull().default(true),
});

export const lessonDmPosts = pgTable(
  "lesson_dm_posts",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    localDate: date({ mode: "string" }).notNull(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    messageId: text(),
    claimToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.localDate] })],
);

/** A lesson a member marked done; marking twice keeps the first. */
export const lessonCompletions = pgTable(
  "lesson_completions",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    /** The member's local date when they marked it: the unit of streaks. */
    localDate: date({ mode: "string" }).notNull(),
    doneAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.lessonId] }), index("lesson_completions_member_date_idx").on(t.memberId, t.localDate)],
);

/**
 * Every change to the days a channel, or a member's DMs, gets lessons, from the local date it
 * takes effect: a day's place in a streak is decided by the change in force that day, so a
 * later change never rewrites past streaks. Exactly one of subscription and member is set.
 */
export const lessonScheduleChanges = pgTable(
  "lesson_schedule_changes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    subscriptionId: integer(),
    memberId: integer().references(() => members.id, { onDelete: "cascade" }),
    /** 0 = Sunday .. 6 = Saturday; empty once stopped. */
    days: integer().array().notNull(),
    /** The first local date the change applies to. */
    effectiveFrom: date({ mode: "string" }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("lesson_schedule_changes_workspace_idx").on(t.workspaceId, t.effectiveFrom),
    // Named here: the generated name is longer than Postgres keeps.
    foreignKey({ name: "lesson_schedule_changes_subscription_fk", columns: [t.subscriptionId], foreignColumns: [lessonSubscriptions.id] }).onDelete("cascade"),
  ],
);

/** A member's longest streak so far: kept, so that it never goes down whatever changes later. */
export const lessonStreaks = pgTable("lesson_streaks", {
  memberId: integer()
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  workspaceId: workspaceColumn(),
  longest: integer().notNull().default(0),
});
