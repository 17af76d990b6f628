import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { memberColumn, members } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/** One incident game day played in a channel, from its alert to its postmortem (or a stop). */
export const gamedays = pgTable(
  "gamedays",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    channel: text().notNull(),
    /** The scenario file's id (curriculum/gamedays/<id>.yaml). */
    scenarioId: text().notNull(),
    /** The channel's zone when the game started: every time in its messages and postmortem. */
    timezone: text().notNull(),
    startedBy: integer().references(() => members.id, { onDelete: "set null" }),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    /** The decision the channel is on: its row in gameday_steps. */
    currentSeq: integer().notNull().default(0),
    /** Set when the game reached an ending (finished) or an admin stopped it (stopped). */
    endedAt: timestamp({ withTimezone: true }),
    status: text().$type<"running" | "finished" | "stopped">().notNull().default("running"),
    endingId: text(),
    score: integer(),
  },
  // One game at a time per channel: a second start finds this index and is refused.
  (t) => [uniqueIndex("gamedays_one_running_key").on(t.workspaceId, t.channel).where(sql`${t.endedAt} is null`)],
);

/** A step the channel reached, in order: when it opened, closed, what was chosen and how. */
export const gamedaySteps = pgTable(
  "gameday_steps",
  {
    gamedayId: integer()
      .notNull()
      .references(() => gamedays.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    workspaceId: workspaceColumn(),
    stepId: text().notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    /** When the vote closes by itself (undefined for an ending). */
    closesAt: timestamp({ withTimezone: true }),
    messageId: text(),
    closedAt: timestamp({ withTimezone: true }),
    closedBy: text().$type<"timer" | "admin">(),
    chosenOption: text(),
    /** Votes per option id when the decision closed: the postmortem's aggregate. */
    tally: jsonb().$type<Record<string, number>>(),
    /** Times facts were revealed, by index in the step's facts (ISO strings). */
    revealedAt: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.gamedayId, t.seq] })],
);

/** One vote per person per decision: a second click is the same row, a changed vote replaces it. */
export const gamedayVotes = pgTable(
  "gameday_votes",
  {
    gamedayId: integer()
      .notNull()
      .references(() => gamedays.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    optionId: text().notNull(),
    votedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.gamedayId, t.seq, t.memberId] }), index("gameday_votes_member_idx").on(t.workspaceId, t.memberId)],
);
