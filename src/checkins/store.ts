import { and, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { checkinAsks, checkins } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

/** The largest PostgreSQL integer: the check-in id column's range. */
const MAX_ROW_ID = 2_147_483_647;

export type Checkin = typeof checkins.$inferSelect;

export interface CheckinInput {
  mood: number;
  workedOn: string;
  blockers: string;
  wantsMeeting: boolean;
}

/** Check-ins and asks in Postgres: a submitted check-in is written before anything else happens. */
export class CheckinStore {
  constructor(private readonly db: Db) {}

  /** Saves the week's check-in; a second submit edits it. Delivery is owed again either way. */
  async save(workspaceId: number, memberId: number, week: string, input: CheckinInput, now: Date): Promise<{ checkin: Checkin; edited: boolean }> {
    const existing = await this.forWeek(memberId, week);
    const values = { ...input, updatedAt: now, deliveredAt: null };
    const [row] = await this.db
      .insert(checkins)
      .values({ workspaceId, memberId, week, ...values, submittedAt: now })
      .onConflictDoUpdate({ target: [checkins.memberId, checkins.week], set: { ...values, revision: sql`${checkins.revision} + 1` } })
      .returning();
    return { checkin: row as Checkin, edited: existing !== undefined };
  }

  async forWeek(memberId: number, week: string): Promise<Checkin | undefined> {
    return this.db.query.checkins.findFirst({ where: and(eq(checkins.memberId, memberId), eq(checkins.week, week)) });
  }

  async byId(id: number): Promise<Checkin | undefined> {
    // Ids come back from buttons and forms, so any value can arrive: only a real row id reaches the query.
    if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) return undefined;
    return this.db.query.checkins.findFirst({ where: eq(checkins.id, id) });
  }

  async recent(memberId: number, weeks: number): Promise<Checkin[]> {
    return this.db.select().from(checkins).where(eq(checkins.memberId, memberId)).orderBy(desc(checkins.week)).limit(weeks);
  }

  /** Marks a revision delivered; a newer revision saved meanwhile stays owed. */
  async markDelivered(id: number, revision: number): Promise<void> {
    await this.db
      .update(checkins)
      .set({ deliveredAt: new Date() })
      .where(and(eq(checkins.id, id), eq(checkins.revision, revision)));
  }

  /** Check-ins whose latest version has not reached the mentors for a minute: redelivered by the tick. */
  async undelivered(workspaceId: number, olderThan: Date): Promise<Checkin[]> {
    return this.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.workspaceId, workspaceId), isNull(checkins.deliveredAt), lte(checkins.updatedAt, olderThan)));
  }

  /** Records the week's ask; false when it was already made. */
  async claimAsk(workspaceId: number, memberId: number, week: string, now: Date): Promise<boolean> {
    const rows = await this.db.insert(checkinAsks).values({ workspaceId, memberId, week, askedAt: now }).onConflictDoNothing().returning();
    return rows.length === 1;
  }

  async releaseAsk(memberId: number, week: string): Promise<void> {
    await this.db.delete(checkinAsks).where(and(eq(checkinAsks.memberId, memberId), eq(checkinAsks.week, week)));
  }

  async asked(memberIds: number[], week: string): Promise<Set<number>> {
    if (memberIds.length === 0) return new Set();
    const rows = await this.db
      .select({ id: checkinAsks.memberId })
      .from(checkinAsks)
      .where(and(inArray(checkinAsks.memberId, memberIds), eq(checkinAsks.week, week)));
    return new Set(rows.map((r) => r.id));
  }

  /** Asks made at least a day ago, not reminded, with no check-in for that week. */
  async needingReminder(workspaceId: number, askedBefore: Date): Promise<{ memberId: number; week: string }[]> {
    return this.db
      .select({ memberId: checkinAsks.memberId, week: checkinAsks.week })
      .from(checkinAsks)
      .leftJoin(checkins, and(eq(checkins.memberId, checkinAsks.memberId), eq(checkins.week, checkinAsks.week)))
      .where(and(eq(checkinAsks.workspaceId, workspaceId), isNull(checkinAsks.remindedAt), lte(checkinAsks.askedAt, askedBefore), isNull(checkins.id)));
  }

  /** Marks the reminder sent; false when another run already did (nobody is reminded twice). */
  async claimReminder(memberId: number, week: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(checkinAsks)
      .set({ remindedAt: now })
      .where(and(eq(checkinAsks.memberId, memberId), eq(checkinAsks.week, week), isNull(checkinAsks.remindedAt)))
      .returning();
    return rows.length === 1;
  }

  async unclaimReminder(memberId: number, week: string): Promise<void> {
    await this.db
      .update(checkinAsks)
      .set({ remindedAt: null })
      .where(and(eq(checkinAsks.memberId, memberId), eq(checkinAsks.week, week)));
  }

  /** How many asked weeks in a row, ending with `week`, have no check-in. */
  async missedInARow(memberId: number, week: string): Promise<number> {
    const rows = await this.db
      .select({ week: checkinAsks.week, submitted: sql<boolean>`${checkins.id} is not null` })
      .from(checkinAsks)
      .leftJoin(checkins, and(eq(checkins.memberId, checkinAsks.memberId), eq(checkins.week, checkinAsks.week)))
      .where(and(eq(checkinAsks.memberId, memberId), lte(checkinAsks.week, week)))
      .orderBy(desc(checkinAsks.week))
      .limit(5);
    let missed = 0;
    for (const row of rows) {
      if (row.submitted) break;
      missed++;
    }
    return missed;
  }
}
