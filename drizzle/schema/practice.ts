import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { memberColumn } from "./members.js";
import { workspaceColumn } from "./workspaces.js";

/**
 * Output a learner pasted for a practice lab, and what the bot made of it. Private to the
 * learner: only they read it back; `sharedAt` marks the one summary they chose to post.
 */
export const labSubmissions = pgTable(
  "lab_submissions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    labId: text().notNull(),
    /** The paste as received (size-limited before it gets here); never shown to anyone else. */
    output: text().notNull(),
    passed: boolean().notNull(),
    /** The feedback given: check ids with their values, and the one-line summary. */
    result: jsonb().$type<{ summary?: string; reason?: string; findings: { check: string; values: Record<string, number | string> }[] }>().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    /** Set once, when the learner posts the summary to a channel. */
    sharedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("lab_submissions_member_lab_idx").on(t.memberId, t.labId, t.submittedAt)],
);

/** A lab passed: one row per person per lab, whatever the number of submits. Counted on the leaderboard. */
export const labCompletions = pgTable(
  "lab_completions",
  {
    workspaceId: workspaceColumn(),
    memberId: memberColumn(),
    labId: text().notNull(),
    submissionId: integer()
      .notNull()
      .references(() => labSubmissions.id, { onDelete: "cascade" }),
    completedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.labId] }), index("lab_completions_workspace_idx").on(t.workspaceId, t.completedAt)],
);
