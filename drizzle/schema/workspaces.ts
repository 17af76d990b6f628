import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** A tenant table's workspace column: every row belongs to one workspace and goes with it. */
export const workspaceColumn = () =>
  integer()
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** One installation: a Slack workspace, a Discord server, or the console. */
export const workspaces = pgTable(
  "workspaces",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** "console", "slack" or "discord". */
    platform: text().notNull(),
    /** The workspace ref, e.g. "slack:T123". */
    ref: text().notNull(),
    name: text().notNull().default(""),
    timezone: text().notNull().default("UTC"),
    settings: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workspaces_ref_key").on(t.ref)],
);

export const channels = pgTable(
  "channels",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    /** The conversation ref, e.g. "slack:T123:C456". */
    ref: text().notNull(),
    name: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("channels_workspace_ref_key").on(t.workspaceId, t.ref)],
);

/**
 * Keys of effects that must happen once (a lesson post, a processed platform event).
 * A job claims its key before acting; a repeat finds the key and does nothing.
 */
export const effects = pgTable(
  "effects",
  {
    workspaceId: workspaceColumn(),
    key: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/** Deliveries the platform refused for good (unknown channel, DMs blocked): shown to admins. */
export const deliveryFailures = pgTable("delivery_failures", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  workspaceId: workspaceColumn(),
  target: text().notNull(),
  code: text().notNull(),
  detail: text().notNull().default(""),
  job: text().notNull().default(""),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
