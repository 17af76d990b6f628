import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaceColumn } from "./workspaces.js";

export type Role = "admin" | "mentor" | "mentee";

/** A column naming a member; the row goes when the member's data is deleted. */
export const memberColumn = () =>
  integer()
    .notNull()
    .references(() => members.id, { onDelete: "cascade" });

export const members = pgTable(
  "members",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    /** The user ref, e.g. "slack:T123:U789". */
    ref: text().notNull(),
    displayName: text().notNull().default(""),
    roles: text().array().$type<Role[]>().notNull().default(sql`'{}'::text[]`),
    /** IANA zone; null means "use the workspace's". */
    timezone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set when the person leaves the workspace; kept for history. */
    leftAt: timestamp({ withTimezone: true }),
    /** Set once every domain has let go of the person who left (their pairs ended); until then the sweep retries. */
    leftHandledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("members_workspace_ref_key").on(t.workspaceId, t.ref),
    // The sweep's query: leavings not yet handled, oldest first.
    index("members_left_unhandled_idx").on(t.leftAt).where(sql`${t.leftAt} is not null and ${t.leftHandledAt} is null`),
  ],
);

export type PeriodKind = "member" | "mentee" | "mentor";

/**
 * When someone was a member of the workspace, a mentee or a mentor: one row per stretch, open
 * (no end) while it lasts. The team report counts each past week from these.
 */
export const memberPeriods = pgTable(
  "member_periods",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    kind: text().$type<PeriodKind>().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // At most one open stretch per member and kind: opening one twice is a no-op.
    uniqueIndex("member_periods_open_key").on(t.memberId, t.kind).where(sql`${t.endedAt} is null`),
    index("member_periods_workspace_idx").on(t.workspaceId, t.kind, t.startedAt),
  ],
);
