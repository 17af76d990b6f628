import { and, eq, sql } from "drizzle-orm";
import { members, quizAnswers, quizRoundAnswers, quizSettings } from "../../drizzle/schema/index.js";
import { addDays, localDate, weekdayOf, zonedMidnight } from "../calendar/dates.js";
import type { Db } from "../db/connection.js";
import { labCompletionPoints } from "../practice/points.js";

export type Period = "week" | "month" | "all";

export interface Standing {
  memberId: number;
  name: string;
  points: number;
  rank: number;
}

/** When a period starts in the workspace's zone. "month" is the season: it resets monthly. */
export function periodStart(period: Period, now: Date, timezone: string): Date {
  if (period === "all") return new Date(0);
  const today = localDate(now, timezone);
  if (period === "month") return zonedMidnight(`${today.slice(0, 8)}01`, timezone);
  const sinceMonday = (weekdayOf(today) + 6) % 7;
  return zonedMidnight(addDays(today, -sinceMonday), timezone);
}

/**
 * Points from personal quizzes, channel rounds and practice labs passed since a period's start. Ties go to whoever
 * reached their score first. Members who opted out are left out.
 */
export async function standings(db: Db, workspaceId: number, since: Date, limit = 10): Promise<{ top: Standing[]; all: Standing[] }> {
  const scored = sql`(
    select ${quizAnswers.memberId} as member_id, ${quizAnswers.points} as points, ${quizAnswers.answeredAt} as answered_at
      from ${quizAnswers} where ${quizAnswers.workspaceId} = ${workspaceId} and ${quizAnswers.answeredAt} >= ${since} and ${quizAnswers.points} > 0
    union all
    select ${quizRoundAnswers.memberId}, ${quizRoundAnswers.points}, ${quizRoundAnswers.answeredAt}
      from ${quizRoundAnswers} where ${quizRoundAnswers.workspaceId} = ${workspaceId} and ${quizRoundAnswers.answeredAt} >= ${since} and ${quizRoundAnswers.points} > 0
    union all
    ${labCompletionPoints(workspaceId, since)}
  ) as scored`;
  const rows = await db
    .select({
      memberId: sql<number>`scored.member_id`,
      name: members.displayName,
      points: sql<number>`sum(scored.points)::int`,
      reachedAt: sql<string>`max(scored.answered_at)`,
    })
    .from(scored)
    .innerJoin(members, sql`${members.id} = scored.member_id`)
    .leftJoin(quizSettings, sql`${quizSettings.memberId} = scored.member_id`)
    .where(sql`coalesce(${quizSettings.leaderboardOptOut}, false) = false`)
    .groupBy(sql`scored.member_id`, members.displayName)
    .orderBy(sql`sum(scored.points) desc`, sql`max(scored.answered_at) asc`);
  const all = rows.map((row, index) => ({ memberId: Number(row.memberId), name: row.name, points: Number(row.points), rank: index + 1 }));
  return { top: all.slice(0, limit), all };
}

export async function setOptOut(db: Db, workspaceId: number, memberId: number, optOut: boolean): Promise<void> {
  await db
    .insert(quizSettings)
    .values({ memberId, workspaceId, leaderboardOptOut: optOut })
    .onConflictDoUpdate({ target: quizSettings.memberId, set: { leaderboardOptOut: optOut } });
}

export async function settingsOf(db: Db, memberId: number) {
  return db.query.quizSettings.findFirst({ where: and(eq(quizSettings.memberId, memberId)) });
}
