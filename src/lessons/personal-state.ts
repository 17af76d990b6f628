import { sql } from "drizzle-orm";
import { lessonCompletions, lessonDmPosts, lessonPlacedOut } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { PersonalState } from "./tracks.js";

/** The lessons sent to a member's DMs, marked done and placed out of, in one round trip. */
export async function personalState(db: Db, memberId: number): Promise<PersonalState> {
  const [row] = await db
    .select({
      sent: sql<string[]>`coalesce((select array_agg(${lessonDmPosts.lessonId}) from ${lessonDmPosts} where ${lessonDmPosts.memberId} = ${memberId}), '{}')`,
      done: sql<
        string[]
      >`coalesce((select array_agg(${lessonCompletions.lessonId}) from ${lessonCompletions} where ${lessonCompletions.memberId} = ${memberId}), '{}')`,
      placedOut: sql<
        string[]
      >`coalesce((select array_agg(${lessonPlacedOut.lessonId}) from ${lessonPlacedOut} where ${lessonPlacedOut.memberId} = ${memberId}), '{}')`,
    })
    .from(sql`(select 1) as one`);
  return { sent: new Set(row?.sent ?? []), done: new Set(row?.done ?? []), placedOut: new Set(row?.placedOut ?? []) };
}
