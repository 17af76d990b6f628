import { sql } from "drizzle-orm";
import { effects, quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

/** A round answer as it is stored, plus the platform delivery it came with. */
export interface RoundAnswerRow {
  workspaceId: number;
  roundId: number;
  memberId: number;
  optionIndex: number;
  correct: boolean;
  responseMs: number;
  points: number;
  answeredAt: Date;
  /** The effect key of the click's delivery; a key claimed before means the click was handled. */
  deliveryKey?: string;
}

/** `duplicate_delivery`: this very click was handled before; `closed`: the round takes no more answers. */
export type WriteOutcome = "recorded" | "already_answered" | "closed" | "duplicate_delivery";

interface Waiting {
  row: RoundAnswerRow;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/** Statements on their way at once; the clicks that arrive meanwhile wait and go together. */
const IN_FLIGHT = 2;
/** At most this many answers per statement (10 parameters each). */
const MAX_BATCH = 500;

/**
 * Writes round answers in batches, like a database's group commit: an answer goes at once when
 * fewer than IN_FLIGHT statements are on their way, else with the next batch. One statement per
 * batch claims each click's delivery key, inserts the answers of the clicks it claimed while the
 * round is open (the first answer per member wins), and says what happened to each.
 */
export class RoundAnswerWriter {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  /** Member and delivery keys of the answers in statements on their way. */
  private readonly keysInFlight = new Set<string>();

  constructor(private readonly db: Db) {}

  write(row: RoundAnswerRow): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < IN_FLIGHT && this.waiting.length > 0) {
      const { batch, keys } = this.takeBatch();
      // Everything waiting repeats a member or a delivery on its way: it goes when that one is done.
      if (batch.length === 0) return;
      this.inFlight++;
      for (const key of keys) this.keysInFlight.add(key);
      void this.send(batch).finally(() => {
        for (const key of keys) this.keysInFlight.delete(key);
        this.inFlight--;
        this.flush();
      });
    }
  }

  /**
   * The next batch, first come first served. A second answer of the same member to the same
   * round, or a second copy of one delivery, waits until the first one's statement is done
   * (whether in this batch or one already on its way), so it finds the first one stored and
   * gets its own outcome.
   */
  private takeBatch(): { batch: Waiting[]; keys: string[] } {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const taken = new Set<string>();
    for (const item of this.waiting) {
      const { roundId, memberId, workspaceId, deliveryKey } = item.row;
      const keys = [`a:${roundId}:${memberId}`, ...(deliveryKey ? [`d:${workspaceId}:${deliveryKey}`] : [])];
      if (batch.length >= MAX_BATCH || keys.some((k) => taken.has(k) || this.keysInFlight.has(k))) {
        rest.push(item);
        continue;
      }
      for (const k of keys) taken.add(k);
      batch.push(item);
    }
    this.waiting = rest;
    return { batch, keys: [...taken] };
  }

  private async send(batch: Waiting[]): Promise<void> {
    let outcomes: WriteOutcome[];
    try {
      outcomes = await this.statement(batch.map((w) => w.row));
    } catch (error) {
      // One bad answer (a member deleted meanwhile) must not fail the others: alone, each gets its own outcome.
      if (batch.length > 1) {
        for (const item of batch) {
          this.statement([item.row]).then(([outcome]) => item.resolve(outcome as WriteOutcome), item.reject);
        }
      } else {
        for (const item of batch) item.reject(error);
      }
      return;
    }
    batch.forEach((item, i) => {
      item.resolve(outcomes[i] as WriteOutcome);
    });
  }

  private async statement(rows: RoundAnswerRow[]): Promise<WriteOutcome[]> {
    const values = sql.join(
      rows.map((r, i) =>
        // Types named once, on the first row: the other rows take the column's type.
        i === 0
          ? sql`(${i}::int, ${r.workspaceId}::int, ${r.roundId}::int, ${r.memberId}::int, ${r.optionIndex}::smallint, ${r.correct}::boolean, ${r.responseMs}::int, ${r.points}::int, ${r.answeredAt}::timestamptz, ${r.deliveryKey ?? null}::text)`
          : sql`(${i}, ${r.workspaceId}, ${r.roundId}, ${r.memberId}, ${r.optionIndex}, ${r.correct}, ${r.responseMs}, ${r.points}, ${r.answeredAt}, ${r.deliveryKey ?? null})`,
      ),
      sql`, `,
    );
    const claimedByThisBatch = sql.raw(
      "(i.delivery_key is null or exists (select 1 from claimed c where c.workspace_id = i.workspace_id and c.key = i.delivery_key))",
    );
    const result = (await this.db.execute(sql`
      with input (idx, workspace_id, round_id, member_id, option_index, correct, response_ms, points, answered_at, delivery_key) as (values ${values}),
      claimed as (
        insert into ${effects} (workspace_id, key)
        select workspace_id, delivery_key from input where delivery_key is not null
        on conflict do nothing
        returning workspace_id, key
      ),
      recorded as (
        insert into ${quizRoundAnswers} (workspace_id, round_id, member_id, option_index, correct, response_ms, points, answered_at)
        select i.workspace_id, i.round_id, i.member_id, i.option_index, i.correct, i.response_ms, i.points, i.answered_at
        from input i join ${quizRounds} r on r.id = i.round_id and r.closed_at is null
        where ${claimedByThisBatch}
        on conflict do nothing
        returning round_id, member_id
      )
      select i.idx,
        ${claimedByThisBatch} as claimed,
        exists (select 1 from recorded d where d.round_id = i.round_id and d.member_id = i.member_id) as recorded,
        exists (select 1 from ${quizRounds} r where r.id = i.round_id and r.closed_at is null) as open
      from input i`)) as unknown as { rows: { idx: number; claimed: boolean; recorded: boolean; open: boolean }[] };
    const outcomes: WriteOutcome[] = [];
    for (const row of result.rows) {
      outcomes[row.idx] = !row.claimed ? "duplicate_delivery" : row.recorded ? "recorded" : row.open ? "already_answered" : "closed";
    }
    return outcomes;
  }
}
