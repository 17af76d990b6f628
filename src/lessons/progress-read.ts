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

/** A completion to write, claimed by `deliveryKey` when there is one, and its member's progress to read back. */
export interface CompletionWrite {
  workspaceId: number;
  memberId: number;
  lessonId: string;
  localDate: string;
  doneAt: Date;
  deliveryKey: string | undefined;
}

/** Not claimed: a repeated delivery, nothing written. `first`: this write recorded the completion. */
export type WriteResult = { claimed: false } | { claimed: true; first: boolean; facts: ProgressFacts };

type RawFacts = {
  done: [string, string][];
  placed: string[];
  changes: [number | null, number | null, number[], string, string | null][];
  skips: [string, string][];
  kept: number | null;
};

/**
 * The member's completions, placed-out lessons and schedule history, the workspace's skipped
 * days and the kept longest streak, as columns of one row: one round trip instead of five.
 * `alsoDone`: completions to count that the statement itself writes (its reads do not see them).
 */
function factColumns(memberId: SQL, workspaceId: SQL, alsoDone: SQL): SQL {
  return sql`
    (select coalesce(json_agg(json_build_array(d.lesson_id, d.local_date)), '[]'::json) from (
      select lesson_id, local_date from ${lessonCompletions} where member_id = ${memberId} ${alsoDone}
    ) d) as done,
    (select coalesce(json_agg(lesson_id), '[]'::json) from ${lessonPlacedOut} where member_id = ${memberId}) as placed,
    (select coalesce(json_agg(json_build_array(c.subscription_id, c.member_id, c.days, c.effective_from, s.channel) order by c.effective_from, c.id), '[]'::json)
      from ${lessonScheduleChanges} c left join ${lessonSubscriptions} s on s.id = c.subscription_id
      where c.workspace_id = ${workspaceId} and (c.member_id is null or c.member_id = ${memberId})) as changes,
    (select coalesce(json_agg(json_build_array(channel, local_date)), '[]'::json) from ${lessonSkips} where workspace_id = ${workspaceId}) as skips,
    (select longest from ${lessonStreaks} where member_id = ${memberId}) as kept`;
}

function facts(raw: RawFacts): ProgressFacts {
  return {
    completions: raw.done.map(([id, date]) => ({ id, date })),
    placedIds: new Set(raw.placed),
    changes: raw.changes.map(([subscriptionId, memberId, days, effectiveFrom, channel]) => ({ subscriptionId, memberId, days, effectiveFrom, channel })),
    skips: raw.skips.map(([channel, date]) => ({ channel, date })),
    kept: raw.kept ?? 0,
  };
}

export async function readProgressFacts(db: Db, workspaceId: number, memberId: number): Promise<ProgressFacts> {
  const result = (await db.execute(sql`select ${factColumns(sql`${memberId}`, sql`${workspaceId}`, sql``)}`)) as unknown as { rows: RawFacts[] };
  return facts(result.rows[0] as RawFacts);
}

/**
 * Claims, writes and reads back many completions in one statement (the presses of a burst). A
 * delivery key named twice is claimed by its first write only; of two writes of one person's
 * same lesson, only the first is `first`.
 */
export async function writeCompletions(db: Db, writes: CompletionWrite[]): Promise<WriteResult[]> {
  const keyOf = (w: CompletionWrite) => `${w.workspaceId}:${w.deliveryKey}`;
  const seenKeys = new Set<string>();
  const repeats = new Set<number>();
  for (const [i, w] of writes.entries()) {
    if (w.deliveryKey === undefined) continue;
    if (seenKeys.has(keyOf(w))) repeats.add(i);
    seenKeys.add(keyOf(w));
  }
  const sent = writes.map((w, idx) => ({ w, idx })).filter(({ idx }) => !repeats.has(idx));
  const values = sql.join(
    sent.map(
      ({ w, idx }) =>
        sql`(${idx}::int, ${w.workspaceId}::int, ${w.memberId}::int, ${w.lessonId}::text, ${w.localDate}::date, ${w.doneAt.toISOString()}::timestamptz, ${w.deliveryKey ?? null}::text)`,
    ),
    sql`, `,
  );
  const isClaimed = sql.raw("(i.delivery_key is null or exists (select 1 from claimed c where c.workspace_id = i.workspace_id and c.key = i.delivery_key))");
  const result = (await db.execute(sql`
    with input (idx, workspace_id, member_id, lesson_id, local_date, done_at, delivery_key) as (values ${values}),
    claimed as (
      insert into ${effects} (workspace_id, key) select workspace_id, delivery_key from input where delivery_key is not null
      on conflict do nothing returning workspace_id, key
    ),
    inserted as (
      insert into ${lessonCompletions} (workspace_id, member_id, lesson_id, local_date, done_at)
      select distinct on (i.member_id, i.lesson_id) i.workspace_id, i.member_id, i.lesson_id, i.local_date, i.done_at
      from input i where ${isClaimed} order by i.member_id, i.lesson_id, i.idx
      on conflict do nothing returning member_id, lesson_id, local_date
    )
    select i.idx, i.member_id, i.lesson_id, ${isClaimed} as claimed,
      exists (select 1 from inserted n where n.member_id = i.member_id and n.lesson_id = i.lesson_id) as first,
      ${factColumns(sql.raw("i.member_id"), sql.raw("i.workspace_id"), sql.raw("union all select lesson_id, local_date from inserted n where n.member_id = i.member_id"))}
    from input i order by i.idx`)) as unknown as {
    rows: (RawFacts & { idx: number; member_id: number; lesson_id: string; claimed: boolean; first: boolean })[];
  };
  const results: WriteResult[] = writes.map(() => ({ claimed: false }));
  const firstTaken = new Set<string>();
  for (const row of result.rows) {
    if (!row.claimed) continue;
    // Rows come in input order: the earliest claimed write of a (member, lesson) recorded it.
    const pair = `${row.member_id}:${row.lesson_id}`;
    const first = row.first && !firstTaken.has(pair);
    if (row.first) firstTaken.add(pair);
    results[row.idx] = { claimed: true, first, facts: facts(row) };
  }
  return results;
}
