import type { MatchInstance } from "../instance.js";
import { seededOrder } from "./tie-order.js";

/**
 * The pairs the solver may choose (candidates minus forbidden pairs and self-pairs), with
 * mentees and mentors renumbered in the seeded tie order. Pair k joins mentee `menteeRank[k]`
 * and mentor `mentorRank[k]`; `byMentor` lists the pairs mentor by mentor and `byMentee`
 * mentee by mentee, each ascending in the other side's rank, so the problem built from them
 * is the same whatever order the instance listed things in.
 */
export interface AllowedPairs {
  count: number;
  menteeRank: Int32Array;
  mentorRank: Int32Array;
  /** Input positions, to name the pair in the result. */
  menteeIndex: Int32Array;
  mentorIndex: Int32Array;
  fit: Float64Array;
  byMentor: Int32Array;
  byMentee: Int32Array;
  /** Input position of the mentor with each rank. */
  mentorAtRank: Int32Array;
}

export function allowedPairs(instance: MatchInstance, seed: number): AllowedPairs {
  const { mentees, mentors } = instance;
  const menteeRankOf = seededOrder(
    mentees.map((m) => m.id),
    seed,
    "mentee",
  );
  const mentorRankOf = seededOrder(
    mentors.map((m) => m.id),
    seed,
    "mentor",
  );
  const menteeAtRank = inverse(menteeRankOf);
  const mentorAtRank = inverse(mentorRankOf);
  const mentorIndexById = new Map(mentors.map((m, i) => [m.id, i]));
  const forbidden = new Map<string, Set<string>>();
  for (const pair of instance.forbidden ?? []) {
    const set = forbidden.get(pair.mentee) ?? new Set<string>();
    set.add(pair.mentor);
    forbidden.set(pair.mentee, set);
  }

  const maxPairs = mentees.reduce((n, m) => n + m.candidates.length, 0);
  const menteeRank = new Int32Array(maxPairs);
  const mentorRank = new Int32Array(maxPairs);
  const menteeIndex = new Int32Array(maxPairs);
  const mentorIndex = new Int32Array(maxPairs);
  const fit = new Float64Array(maxPairs);
  let count = 0;
  for (let rank = 0; rank < mentees.length; rank++) {
    const i = menteeAtRank[rank] as number;
    const mentee = mentees[i];
    if (mentee === undefined) continue;
    const notWith = forbidden.get(mentee.id);
    for (const candidate of mentee.candidates) {
      if (candidate.mentor === mentee.id || notWith?.has(candidate.mentor)) continue;
      const j = mentorIndexById.get(candidate.mentor) as number;
      menteeRank[count] = rank;
      mentorRank[count] = mentorRankOf[j] as number;
      menteeIndex[count] = i;
      mentorIndex[count] = j;
      fit[count] = candidate.fit;
      count++;
    }
  }
  const inMenteeOrder = new Int32Array(count);
  for (let k = 0; k < count; k++) inMenteeOrder[k] = k;
  const byMentor = groupStably(inMenteeOrder, mentorRank, mentors.length);
  const byMentee = groupStably(byMentor, menteeRank, mentees.length);
  return { count, menteeRank, mentorRank, menteeIndex, mentorIndex, fit, byMentor, byMentee, mentorAtRank };
}

function inverse(rank: Int32Array): Int32Array {
  const at = new Int32Array(rank.length);
  rank.forEach((r, i) => {
    at[r] = i;
  });
  return at;
}

/** Counting sort of `order` by `key`, keeping the existing order inside each group. */
function groupStably(order: Int32Array, key: Int32Array, groupCount: number): Int32Array {
  const next = new Int32Array(groupCount + 1);
  for (let i = 0; i < order.length; i++) {
    const group = key[order[i] as number] as number;
    next[group + 1] = (next[group + 1] as number) + 1;
  }
  for (let g = 0; g < groupCount; g++) next[g + 1] = (next[g + 1] as number) + (next[g] as number);
  const grouped = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const k = order[i] as number;
    const group = key[k] as number;
    grouped[next[group] as number] = k;
    next[group] = (next[group] as number) + 1;
  }
  return grouped;
}
