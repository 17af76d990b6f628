import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { lessons } from "./lessons.js";
import { memberColumn } from "./members.js";
import { quizSessions } from "./quizzes.js";
import { workspaceColumn } from "./workspaces.js";

/** A placement quiz a member took: one session, its result once the last answer is in. */
export const placements = pgTable(
  "placements",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    sessionId: integer()
      .notNull()
      .references(() => quizSessions.id, { onDelete: "cascade" }),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    /** Set once, by the answer that finished the quiz: the month until a retake counts from here. */
    finishedAt: timestamp({ withTimezone: true }),
    /** Right answers per level, e.g. {"1": 5, "2": 3, "3": 1}, and the levels placed out of. */
    result: jsonb().$type<PlacementResult>(),
  },
  (t) => [index("placements_member_idx").on(t.memberId, t.startedAt)],
);

export interface PlacementResult {
  right: Record<string, number>;
  asked: Record<string, number>;
  placedOut: number[];
}

/** Lessons a member's latest placement showed they know: skipped by DM lessons, never counted as done. */
export const lessonPlacedOut = pgTable(
  "lesson_placed_out",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    placementId: integer()
      .notNull()
      .references(() => placements.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.lessonId] })],
);

/** What a member showed for a checkpoint of the course project: pasted output or a link, as written. */
export const checkpointEvidence = pgTable(
  "checkpoint_evidence",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    evidence: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.lessonId] }), index("checkpoint_evidence_member_idx").on(t.memberId, t.submittedAt)],
);

/**
 * A local date a member's DM lesson waited on prerequisites not yet done: the key that makes the
 * day's notice happen once (and keeps the tick from asking again that day).
 */
export const lessonDmWaits = pgTable(
  "lesson_dm_waits",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    localDate: date({ mode: "string" }).notNull(),
    /** The first lesson that waits, and the prerequisite it waits on. */
    lessonId: text().notNull(),
    prerequisiteId: text().notNull(),
    /** Whether this date tells the person (the first date of a wait); later dates of the same wait stay quiet. */
    sendNotice: boolean().notNull(),
    /** The job that claimed the notice; its retries may resume the claim, nobody else may. */
    claimToken: text().notNull(),
    notifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.localDate] })],
);
