import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * This database's one row of identity. Its queue namespace keeps its jobs apart from those of any
 * other database on the same Redis: row ids repeat across databases, job ids built from them
 * must not.
 */
export const installation = pgTable(
  "installation",
  {
    /** Always true: the primary key allows one row. */
    singleton: boolean().primaryKey().default(true),
    /** Appended to QUEUE_PREFIX; empty for a database older than this table (its queues stay where they were). */
    queueNamespace: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("installation_one_row", sql`${t.singleton}`)],
);
