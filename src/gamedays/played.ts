import { and, eq, gte, sql } from "drizzle-orm";
import { gamedays, gamedayVotes, members, quizSettings } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

export interface GameDaysPlayed {
  memberId: number;
  name: string;
  games: number;
}

/**
 * Game days each member played since `since`: games that reached their postmortem (not stopped)
 * and ended in the period, in which the member voted at least once. Members who left the
 * leaderboard are left out, as for quiz points.
 */
export async function gameDaysPlayed(db: Db, workspaceId: number, since: Date): Promise<GameDaysPlayed[]> {
  const rows = await db
    .select({ memberId: gamedayVotes.memberId, name: members.displayName, games: sql<number>`count(distinct ${gamedayVotes.gamedayId})::int` })
    .from(gamedayVotes)
    .innerJoin(gamedays, eq(gamedays.id, gamedayVotes.gamedayId))
    .innerJoin(members, eq(members.id, gamedayVotes.memberId))
    .leftJoin(quizSettings, eq(quizSettings.memberId, gamedayVotes.memberId))
    .where(
      and(
        eq(gamedayVotes.workspaceId, workspaceId),
        eq(gamedays.status, "finished"),
        gte(gamedays.endedAt, since),
        sql`coalesce(${quizSettings.leaderboardOptOut}, false) = false`,
      ),
    )
    .groupBy(gamedayVotes.memberId, members.displayName);
  return rows.map((r) => ({ memberId: Number(r.memberId), name: r.name, games: Number(r.games) }));
}
