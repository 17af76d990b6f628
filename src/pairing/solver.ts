import { InstanceError, instanceProblems, type MatchInstance } from "./instance.js";
import { type AllowedPairs, allowedPairs } from "./solver/allowed-pairs.js";
import { cheapestTransport } from "./solver/transport.js";

export interface MatchPair {
  mentee: string;
  mentor: string;
  fit: number;
}

export interface MatchResult {
  /** In the order the mentees were listed. */
  pairs: MatchPair[];
  totalFit: number;
  /** Mentees left without a mentor, in the order they were listed. */
  unmatched: string[];
}

export interface SolveOptions {
  /** Chooses among equally good assignments; the same seed always gives the same one. */
  seed?: number;
}

/** Fits are compared as whole multiples of 1 / FIT_STEPS (coarser only past ~30,000 mentees). */
const FIT_STEPS = 1_000_000;
/** Keeps every path cost the solver adds up below 2^53, where doubles stop counting exactly. */
const EXACT_LIMIT = 2 ** 50;

/**
 * The best assignment of mentees to mentors, exactly (no greedy pass). Best means, in order:
 *   1. as many mentees matched as the capacities and allowed pairs permit;
 *   2. among those, as many priority mentees matched as possible;
 *   3. among those, the largest total fit.
 * Forbidden pairs, self-pairs and pairs that are not candidates are never chosen, and no mentor
 * gets more mentees than its capacity. Throws InstanceError for an instance breaking the rules
 * of INSTANCE.md.
 *
 * Ties (fits equal to within 1e-6) are broken by the seed, through the order in which the
 * solver meets mentees and mentors (solver/tie-order.ts), never by the order of the input.
 *
 * How: a transportation problem solved exactly by successive shortest paths (solver/transport.ts).
 * A pair costs (priorityBonus + fitSteps) - (priority ? priorityBonus : 0) - round(fit × fitSteps),
 * where priorityBonus is more than any total fit, which gives rules 2 and 3 (the constant first
 * term keeps costs non-negative and adds the same to every assignment with as many pairs).
 * Leaving a unit unpaired costs more than any reshuffle of pairs can save, which gives rule 1.
 */
export function solveAssignment(instance: MatchInstance, options: SolveOptions = {}): MatchResult {
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`The seed must be a whole number, not ${seed}.`);
  const problems = instanceProblems(instance);
  if (problems.length > 0) throw new InstanceError(problems);

  const allowed = allowedPairs(instance, seed);
  const chosen = choosePairs(instance, allowed);
  const mentorOf = new Int32Array(instance.mentees.length).fill(-1);
  const fitOf = new Float64Array(instance.mentees.length);
  for (const k of chosen) {
    mentorOf[allowed.menteeIndex[k] as number] = allowed.mentorIndex[k] as number;
    fitOf[allowed.menteeIndex[k] as number] = allowed.fit[k] as number;
  }
  const pairs: MatchPair[] = [];
  const unmatched: string[] = [];
  let totalFit = 0;
  instance.mentees.forEach((mentee, i) => {
    const j = mentorOf[i] as number;
    const mentor = instance.mentors[j];
    if (mentor === undefined) {
      unmatched.push(mentee.id);
      return;
    }
    pairs.push({ mentee: mentee.id, mentor: mentor.id, fit: fitOf[i] as number });
    totalFit += fitOf[i] as number;
  });
  return { pairs, totalFit, unmatched };
}

