import { boolean, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { memberColumn } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/** A mentee's check-in for one ISO week: one record, edited in place when submitted again. */
export const checkins = pgTable(
  "checkins",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    /** ISO week in the mentee's zone, "2026-W48". */
    week: text().notNull(),
    mood: smallint().notNull(),
    workedOn: text().notNull(),
    blockers: text().notNull().default(""),
    wantsMeeting: boolean().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    /** 1 on the first submit, +1 on each edit: names the version a delivery carries. */
    revision: integer().notNull().default(1),
    /** Set once the latest version reached every current mentor; null means a delivery is owed. */
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("checkins_member_week_key").on(t.memberId, t.week), index("checkins_workspace_week_idx").on(t.workspaceId, t.week)],
);

/** The weekly ask to a mentee, and its one reminder. */
export const checkinAsks = pgTable(
  "checkin_asks",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    week: text().notNull(),
    askedAt: timestamp({ withTimezone: true }).notNull(),
    remindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.week] })],
);
