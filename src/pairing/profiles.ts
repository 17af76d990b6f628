import { and, eq, isNull, or, sql } from "drizzle-orm";
import { members, pairingBlocks, pairingProfiles, pairs, type Role } from "../../drizzle/schema/index.js";
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

  /** Leaves pairing: both roles dropped, current pairs ended. The history stays. */
  async leave(member: Member, now: Date): Promise<number> {
    await this.db
      .update(members)
      .set({ roles: sql`array(select r from unnest(${members.roles}) r where r not in ('mentor', 'mentee'))` })
      .where(eq(members.id, member.id));
    await closePeriods(this.db, member.id, ["mentee", "mentor"], now);
    const ended = await this.db
      .update(pairs)
      .set({ endedAt: now, endReason: "left pairing" })
      .where(and(isNull(pairs.endedAt), or(eq(pairs.mentorId, member.id), eq(pairs.menteeId, member.id))))
      .returning();
    return ended.length;
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

  async block(member: Member, other: Member): Promise<void> {
    if (other.id === member.id) throw new UserError("self_block", "You are never paired with yourself; no need to block.");
    await this.db.insert(pairingBlocks).values({ workspaceId: member.workspaceId, memberId: member.id, blockedId: other.id }).onConflictDoNothing();
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

  async isMentorOf(mentorId: number, menteeId: number): Promise<boolean> {
    const row = await this.db.query.pairs.findFirst({ where: and(eq(pairs.mentorId, mentorId), eq(pairs.menteeId, menteeId), isNull(pairs.endedAt)) });
    return row !== undefined;
  }

  /** Ends the actor's current pairs (as mentee and as mentor); the reason is kept for admins only. */
  async unpair(member: Member, reason: string | undefined, now: Date): Promise<Pair[]> {
    return this.db
      .update(pairs)
      .set({ endedAt: now, endReason: reason ?? "ended by a participant" })
      .where(and(isNull(pairs.endedAt), or(eq(pairs.mentorId, member.id), eq(pairs.menteeId, member.id))))
      .returning();
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
