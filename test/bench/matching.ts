import type { MatchInstance } from "../../src/pairing/instance.js";
import { solveAssignment } from "../../src/pairing/solver.js";
import { generateInstance, prng } from "./matching-instances.js";
import type { BenchResult, BenchSuite } from "./suite.js";

const SIZES = [
  { mentees: 1_000, mentors: 200 },
  { mentees: 2_500, mentors: 500 },
  { mentees: 5_000, mentors: 1_000 },
  { mentees: 10_000, mentors: 2_000 },
];
const CANDIDATES_PER_MENTEE = 50;
const PRIORITY_SHARE = 0.05;
const RUNS = 3;
const TARGET_MENTEES = 10_000;
const TARGET_MS = 2_000;

interface Baseline {
  pairs: number;
  fit: number;
}

/**
 * The exact solver on generated instances (capacity 1-5, each mentee with its 50 best mentors),
 * up to 10,000 mentees × 2,000 mentors. Solve time is the median of three runs; the total fit is
 * set against a greedy pass (best pair first) and a random assignment on the same instance.
 */
export const matchingSuite: BenchSuite = {
  name: "matching",
  description: "exact mentor assignment vs greedy and random (generated instances)",
  async run(): Promise<BenchResult> {
    const rows: [string, string][] = [];
    const figures: Record<string, number> = {};
    for (const size of SIZES) {
      const instance = generateInstance({ ...size, candidatesPerMentee: CANDIDATES_PER_MENTEE, priorityShare: PRIORITY_SHARE }, size.mentees);
      const edges = instance.mentees.reduce((n, m) => n + m.candidates.length, 0);
      const capacity = instance.mentors.reduce((n, m) => n + m.capacity, 0);
      const coldStart = performance.now();
      let result = solveAssignment(instance, { seed: 1 });
      const coldMs = performance.now() - coldStart;
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        result = solveAssignment(instance, { seed: 1 });
        const cpu = process.cpuUsage(cpuBefore);
        times.push(performance.now() - started);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
      const solveMs = median(times);
      // CPU time says what the solver costs when other work on the machine stretches the wall clock.
      const solveCpuMs = median(cpuTimes);
      const greedy = greedyAssignment(instance);
      const random = randomAssignment(instance, 1);
      const key = `m${size.mentees}`;
      const label = `${size.mentees} × ${size.mentors} (${edges} pairs, ${capacity} places)`;
      rows.push(
        [
          `${label}: solve ms, first / median of next ${RUNS}`,
          `${coldMs.toFixed(0)} / ${solveMs.toFixed(0)} (CPU ${solveCpuMs.toFixed(0)})${verdict(size.mentees, Math.max(coldMs, solveMs))}`,
        ],
        [
          `${label}: exact pairs / total fit`,
          `${result.pairs.length} / ${result.totalFit.toFixed(2)}  (mean ${(result.totalFit / result.pairs.length).toFixed(3)})`,
        ],
        [
          `${label}: greedy pairs / total fit`,
          `${greedy.pairs} / ${greedy.fit.toFixed(2)}  (mean ${(greedy.fit / greedy.pairs).toFixed(3)}; exact ÷ greedy ${(result.totalFit / greedy.fit).toFixed(4)})`,
        ],
        [
          `${label}: random pairs / total fit`,
          `${random.pairs} / ${random.fit.toFixed(2)}  (mean ${(random.fit / random.pairs).toFixed(3)}; exact ÷ random ${(result.totalFit / random.fit).toFixed(4)})`,
        ],
      );
      Object.assign(figures, {
        [`${key}FirstSolveMs`]: Number(coldMs.toFixed(1)),
        [`${key}SolveMs`]: Number(solveMs.toFixed(1)),
        [`${key}SolveCpuMs`]: Number(solveCpuMs.toFixed(1)),
        [`${key}Pairs`]: result.pairs.length,
        [`${key}TotalFit`]: Number(result.totalFit.toFixed(3)),
        [`${key}GreedyPairs`]: greedy.pairs,
        [`${key}GreedyFit`]: Number(greedy.fit.toFixed(3)),
        [`${key}RandomPairs`]: random.pairs,
        [`${key}RandomFit`]: Number(random.fit.toFixed(3)),
        [`${key}FitVsGreedy`]: Number((result.totalFit / greedy.fit).toFixed(4)),
        [`${key}FitVsRandom`]: Number((result.totalFit / random.fit).toFixed(4)),
      });
    }
    return { rows, figures };
  },
};

function verdict(mentees: number, ms: number): string {
  if (mentees !== TARGET_MENTEES) return "";
  return ms < TARGET_MS ? `  (target < ${TARGET_MS}: met)` : `  (target < ${TARGET_MS}: MISSED)`;
}

/** Best pair first: sort every candidate pair by fit, take it if both sides still have room. */
function greedyAssignment(instance: MatchInstance): Baseline {
  const room = new Map(instance.mentors.map((m) => [m.id, m.capacity]));
  const pairs = instance.mentees.flatMap((mentee) => mentee.candidates.map((c) => ({ mentee: mentee.id, mentor: c.mentor, fit: c.fit })));
  pairs.sort((a, b) => b.fit - a.fit);
  const matched = new Set<string>();
  let fit = 0;
  for (const pair of pairs) {
    const left = room.get(pair.mentor) ?? 0;
    if (left === 0 || matched.has(pair.mentee)) continue;
    room.set(pair.mentor, left - 1);
    matched.add(pair.mentee);
    fit += pair.fit;
  }
  return { pairs: matched.size, fit };
}

/** Mentees in a random order, each taking a random candidate that still has room. */
function randomAssignment(instance: MatchInstance, seed: number): Baseline {
  const random = prng(seed);
  const room = new Map(instance.mentors.map((m) => [m.id, m.capacity]));
  const order = instance.mentees.map((mentee) => ({ mentee, key: random() })).sort((a, b) => a.key - b.key);
  let pairs = 0;
  let fit = 0;
  for (const { mentee } of order) {
    const open = mentee.candidates.filter((c) => (room.get(c.mentor) ?? 0) > 0);
    const pick = open[Math.floor(random() * open.length)];
    if (pick === undefined) continue;
    room.set(pick.mentor, (room.get(pick.mentor) ?? 0) - 1);
    pairs++;
    fit += pick.fit;
  }
  return { pairs, fit };
}
