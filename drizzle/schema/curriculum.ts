import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The curriculum this database last synced: a start whose curriculum folder hashes the same
 * skips reading, checking and syncing it again.
 */
export const curriculumState = pgTable(
  "curriculum_state",
  {
    /** Always true: the primary key allows one row. */
    singleton: boolean().primaryKey().default(true),
    /** sha256 over every file of the folder (path and bytes) and the sync's format version. */
    contentHash: text().notNull(),
    /** The skills of skills.yaml, in order, as synced. */
    skills: jsonb().$type<{ id: string; title: string }[]>().notNull(),
    /** Questions in the bank after that sync. */
    questions: integer().notNull(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("curriculum_state_one_row", sql`${t.singleton}`)],
);
