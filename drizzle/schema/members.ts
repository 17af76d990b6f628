import { sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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
  },
  (t) => [uniqueIndex("members_workspace_ref_key").on(t.workspaceId, t.ref)],
);
