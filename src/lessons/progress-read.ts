import { type SQL, sql } from "drizzle-orm";
import {
  effects,
  lessonCompletions,
  lessonPlacedOut,
  lessonScheduleChanges,
  lessonSkips,
  lessonStreaks,
  lessonSubscriptions,
} from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { ScheduleChangeRow, SkipRow } from "./schedule-history.js";

/** Everything a member's progress is computed from, read in one statement. */
export interface ProgressFacts {
  completions: { id: string; date: string }[];
  placedIds: Set<string>;
  changes: ScheduleChangeRow[];
  skips: SkipRow[];
  /** The longest streak kept so far (0: none yet). */
  kept: number;
}

/** A completion to write in the same statement, claimed by `deliveryKey` when there is one. */
export interface CompletionWrite {
  lessonId: string;
  localDate: string;
  doneAt: Date;
  deliveryKey: string | undefined;
}

export type WriteResult = { claimed: false } | { claimed: true; first: boolean; facts: ProgressFacts };

type Raw = {
  claimed: boolean;
  first: boolean;
  done: [string, string][];
  placed: string[];
  changes: [number | null, number | null, number[], string, string | null][];
  skips: [string, string][];
  kept: number | null;
};

/**
 * The member's completions, placed-out lessons, schedule history, the workspace's skipped days
 * and the kept longest streak: one round trip instead of five. With `write`, the completion is
 * inserted (and the delivery claimed) by the same statement; the insert's row is added to the
 * read by hand, because a statement's reads do not see its own writes.
 */
export async function readProgressFacts(db: Db, workspaceId: number, memberId: number, write?: CompletionWrite): Promise<WriteResult> {
  const key = write?.deliveryKey ?? null;
  const writes: SQL = write
    ? sql`claimed as (
        insert into ${effects} (workspace_id, key) select ${workspaceId}, ${key}::text where ${key}::text is not null
        on conflict do nothing returning key
      ),
      inserted as (
        insert into ${lessonCompletions} (workspace_id, member_id, lesson_id, local_date, done_at)
        select ${workspaceId}, ${memberId}, ${write.lessonId}, ${write.localDate}::date, ${write.doneAt.toISOString()}::timestamptz
        where ${key}::text is null or exists (select 1 from claimed)
        on conflict do nothing returning lesson_id, local_date
      )`
    : sql`claimed as (select null::text as key), inserted as (select null::text as lesson_id, null::date as local_date where false)`;
  const result = (await db.execute(sql`
    with ${writes}
    select
      ${key}::text is null or exists (select 1 from claimed) as claimed,
      exists (select 1 from inserted) as first,
      (select coalesce(json_agg(json_build_array(d.lesson_id, d.local_date)), '[]'::json) from (
        select lesson_id, local_date from ${lessonCompletions} where member_id = ${memberId}
        union all select lesson_id, local_date from inserted
      ) d) as done,
      (select coalesce(json_agg(lesson_id), '[]'::json) from ${lessonPlacedOut} where member_id = ${memberId}) as placed,
      (select coalesce(json_agg(json_build_array(c.subscription_id, c.member_id, c.days, c.effective_from, s.channel) order by c.effective_from, c.id), '[]'::json)
        from ${lessonScheduleChanges} c left join ${lessonSubscriptions} s on s.id = c.subscription_id
        where c.workspace_id = ${workspaceId} and (c.member_id is null or c.member_id = ${memberId})) as changes,
      (select coalesce(json_agg(json_build_array(channel, local_date)), '[]'::json) from ${lessonSkips} where workspace_id = ${workspaceId}) as skips,
      (select longest from ${lessonStreaks} where member_id = ${memberId}) as kept`)) as unknown as { rows: Raw[] };
  const raw = result.rows[0] as Raw;
  if (!raw.claimed) return { claimed: false };
  return {
    claimed: true,
    first: raw.first,
    facts: {
      completions: raw.done.map(([id, date]) => ({ id, date })),
      placedIds: new Set(raw.placed),
      changes: raw.changes.map(([subscriptionId, changeMember, days, effectiveFrom, channel]) => ({
        subscriptionId,
        memberId: changeMember,
        days,
        effectiveFrom,
        channel,
      })),
      skips: raw.skips.map(([channel, date]) => ({ channel, date })),
      kept: raw.kept ?? 0,
    },
  };
}
