import { and, eq, inArray, isNull } from "drizzle-orm";
import { checkinAsks, effects, members, pairs } from "../../drizzle/schema/index.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import { askDue, type CheckinSchedule, checkinScheduleOf, currentWeek } from "./schedule.js";

/** A current pair, with what decides whether this week's digest covers it. */
export interface PairForDigest {
  mentorId: number;
  menteeId: number;
  startedAt: Date;
  menteeTimezone: string;
}

/**
 * The mentees a digest covers now: those who had this week's regular ask. A pair made after the
 * ask came due (its mentee asked at once) has had no time to check in, so its first digest is
 * next week's; telling the mentor "has not checked in" seconds after pairing helps nobody.
 */
export async function coveredMentees(services: Services, schedule: CheckinSchedule, current: PairForDigest[], now: Date): Promise<Set<number>> {
  const candidates = current.filter(
    (p) => currentWeek(p.startedAt, p.menteeTimezone) < currentWeek(now, p.menteeTimezone) || !askDue(schedule, p.startedAt, p.menteeTimezone),
  );
  if (candidates.length === 0) return new Set();
  const asks = await services.db
    .select({ memberId: checkinAsks.memberId, week: checkinAsks.week })
    .from(checkinAsks)
    .where(
      inArray(
        checkinAsks.memberId,
        candidates.map((p) => p.menteeId),
      ),
    );
  const asked = new Set(asks.map((a) => `${a.memberId}:${a.week}`));
  return new Set(candidates.filter((p) => asked.has(`${p.menteeId}:${currentWeek(now, p.menteeTimezone)}`)).map((p) => p.menteeId));
}

/** A workspace's current pairs whose people are still here, for digests. */
export async function currentPairsForDigest(services: Services, workspace: Workspace, mentorId?: number): Promise<PairForDigest[]> {
  const rows = await services.db
    .select({ mentorId: pairs.mentorId, menteeId: pairs.menteeId, startedAt: pairs.startedAt, timezone: members.timezone })
    .from(pairs)
    .innerJoin(members, eq(members.id, pairs.menteeId))
    .where(
      and(
        eq(pairs.workspaceId, workspace.id),
        isNull(pairs.endedAt),
        isNull(members.leftAt),
        mentorId === undefined ? undefined : eq(pairs.mentorId, mentorId),
      ),
    );
  return rows.map((r) => ({ ...r, menteeTimezone: r.timezone ?? workspace.timezone }));
}

export interface DigestsQueued {
  /** Mentors whose digest was queued now. */
  queued: number;
  /** Mentors who already had this week's. */
  alreadySent: number;
}

/**
 * Queues this week's digest (each mentor's own week) for every mentor with a covered mentee who
 * has not had it yet; `onSchedule` keeps to mentors whose digest time has come. The digest is
 * keyed per mentor and week, so a repeat sends nothing; counts say what was actually queued.
 */
export async function queueDigests(services: Services, workspace: Workspace, now: Date, options: { onSchedule: boolean }): Promise<DigestsQueued> {
  const schedule = checkinScheduleOf(workspace.settings);
  const digestSchedule = { day: (schedule.day + 1) % 7, time: schedule.time };
  const current = await currentPairsForDigest(services, workspace);
  const covered = await coveredMentees(services, schedule, current, now);
  const mentorIds = [...new Set(current.filter((p) => covered.has(p.menteeId)).map((p) => p.mentorId))];
  const mentors = mentorIds.length > 0 ? await services.db.select().from(members).where(inArray(members.id, mentorIds)) : [];
  const owed = mentors
    .map((m) => ({ mentor: m, timezone: m.timezone ?? workspace.timezone }))
    .filter(({ mentor, timezone }) => !mentor.leftAt && (!options.onSchedule || askDue(digestSchedule, now, timezone)))
    .map(({ mentor, timezone }) => ({ mentorId: mentor.id, week: currentWeek(now, timezone) }));
  const sent = await sentDigestKeys(
    services,
    workspace.id,
    owed.map((d) => digestKey(d.mentorId, d.week)),
  );
  const toQueue = owed.filter((d) => !sent.has(digestKey(d.mentorId, d.week)));
  await services.jobs.enqueueMany(
    "checkins.digest",
    toQueue.map((d) => ({ data: d, jobId: `checkins.digest-${d.mentorId}-${d.week}` })),
  );
  return { queued: toQueue.length, alreadySent: owed.length - toQueue.length };
}

/** The effect key of a mentor's digest for a week: claimed when it is sent. */
export function digestKey(mentorId: number, week: string): string {
  return `checkins.digest:${mentorId}:${week}`;
}

async function sentDigestKeys(services: Services, workspaceId: number, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await services.db
    .select({ key: effects.key })
    .from(effects)
    .where(and(eq(effects.workspaceId, workspaceId), inArray(effects.key, keys)));
  return new Set(rows.map((r) => r.key));
}
