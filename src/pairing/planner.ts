import { and, desc, eq, gte, isNull } from "drizzle-orm";
import { members, pairingProfiles, pairingSkips, pairs } from "../../drizzle/schema/index.js";
import { localDate } from "../calendar/dates.js";
import { weakest } from "../quizzes/profile.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import { type MenteeFacts, type MentorFacts, type PairFit, pairFit } from "./fit.js";
import type { MatchInstance } from "./instance.js";
import { solveAssignment } from "./solver.js";

/** Each mentee's best candidates passed to the solver. */
const CANDIDATES_PER_MENTEE = 50;

export interface PlannedPair {
  mentee: MenteeFacts;
  mentor: MentorFacts;
  fit: PairFit;
}

export interface RoundPlan {
  pairs: PlannedPair[];
  unmatched: MenteeFacts[];
  seed: number;
  /** Mentees not in this round, and why: they have a mentor, or are paused or skipping it. */
  notWaiting: { paired: number; away: number };
  /** Mentors with room for another mentee. */
  mentorsWithRoom: number;
}

/**
 * Who would be paired with whom in a workspace now, and why, changing nothing: the facts are
 * read, each allowed pair scored, and the exact solver picks the assignment with most pairs,
 * unmatched-last-time mentees first, then the largest total fit.
 */
