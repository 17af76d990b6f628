import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { pairingProfiles, pairingRounds, pairs } from "../../drizzle/schema/index.js";
import { ensureCheckinTick } from "../checkins/schedule.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import { announceEnded } from "./endings.js";
import { planRound, type RoundPlan, roundSeed } from "./planner.js";

export interface RoundOutcome {
  /** False when a round already ran for this period: nothing changed. */
  ran: boolean;
  roundId?: number;
  plan?: RoundPlan;
}

/**
 * Runs a pairing round for a period as one transaction: the round row (unique per workspace
 * and period) is the key, so a second run for the same period changes nothing. Introductions
 * and notices go out afterwards as jobs.
 */
export async function runRound(services: Services, workspace: Workspace, period: string): Promise<RoundOutcome> {
  const seed = roundSeed(workspace.id, period);
  const plan = await planRound(services, workspace, period, seed);
  const now = services.now();
  const committed = await services.db.transaction(async (tx) => {
    const [round] = await tx
      .insert(pairingRounds)
      .values({ workspaceId: workspace.id, period, seed, matched: plan.pairs.length, unmatched: plan.unmatched.length })
      .onConflictDoNothing()
      .returning({ id: pairingRounds.id });
    if (!round) return undefined;
    const matchedIds = plan.pairs.map((p) => p.mentee.memberId);
    let rematched: { id: number }[] = [];
    if (matchedIds.length > 0) {
      // A mentee who asked for a rematch and got a new mentor ends the old pair.
      rematched = await tx
        .update(pairs)
        .set({ endedAt: now, endKind: "rematch", endedBy: sql`${pairs.menteeId}` })
        .where(and(inArray(pairs.menteeId, matchedIds), isNull(pairs.endedAt)))
        .returning({ id: pairs.id });
      await tx.insert(pairs).values(
        plan.pairs.map((p) => ({
          workspaceId: workspace.id,
          roundId: round.id,
          mentorId: p.mentor.memberId,
          menteeId: p.mentee.memberId,
          fit: p.fit.fit,
          reason: p.fit.reason,
          startedAt: now,
        })),
      );
      await tx.update(pairingProfiles).set({ priority: false, rematch: false }).where(inArray(pairingProfiles.memberId, matchedIds));
    }
    const unmatchedIds = plan.unmatched.map((m) => m.memberId);
    if (unmatchedIds.length > 0) await tx.update(pairingProfiles).set({ priority: true }).where(inArray(pairingProfiles.memberId, unmatchedIds));
    return { id: round.id, rematched };
  });
  if (committed === undefined) return { ran: false };
  const roundId = committed.id;
  await announceEnded(services, committed.rematched);
  await ensureCheckinTick({ services, workspace });
  const created = await services.db.select({ id: pairs.id }).from(pairs).where(eq(pairs.roundId, roundId));
  await services.jobs.enqueueMany(
    "pairing.intro",
    created.map((p) => ({ data: { pairId: p.id }, jobId: `pairing.intro-${p.id}` })),
  );
  await services.jobs.enqueueMany(
    "pairing.unmatched",
    plan.unmatched.map((m) => ({ data: { memberId: m.memberId, roundId }, jobId: `pairing.unmatched-${roundId}-${m.memberId}` })),
  );
  return { ran: true, roundId, plan };
}