/** The allowed pairs (by number) that make up the best assignment. */
function choosePairs(instance: MatchInstance, allowed: AllowedPairs): number[] {
  if (allowed.count === 0) return [];
  const menteeCount = instance.mentees.length;
  const mentorCount = instance.mentors.length;
  const menteeDegree = new Int32Array(menteeCount);
  const mentorDegree = new Int32Array(mentorCount);
  for (let k = 0; k < allowed.count; k++) {
    const menteeRank = allowed.menteeRank[k] as number;
    const mentorRank = allowed.mentorRank[k] as number;
    menteeDegree[menteeRank] = (menteeDegree[menteeRank] as number) + 1;
    mentorDegree[mentorRank] = (mentorDegree[mentorRank] as number) + 1;
  }
  // What each side can really take: a mentor no more than its capacity, nor than its candidates.
  const mentorRoom = new Int32Array(mentorCount);
  let supply = 0;
  for (let rank = 0; rank < mentorCount; rank++) {
    const capacity = instance.mentors[allowed.mentorAtRank[rank] as number]?.capacity ?? 0;
    mentorRoom[rank] = Math.min(mentorDegree[rank] as number, capacity);
    supply += mentorRoom[rank] as number;
  }
  const menteeRoom = new Int32Array(menteeCount);
  let demand = 0;
  for (let rank = 0; rank < menteeCount; rank++) {
    menteeRoom[rank] = Math.min(menteeDegree[rank] as number, 1);
    demand += menteeRoom[rank] as number;
  }

  const fitSteps = Math.max(1, Math.min(FIT_STEPS, Math.floor(EXACT_LIMIT / (demand + 2) ** 2)));
  const anyPriority = instance.mentees.some((m) => m.priority === true);
  const priorityBonus = anyPriority ? demand * fitSteps + 1 : 0;
  const pairCostLimit = priorityBonus + fitSteps;
  const priorityOf = Uint8Array.from(instance.mentees, (m) => (m.priority === true ? 1 : 0));
  const costByPair = new Float64Array(allowed.count);
  for (let k = 0; k < allowed.count; k++) {
    const bonus = priorityOf[allowed.menteeIndex[k] as number] === 1 ? priorityBonus : 0;
    costByPair[k] = pairCostLimit - bonus - Math.round((allowed.fit[k] as number) * fitSteps);
  }
  // Leaving a unit unpaired costs more than any reshuffle of pairs can save, so one more pair always wins.
  const noneCost = (Math.min(demand, supply) + 1) * pairCostLimit + 1;

  // The rows (whose units are routed one search at a time) are the scarcer side: each search
  // then meets a column with room soon, and the searches that end at "none" are few.
  const mentorsAreRows = supply < demand;
  const rowRank = mentorsAreRows ? allowed.mentorRank : allowed.menteeRank;
  const columnRank = mentorsAreRows ? allowed.menteeRank : allowed.mentorRank;
  const rowSupply = mentorsAreRows ? mentorRoom : menteeRoom;
  // Each row's arcs cheapest first (then by column rank), so a search can stop reading a row early.
  const arcs = (mentorsAreRows ? allowed.byMentor : allowed.byMentee).slice();
  const arcStart = new Int32Array(rowSupply.length + 1);
  for (let arc = 0; arc < arcs.length; arc++) {
    const next = (rowRank[arcs[arc] as number] as number) + 1;
    arcStart[next] = (arcStart[next] as number) + 1;
  }
  for (let r = 0; r < rowSupply.length; r++) arcStart[r + 1] = (arcStart[r + 1] as number) + (arcStart[r] as number);
  const cheaperFirst = (a: number, b: number) => (costByPair[a] as number) - (costByPair[b] as number) || (columnRank[a] as number) - (columnRank[b] as number);
  for (let r = 0; r < rowSupply.length; r++) arcs.subarray(arcStart[r] as number, arcStart[r + 1] as number).sort(cheaperFirst);
  const arcColumn = new Int32Array(arcs.length);
  const arcCost = new Float64Array(arcs.length);
  for (let arc = 0; arc < arcs.length; arc++) {
    arcColumn[arc] = columnRank[arcs[arc] as number] as number;
    arcCost[arc] = costByPair[arcs[arc] as number] as number;
  }
  const columnCapacity = mentorsAreRows ? menteeRoom : mentorRoom;
  const assigned = cheapestTransport({ rowSupply, columnCapacity, arcStart, arcColumn, arcCost, noneCost });
  const chosen: number[] = [];
  for (let arc = 0; arc < arcs.length; arc++) if (assigned[arc] === 1) chosen.push(arcs[arc] as number);
  return chosen;
}
