import { sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.js";

export type Role = "admin" | "mentor" | "mentee";

export const members = pgTable(
  "members",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: integer()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
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
