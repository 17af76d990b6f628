import { integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.js";

/**
 * One Slack app installation per workspace (OAuth install). The whole installation record,
 * tokens included, is stored encrypted (AES-256-GCM); only ids needed for lookups are plain.
 */
export const slackInstallations = pgTable(
  "slack_installations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: integer()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    teamId: text().notNull(),
    enterpriseId: text(),
    botUserId: text(),
    /** The Installation as JSON, encrypted with ENCRYPTION_KEY, bound to the team id. */
    secret: text().notNull(),
    installedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("slack_installations_team_key").on(t.teamId)],
);
