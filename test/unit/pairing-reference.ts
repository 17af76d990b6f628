import type { MatchInstance } from "../../src/pairing/instance.js";
import type { MatchResult } from "../../src/pairing/solver.js";

/** How good an assignment is, compared in this order: pairs, priority mentees paired, total fit. */
export interface Score {
  pairs: number;
  priorityPairs: number;
  fit: number;
}

export function scoreOf(instance: MatchInstance, result: MatchResult): Score {
  const priority = new Set(instance.mentees.filter((m) => m.priority === true).map((m) => m.id));
  return {
    pairs: result.pairs.length,
    priorityPairs: result.pairs.filter((p) => priority.has(p.mentee)).length,
    fit: result.pairs.reduce((sum, p) => sum + p.fit, 0),
  };
}

/** The pairs the solver may choose: candidates that are neither forbidden nor a self-pair. */
export function allowedOptions(instance: MatchInstance): { mentor: string; fit: number }[][] {
  const forbidden = new Set((instance.forbidden ?? []).map((f) => `${f.mentee}\u0000${f.mentor}`));
  return instance.mentees.map((mentee) => mentee.candidates.filter((c) => c.mentor !== mentee.id && !forbidden.has(`${mentee.id}\u0000${c.mentor}`)));
}

/** The best score over every assignment (each mentee: unmatched or one allowed candidate). */
export function bruteForceBest(instance: MatchInstance): Score {
  const options = allowedOptions(instance);
  const room = new Map(instance.mentors.map((m) => [m.id, m.capacity]));
  let best: Score = { pairs: 0, priorityPairs: 0, fit: 0 };
  const visit = (i: number, score: Score): void => {
    if (i === instance.mentees.length) {
      if (better(score, best)) best = { ...score };
      return;
    }
    visit(i + 1, score);
    const priority = instance.mentees[i]?.priority === true ? 1 : 0;
    for (const option of options[i] ?? []) {
      const left = room.get(option.mentor) ?? 0;
      if (left === 0) continue;
      room.set(option.mentor, left - 1);
      visit(i + 1, { pairs: score.pairs + 1, priorityPairs: score.priorityPairs + priority, fit: score.fit + option.fit });
      room.set(option.mentor, left);
    }
  };
  visit(0, best);
  return best;
}

function better(a: Score, b: Score): boolean {
  if (a.pairs !== b.pairs) return a.pairs > b.pairs;
  if (a.priorityPairs !== b.priorityPairs) return a.priorityPairs > b.priorityPairs;
  return a.fit > b.fit + 1e-12;
}

/**
 * An independent optimum for instances too large to enumerate: textbook min-cost max-flow with
 * Bellman-Ford (queue-based) shortest paths on a plain edge list, no potentials, no early exit.
 * A pair costs -(priority ? 1000 : 0) - fit, so it is only valid while the total fit stays below
 * 1000 (at most a few hundred mentees).
 */
export function bellmanFordBest(instance: MatchInstance): Score {
  const options = allowedOptions(instance);
  const menteeCount = instance.mentees.length;
  const mentorAt = new Map(instance.mentors.map((m, j) => [m.id, j]));
  const nodeCount = menteeCount + instance.mentors.length + 2;
  const source = nodeCount - 2;
  const sink = nodeCount - 1;
  const to: number[] = [];
  const capacity: number[] = [];
  const cost: number[] = [];
  const out: number[][] = Array.from({ length: nodeCount }, () => []);
  const addEdge = (u: number, v: number, cap: number, c: number) => {
    out[u]?.push(to.length);
    to.push(v);
    capacity.push(cap);
    cost.push(c);
    out[v]?.push(to.length);
    to.push(u);
    capacity.push(0);
    cost.push(-c);
  };
  instance.mentees.forEach((mentee, i) => {
    addEdge(source, i, 1, 0);
    for (const option of options[i] ?? []) addEdge(i, menteeCount + (mentorAt.get(option.mentor) as number), 1, -(mentee.priority ? 1000 : 0) - option.fit);
  });
  instance.mentors.forEach((mentor, j) => {
    addEdge(menteeCount + j, sink, mentor.capacity, 0);
  });

  for (;;) {
    const distance = new Array<number>(nodeCount).fill(Number.POSITIVE_INFINITY);
    const via = new Array<number>(nodeCount).fill(-1);
    const queued = new Array<boolean>(nodeCount).fill(false);
    distance[source] = 0;
    const queue = [source];
    while (queue.length > 0) {
      const u = queue.shift() as number;
      queued[u] = false;
      for (const e of out[u] ?? []) {
        const v = to[e] as number;
        const candidate = (distance[u] as number) + (cost[e] as number);
        if ((capacity[e] as number) > 0 && candidate < (distance[v] as number) - 1e-9) {
          distance[v] = candidate;
          via[v] = e;
          if (!queued[v]) {
            queued[v] = true;
            queue.push(v);
          }
        }
      }
    }
    if (via[sink] === -1) break;
    for (let v = sink; v !== source; v = to[(via[v] as number) ^ 1] as number) {
      const e = via[v] as number;
      capacity[e] = (capacity[e] as number) - 1;
      capacity[e ^ 1] = (capacity[e ^ 1] as number) + 1;
    }
  }
  const score: Score = { pairs: 0, priorityPairs: 0, fit: 0 };
  instance.mentees.forEach((mentee, i) => {
    for (const e of out[i] ?? []) {
      if (e % 2 === 1 || capacity[e] !== 0) continue;
      score.pairs++;
      if (mentee.priority) score.priorityPairs++;
      score.fit -= (cost[e] as number) + (mentee.priority ? 1000 : 0);
    }
  });
  return score;
}
