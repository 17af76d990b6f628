import type { PairEndKind } from "../../drizzle/schema/index.js";
import { type Message, textMessage } from "../core/message.js";
import { plainName } from "../core/text.js";
import type { Member } from "../members/service.js";
import type { Services } from "../services.js";
import type { Pair } from "./profiles.js";

/**
 * Ends a member's current pairs, or only the one with `partnerId`, and has the other person of
 * each told (once per pair, by a job). Returns the pairs that ended.
 */
export async function endPairs(services: Services, member: Member, how: { kind: PairEndKind; partnerId?: number; reason?: string }): Promise<Pair[]> {
  const ended = await services.pairing.profiles.end(member, { ...how, now: services.now() });
  await announceEnded(services, ended);
  return ended;
}

/**
 * Someone left the workspace: their pairs end and the other person of each is told. Idempotent,
 * since a leaving is retried until it succeeds once: a repeat ends nothing more, and queues again
 * the notices of every pair this leaving ended, which a crash may have come before (each notice
 * is sent once per pair, so none is sent twice).
 */
export async function retire(services: Services, member: Member): Promise<void> {
  const now = services.now();
  await services.pairing.profiles.end(member, { kind: "retired", now });
  await announceEnded(services, await services.pairing.profiles.endedBy(member, "retired", member.leftAt ?? now));
}

/** Queues the notice to the other person of each ended pair. */
export async function announceEnded(services: Services, ended: Pick<Pair, "id">[]): Promise<void> {
  await services.jobs.enqueueMany(
    "pairing.ended",
    ended.map((pair) => ({ data: { pairId: pair.id }, jobId: `pairing.ended-${pair.id}` })),
  );
}

/** What the other person is told: who ended it and what happens next. The reason stays with admins. */
export function endedMessage(kind: PairEndKind, enderName: string, recipientRole: "mentor" | "mentee"): Message {
  const name = plainName(enderName);
  const what = {
    unpair: `${name} ended your mentoring pairing.`,
    left: `${name} left mentoring, so your pairing ended.`,
    retired: `${name} left the workspace, so your pairing ended.`,
    rematch: `${name} asked for a new mentor and has one now, so your pairing ended.`,
  }[kind];
  const next =
    recipientRole === "mentee"
      ? "You are still a mentee: the next pairing round looks for a new mentor for you."
      : "Thank you for the time you gave them. Your place is free for the next pairing round.";
  return textMessage(`${what} ${next}`);
}
