import { sql } from "drizzle-orm";
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { memberColumn, members } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/** What pairing knows of a person: hours, languages, goals (mentee) or offers (mentor). */
export const pairingProfiles = pgTable("pairing_profiles", {
  memberId: integer()
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  workspaceId: workspaceColumn(),
  /** Local working hours "HH:MM". */
  hoursStart: text().notNull().default("09:00"),
  hoursEnd: text().notNull().default("17:00"),
  /** Skills a mentee wants to learn (used when they have no quiz evidence yet). */
  goals: text().array().notNull().default(sql`'{}'::text[]`),
  /** Skills a mentor offers, with a level from 1 to 3. */
  offers: jsonb().$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
  languages: text().array().notNull().default(sql`'{}'::text[]`),
  capacity: integer().notNull().default(2),
  pausedUntil: date({ mode: "string" }),
  /** Left without a mentor last round: matched first next time. */
  priority: boolean().notNull().default(false),
  /** Asked for a new mentor at the next round. */
  rematch: boolean().notNull().default(false),
});

/** A person's private "don't pair me with" list. */
export const pairingBlocks = pgTable(
  "pairing_blocks",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    blockedId: memberColumn(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.blockedId] })],
);

/** One round per workspace and period: running it twice for the same period has no second effect. */
export const pairingRounds = pgTable(
  "pairing_rounds",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    period: text().notNull(),
    seed: integer().notNull(),
    matched: integer().notNull(),
    unmatched: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("pairing_rounds_period_key").on(t.workspaceId, t.period)],
);

/**
 * unpair: one of them ended it; left: one of them left mentoring; rematch: the mentee got the
 * new mentor she asked for; retired: one of them left the workspace.
 */
export type PairEndKind = "unpair" | "left" | "rematch" | "retired";

export const pairs = pgTable(
  "pairs",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    roundId: integer().references(() => pairingRounds.id, { onDelete: "set null" }),
    mentorId: memberColumn(),
    menteeId: memberColumn(),
    fit: doublePrecision().notNull(),
    reason: text().notNull(),
    introduced: boolean().notNull().default(false),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    /** How it ended; null while it lasts. */
    endKind: text().$type<PairEndKind>(),
    /** Whoever ended it (unpaired, left, or asked for a rematch); the other person is told. */
    endedBy: integer().references(() => members.id, { onDelete: "set null" }),
    /** The words of whoever ended it, if they gave any. Private: shown to admins only. */
    endReason: text(),
  },
  (t) => [index("pairs_mentee_idx").on(t.menteeId), index("pairs_mentor_idx").on(t.mentorId)],
);

/** Members who skip a scheduled round (the heads-up's button). */
export const pairingSkips = pgTable(
  "pairing_skips",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    period: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.period] })],
);
