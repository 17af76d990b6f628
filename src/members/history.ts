import { and, eq, inArray, isNull } from "drizzle-orm";
import { memberPeriods, type PeriodKind } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

/**
 * Who was a member, a mentee or a mentor, and when: the stretches the team report counts past
 * weeks from. Opening a stretch that is already open does nothing (one open stretch per member
 * and kind, by a unique index), so a repeated event records it once.
 */
export async function openPeriods(db: Db, member: { id: number; workspaceId: number }, kinds: PeriodKind[], at: Date): Promise<void> {
  if (kinds.length === 0) return;
  await db
    .insert(memberPeriods)
    .values(kinds.map((kind) => ({ workspaceId: member.workspaceId, memberId: member.id, kind, startedAt: at })))
    .onConflictDoNothing();
}

/** Ends a member's open stretches of these kinds at `at`. */
export async function closePeriods(db: Db, memberId: number, kinds: PeriodKind[], at: Date): Promise<void> {
  await db
    .update(memberPeriods)
    .set({ endedAt: at })
    .where(and(eq(memberPeriods.memberId, memberId), inArray(memberPeriods.kind, kinds), isNull(memberPeriods.endedAt)));
}

/** The mentoring roles among a member's roles: the stretches that reopen when they come back. */
export function mentoringRoles(roles: readonly string[]): PeriodKind[] {
  return (["mentee", "mentor"] as const).filter((role) => roles.includes(role));
}