export async function planRound(services: Services, workspace: Workspace, period: string, seed: number): Promise<RoundPlan> {
  const { db, config } = services;
  const now = services.now();
  const today = localDate(now, workspace.timezone);
  const rows = await db
    .select({ member: members, profile: pairingProfiles })
    .from(members)
    .innerJoin(pairingProfiles, eq(pairingProfiles.memberId, members.id))
    .where(and(eq(members.workspaceId, workspace.id), isNull(members.leftAt)));
  const skipped = new Set(
    (
      await db
        .select({ id: pairingSkips.memberId })
        .from(pairingSkips)
        .where(and(eq(pairingSkips.workspaceId, workspace.id), eq(pairingSkips.period, period)))
    ).map((r) => r.id),
  );
  const active = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.workspaceId, workspace.id), isNull(pairs.endedAt)));
  const since = new Date(now.getTime() - config.PAIRING_COOLDOWN_WEEKS * 7 * 86_400_000);
  const recent = await db
    .select({ mentor: pairs.mentorId, mentee: pairs.menteeId })
    .from(pairs)
    .where(and(eq(pairs.workspaceId, workspace.id), gte(pairs.startedAt, since)));
  const recentKey = new Set(recent.map((r) => `${r.mentee}:${r.mentor}`));
  // A pair that one of them ended is not made again within the cooldown.
  const unpaired = await db
    .select({ mentor: pairs.mentorId, mentee: pairs.menteeId })
    .from(pairs)
    .where(and(eq(pairs.workspaceId, workspace.id), eq(pairs.endKind, "unpair"), gte(pairs.endedAt, since)));
  const latestMentor = new Map(
    (
      await db
        .selectDistinctOn([pairs.menteeId], { mentee: pairs.menteeId, mentor: pairs.mentorId })
        .from(pairs)
        .where(eq(pairs.workspaceId, workspace.id))
        .orderBy(pairs.menteeId, desc(pairs.startedAt), desc(pairs.id))
    ).map((r) => [r.mentee, r.mentor]),
  );
  const available = rows.filter(({ profile, member }) => !skipped.has(member.id) && !(profile.pausedUntil && profile.pausedUntil > today));
  const skillTitle = (id: string) => services.lessons.skills.find((s) => s.id === id)?.title ?? id;

  const mentees: (MenteeFacts & { priority: boolean; excludedMentors: Set<number> })[] = [];
  for (const { member, profile } of available.filter(({ member }) => member.roles.includes("mentee"))) {
    const current = active.find((p) => p.menteeId === member.id);
    if (current && !profile.rematch) continue;
    const profileSkills = await services.quizzes.skillProfile(member.id, services.lessons.skills, now);
    const weak = weakest(profileSkills, 3).map((s) => s.skill);
    mentees.push({
      memberId: member.id,
      name: member.displayName,
      gaps: weak.length > 0 ? weak : profile.goals,
      gapsFromQuizzes: weak.length > 0,
      timezone: member.timezone ?? workspace.timezone,
      hoursStart: profile.hoursStart,
      hoursEnd: profile.hoursEnd,
      languages: profile.languages,
      priority: profile.priority,
      // A rematch never returns the mentor she asked to leave, current or already ended.
      excludedMentors: new Set([
        ...unpaired.filter((p) => p.mentee === member.id).map((p) => p.mentor),
        ...(profile.rematch ? [latestMentor.get(member.id)] : []).filter((id) => id !== undefined),
      ]),
    });
  }
  const mentors: (MentorFacts & { room: number })[] = available
    .filter(({ member }) => member.roles.includes("mentor"))
    .map(({ member, profile }) => ({
      memberId: member.id,
      name: member.displayName,
      offers: profile.offers,
      timezone: member.timezone ?? workspace.timezone,
      hoursStart: profile.hoursStart,
      hoursEnd: profile.hoursEnd,
      languages: profile.languages,
      room: profile.capacity - active.filter((p) => p.mentorId === member.id).length,
    }))
    .filter((m) => m.room > 0);

  const blocks = await services.pairing.profiles.blocksIn(workspace.id);
  const blocked = new Set(blocks.flatMap((b) => [`${b.memberId}:${b.blockedId}`, `${b.blockedId}:${b.memberId}`]));
  const fits = new Map<string, PairFit>();
  const instance: MatchInstance = { mentees: [], mentors: mentors.map((m) => ({ id: String(m.memberId), capacity: m.room })) };
  for (const mentee of mentees) {
    const scored = mentors
      .filter((m) => m.memberId !== mentee.memberId && !mentee.excludedMentors.has(m.memberId) && !blocked.has(`${mentee.memberId}:${m.memberId}`))
      .map((m) => ({ mentor: m, fit: pairFit(mentee, m, recentKey.has(`${mentee.memberId}:${m.memberId}`), skillTitle) }))
      .sort((a, b) => b.fit.fit - a.fit.fit)
      .slice(0, CANDIDATES_PER_MENTEE);
    for (const s of scored) fits.set(`${mentee.memberId}:${s.mentor.memberId}`, s.fit);
    instance.mentees.push({
      id: String(mentee.memberId),
      priority: mentee.priority,
      candidates: scored.map((s) => ({ mentor: String(s.mentor.memberId), fit: s.fit.fit })),
    });
  }
  const result = solveAssignment(instance, { seed });
  const menteeById = new Map(mentees.map((m) => [String(m.memberId), m]));
  const mentorById = new Map(mentors.map((m) => [String(m.memberId), m]));
  const menteeRows = rows.filter(({ member }) => member.roles.includes("mentee"));
  const availableMentees = available.filter(({ member }) => member.roles.includes("mentee")).length;
  return {
    seed,
    notWaiting: { paired: availableMentees - mentees.length, away: menteeRows.length - availableMentees },
    mentorsWithRoom: mentors.length,
    pairs: result.pairs.map((p) => ({
      mentee: menteeById.get(p.mentee) as MenteeFacts,
      mentor: mentorById.get(p.mentor) as MentorFacts,
      fit: fits.get(`${p.mentee}:${p.mentor}`) as PairFit,
    })),
    unmatched: result.unmatched.map((id) => menteeById.get(id) as MenteeFacts),
  };
}

/** A seed from the workspace and period: the same round always solves the same way. */
export function roundSeed(workspaceId: number, period: string): number {
  let hash = workspaceId;
  for (const char of period) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return Math.abs(hash);
}
