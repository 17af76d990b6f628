import { and, desc, eq, gte, isNull, or, sql } from "drizzle-orm";
import { members, type PairEndKind, pairingBlocks, pairingProfiles, pairs, type Role } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Db } from "../db/connection.js";
import { closePeriods, openPeriods } from "../members/history.js";
import type { Member } from "../members/service.js";

export type Profile = typeof pairingProfiles.$inferSelect;
export type Pair = typeof pairs.$inferSelect;

/** Who takes part in pairing, their profiles, pauses, private blocks and current pairs. */
export class PairingProfiles {
  constructor(private readonly db: Db) {}

  async join(member: Member, role: "mentor" | "mentee", now: Date): Promise<boolean> {
    const had = member.roles.includes(role);
    await this.db
      .update(members)
      .set({ roles: sql`array(select distinct unnest(${members.roles} || array[${role}]::text[]))` })
      .where(eq(members.id, member.id));
    await this.db.insert(pairingProfiles).values({ memberId: member.id, workspaceId: member.workspaceId }).onConflictDoNothing();
    await openPeriods(this.db, member, [role], now);
    return !had;
  }

  /** Leaves pairing: both roles dropped. False when the person had neither role. Their pairs are ended by the caller. */
  async leave(member: Member, now: Date): Promise<boolean> {
    const had = member.roles.includes("mentor") || member.roles.includes("mentee");
    await this.db
      .update(members)
      .set({ roles: sql`array(select r from unnest(${members.roles}) r where r not in ('mentor', 'mentee'))` })
      .where(eq(members.id, member.id));
    await closePeriods(this.db, member.id, ["mentee", "mentor"], now);
    return had;
  }

  async get(memberId: number): Promise<Profile | undefined> {
    return this.db.query.pairingProfiles.findFirst({ where: eq(pairingProfiles.memberId, memberId) });
  }

  async update(member: Member, values: Partial<Omit<Profile, "memberId" | "workspaceId">>): Promise<void> {
    await this.db
      .insert(pairingProfiles)
      .values({ memberId: member.id, workspaceId: member.workspaceId, ...values })
      .onConflictDoUpdate({ target: pairingProfiles.memberId, set: values });
  }

  /** False when the person was already on the list. */
  async block(member: Member, other: Member): Promise<boolean> {
    if (other.id === member.id) throw new UserError("self_block", "You are never paired with yourself; no need to block.");
    const added = await this.db
      .insert(pairingBlocks)
      .values({ workspaceId: member.workspaceId, memberId: member.id, blockedId: other.id })
      .onConflictDoNothing()
      .returning();
    return added.length > 0;
  }

  async unblock(member: Member, other: Member): Promise<boolean> {
    const removed = await this.db
      .delete(pairingBlocks)
      .where(and(eq(pairingBlocks.memberId, member.id), eq(pairingBlocks.blockedId, other.id)))
      .returning();
    return removed.length > 0;
  }

  async blockedNames(member: Member): Promise<string[]> {
    const rows = await this.db
      .select({ name: members.displayName })
      .from(pairingBlocks)
      .innerJoin(members, eq(members.id, pairingBlocks.blockedId))
      .where(eq(pairingBlocks.memberId, member.id));
    return rows.map((r) => r.name);
  }

  /** Pairs in a workspace that either side blocked: never chosen. */
  async blocksIn(workspaceId: number): Promise<{ memberId: number; blockedId: number }[]> {
    return this.db
      .select({ memberId: pairingBlocks.memberId, blockedId: pairingBlocks.blockedId })
      .from(pairingBlocks)
      .where(eq(pairingBlocks.workspaceId, workspaceId));
  }

  async currentMentors(menteeId: number): Promise<(Pair & { name: string; ref: string })[]> {
    return this.pairsWith(eq(pairs.menteeId, menteeId), pairs.mentorId);
  }

  async currentMentees(mentorId: number): Promise<(Pair & { name: string; ref: string })[]> {
    return this.pairsWith(eq(pairs.mentorId, mentorId), pairs.menteeId);
  }

  /** The mentor of a mentee's most recent pair, current or ended. */
  async lastMentorName(menteeId: number): Promise<string | undefined> {
    const [row] = await this.db
      .select({ name: members.displayName })
      .from(pairs)
      .innerJoin(members, eq(members.id, pairs.mentorId))
      .where(eq(pairs.menteeId, menteeId))
      .orderBy(desc(pairs.startedAt), desc(pairs.id))
      .limit(1);
    return row?.name;
  }

  async isMentorOf(mentorId: number, menteeId: number): Promise<boolean> {
    const row = await this.db.query.pairs.findFirst({ where: and(eq(pairs.mentorId, mentorId), eq(pairs.menteeId, menteeId), isNull(pairs.endedAt)) });
    return row !== undefined;
  }

  /**
   * Ends a member's current pairs (as mentee and as mentor), or only the one with `partnerId`.
   * The reason is kept for admins only.
   */
  async end(member: Member, how: { kind: PairEndKind; partnerId?: number; reason?: string; now: Date }): Promise<Pair[]> {
    const either = or(eq(pairs.mentorId, member.id), eq(pairs.menteeId, member.id));
    const partner = how.partnerId === undefined ? undefined : or(eq(pairs.mentorId, how.partnerId), eq(pairs.menteeId, how.partnerId));
    return this.db
      .update(pairs)
      .set({ endedAt: how.now, endKind: how.kind, endedBy: member.id, endReason: how.reason ?? null })
      .where(and(isNull(pairs.endedAt), either, partner))
      .returning();
  }

  /** The pairs the member ended in this way since `since`. */
  async endedBy(member: Member, kind: PairEndKind, since: Date): Promise<Pair[]> {
    return this.db
      .select()
      .from(pairs)
      .where(and(eq(pairs.endedBy, member.id), eq(pairs.endKind, kind), gte(pairs.endedAt, since)));
  }

  hasRole(member: Member, role: Role): boolean {
    return member.roles.includes(role);
  }

  private async pairsWith(condition: ReturnType<typeof eq>, other: typeof pairs.mentorId | typeof pairs.menteeId) {
    const rows = await this.db
      .select({ pair: pairs, name: members.displayName, ref: members.ref })
      .from(pairs)
      .innerJoin(members, eq(members.id, other))
      .where(and(condition, isNull(pairs.endedAt)));
    return rows.map((r) => ({ ...r.pair, name: r.name, ref: r.ref }));
  }
}
