import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The web dashboard's sessions (@fastify/session's store): one row per signed-in browser, so any
 * `web` replica serves any request and a restart signs nobody out. Expired rows are never read
 * and are deleted as sessions are written.
 */
export const webSessions = pgTable(
  "web_sessions",
  {
    sid: text().primaryKey(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("web_sessions_expires_at").on(t.expiresAt)],
);
