import { sql } from "drizzle-orm";
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { QuestionKind, QuestionSpec } from "../../src/lessons/curriculum-schema.js";
import { lessons } from "./lessons.js";
import { memberColumn, members } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/** Quiz questions, synced from curriculum/*.quiz.yaml like lessons (deployment-wide content). */
export const questions = pgTable(
  "questions",
  {
    id: text().primaryKey(),
    lessonId: text()
      .notNull()
      .references(() => lessons.id),
    skill: text().notNull(),
    difficulty: smallint().notNull(),
    prompt: text().notNull(),
    options: jsonb().$type<string[]>().notNull(),
    correctIndex: smallint().notNull(),
    explanation: text().notNull(),
    /** single | numeric | order | bug (curriculum-schema.ts); options and correctIndex serve single and bug. */
    kind: text().$type<QuestionKind>().notNull().default("single"),
    spec: jsonb().$type<QuestionSpec>().notNull().default({ kind: "single" }),
    /** The family this question rewords, with the member whose card stands for the whole family. */
    family: jsonb().$type<FamilyRef>(),
    /** The case chain this question is a step of, with the story told up to this step. */
    chain: jsonb().$type<ChainRef>(),
    contentHash: text().notNull(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("questions_lesson_idx").on(t.lessonId), index("questions_skill_idx").on(t.skill)],
);

/** A member's quiz settings and the earliest due card: the review fan-out reads only this table. */
export const quizSettings = pgTable(
  "quiz_settings",
  {
    memberId: integer()
      .primaryKey()
      .references(() => members.id, { onDelete: "cascade" }),
    workspaceId: workspaceColumn(),
    remindersOn: boolean().notNull().default(true),
    reviewTime: text().notNull().default("09:00"),
    dailyLimit: smallint().notNull().default(5),
    leaderboardOptOut: boolean().notNull().default(false),
    /** The fortnightly checkpoint quiz in DMs (checkpoints.ts). */
    checkpointsOn: boolean().notNull().default(true),
    nextDue: timestamp({ withTimezone: true }),
  },
  (t) => [index("quiz_settings_due_idx").on(t.workspaceId, t.nextDue)],
);

/** One FSRS card per member and question answered. */
export const cards = pgTable(
  "cards",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    questionId: text()
      .notNull()
      .references(() => questions.id),
    skill: text().notNull(),
    due: timestamp({ withTimezone: true }).notNull(),
    stability: doublePrecision().notNull(),
    difficulty: doublePrecision().notNull(),
    scheduledDays: integer().notNull(),
    learningSteps: integer().notNull(),
    reps: integer().notNull(),
    lapses: integer().notNull(),
    state: smallint().notNull(),
    lastReview: timestamp({ withTimezone: true }),
    /** For a family's card: the member asked last, so the next review asks another. */
    lastAsked: text(),
  },
  // The per-member due query walks this index: (member, due) in order, no sort.
  (t) => [primaryKey({ columns: [t.memberId, t.questionId] }), index("cards_member_due_idx").on(t.memberId, t.due)],
);

/** A personal quiz or review: a fixed list of questions asked one at a time. */
export const quizSessions = pgTable("quiz_sessions", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  workspaceId: workspaceColumn(),
  memberId: memberColumn(),
  kind: text().$type<"quiz" | "review" | "placement" | "checkpoint">().notNull(),
  title: text().notNull(),
  questionIds: text().array().notNull(),
  position: integer().notNull().default(0),
  correct: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  finishedAt: timestamp({ withTimezone: true }),
});

/** One answer per session and question: a double click records one. */
export const quizAnswers = pgTable(
  "quiz_answers",
  {
    workspaceId: workspaceColumn(),
    sessionId: integer()
      .notNull()
      .references(() => quizSessions.id, { onDelete: "cascade" }),
    memberId: memberColumn(),
    questionId: text().notNull(),
    optionIndex: smallint().notNull(),
    correct: boolean().notNull(),
    /** What was typed or ordered, for the kinds answered in a form; null for a button. */
    response: text(),
    /** Partial credit 0..1 (an ordering with some steps in place); null means 1 if correct, else 0. */
    credit: doublePrecision(),
    points: integer().notNull(),
    answeredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.questionId] }),
    index("quiz_answers_leaderboard_idx").on(t.workspaceId, t.answeredAt),
    // A member's answers: the evidence their mastery is estimated from.
    index("quiz_answers_member_idx").on(t.memberId),
  ],
);

/** A timed question in a channel. */
export const quizRounds = pgTable(
  "quiz_rounds",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    questionId: text()
      .notNull()
      .references(() => questions.id),
    /** Option indexes in the order shown. */
    optionOrder: smallint().array().notNull(),
    messageId: text(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
    /** A scheduled round's local date: the key that makes it happen once per channel and date. */
    scheduledDate: date({ mode: "string" }),
    /** The job that claimed a scheduled round; its retries may resume the claim, nobody else may. */
    claimToken: text(),
  },
  (t) => [uniqueIndex("quiz_rounds_scheduled_key").on(t.workspaceId, t.channel, t.scheduledDate)],
);

/** A channel's quiz rounds on a schedule: one BullMQ job scheduler each, in the schedule's timezone. */
export const quizSchedules = pgTable(
  "quiz_schedules",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    /** Local time "HH:MM". */
    time: text().notNull(),
    /** 0 = Sunday .. 6 = Saturday. */
    days: integer().array().notNull(),
    timezone: text().notNull(),
    /** A skill id; null picks from the whole default track. */
    skill: text(),
    minutes: integer().notNull(),
    createdBy: integer().references(() => members.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quiz_schedules_channel_key").on(t.workspaceId, t.channel)],
);

/** Each member's first answer in a round; later clicks find the row and change nothing. */
export const quizRoundAnswers = pgTable(
  "quiz_round_answers",
  {
    workspaceId: workspaceColumn(),
    roundId: integer()
      .notNull()
      .references(() => quizRounds.id, { onDelete: "cascade" }),
    memberId: memberColumn(),
    optionIndex: smallint().notNull(),
    correct: boolean().notNull(),
    responseMs: integer().notNull(),
    points: integer().notNull(),
    answeredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.memberId] }),
    index("quiz_round_answers_leaderboard_idx").on(t.workspaceId, t.answeredAt),
    index("quiz_round_answers_member_idx").on(t.memberId),
  ],
);

/** The daily review ask: once per member per local date. */
export const reviewAsks = pgTable(
  "review_asks",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    localDate: date({ mode: "string" }).notNull(),
    claimToken: text().notNull(),
    messageId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.localDate] })],
);

export interface FamilyRef {
  id: string;
  /** The member whose card holds the family's FSRS state. */
  anchor: string;
  members: string[];
}

export interface ChainRef {
  id: string;
  title: string;
  step: number;
  of: number;
  /** The scenario, then each reveal up to and including this step. */
  story: string[];
}

/**
 * The fortnightly checkpoint: one per member and fortnight (its first local date is the key),
 * claimed by the job that posts it, like review_asks.
 */
export const checkpointAsks = pgTable(
  "checkpoint_asks",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    fortnight: date({ mode: "string" }).notNull(),
    claimToken: text().notNull(),
    messageId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.fortnight] })],
);
