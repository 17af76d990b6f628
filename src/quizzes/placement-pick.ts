import { seededOrder } from "./bank.js";

/** How many questions a placement asks: five per level of the course. */
export const PLACEMENT_QUESTIONS = 15;

export interface Candidate {
  id: string;
  level: number;
  module: string;
}

/**
 * Fifteen questions across the levels: an equal share per level, each share spread over as many
 * modules as it can be (one question per module, round and round), shuffled by `seed`. A level
 * with too few questions leaves its places to the others.
 */
export function pickPlacementQuestions(candidates: readonly Candidate[], levels: readonly number[], seed: string, total = PLACEMENT_QUESTIONS): string[] {
  const share = Math.ceil(total / levels.length);
  const perLevel = levels.map((level) =>
    spread(
      candidates.filter((c) => c.level === level),
      `${seed}:${level}`,
    ),
  );
  const picked: string[][] = perLevel.map((pool) => pool.slice(0, share));
  // Places a short level left open go to the levels with questions to spare, lowest level first.
  let missing = total - picked.reduce((sum, p) => sum + p.length, 0);
  for (let i = 0; missing > 0 && i < perLevel.length; i++) {
    const extra = (perLevel[i] as string[]).slice(share, share + missing);
    (picked[i] as string[]).push(...extra);
    missing -= extra.length;
  }
  // Asked level by level, easiest first, trimmed to the total.
  return picked.flat().slice(0, total);
}

/** A pool ordered so that consecutive picks come from different modules. */
function spread(pool: readonly Candidate[], seed: string): string[] {
  const byModule = new Map<string, Candidate[]>();
  for (const candidate of seededOrder(pool, seed)) byModule.set(candidate.module, [...(byModule.get(candidate.module) ?? []), candidate]);
  const modules = seededOrder([...byModule.keys()], `${seed}:modules`).map((m) => byModule.get(m) as Candidate[]);
  const out: string[] = [];
  for (let round = 0; out.length < pool.length; round++) {
    for (const questions of modules) {
      const question = questions[round];
      if (question) out.push(question.id);
    }
  }
  return out;
}

/**
 * The levels a placement shows mastery of: a level counts when at least 80% of its questions
 * were right (4 of 5) and every level below it counts too, since the course builds on them.
 */
export function levelsPlacedOut(right: Record<string, number>, asked: Record<string, number>, levels: readonly number[]): number[] {
  const out: number[] = [];
  for (const level of [...levels].sort((a, b) => a - b)) {
    const of = asked[level] ?? 0;
    if (of === 0 || (right[level] ?? 0) / of < 0.8) break;
    out.push(level);
  }
  return out;
}

/** The same day of the next month, or its last day when shorter ("2026-01-31" → "2026-02-28"): when a placement may be taken again. */
export function monthAfter(localDate: string): string {
  const [year, month, day] = localDate.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
}
