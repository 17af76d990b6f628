import { type SQL, sql } from "drizzle-orm";
import { labCompletions } from "../../drizzle/schema/index.js";

/** Points for passing a practice lab: once per person per lab, ever (README, "Points"). */
export const LAB_COMPLETION_POINTS = 150;

/**
 * Lab completions as leaderboard rows (member_id, points, answered_at), to stand beside quiz
 * answers in `standings`: each completed lab scores LAB_COMPLETION_POINTS in the period in which
 * it was first passed. The completion row is keyed by (member, lab), so it counts once.
 */
export function labCompletionPoints(workspaceId: number, since: Date): SQL {
  return sql`select ${labCompletions.memberId}, ${LAB_COMPLETION_POINTS}::int, ${labCompletions.completedAt}
      from ${labCompletions} where ${labCompletions.workspaceId} = ${workspaceId} and ${labCompletions.completedAt} >= ${since}`;
}
