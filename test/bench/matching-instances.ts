import type { MatchInstance } from "../../src/pairing/instance.js";

/** A small seeded PRNG (mulberry32): the same seed gives the same instance everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface InstanceShape {
  mentees: number;
  mentors: number;
  candidatesPerMentee: number;
  /** Share of mentees flagged as left unmatched last round. */
  priorityShare: number;
}

const SKILLS = 8;
const LANGUAGES = 4;

/**
 * An instance shaped like a real round: mentees have skill gaps, mentors have strengths (a few
 * are strong at everything, so many mentees want the same people), both have a timezone and
 * a language. Fit mixes gap coverage, working-hour overlap and a shared language, and each
 * mentee keeps its best `candidatesPerMentee` mentors, as the pairing service would.
 */
export function generateInstance(shape: InstanceShape, seed: number): MatchInstance {
  const random = prng(seed);
  const mentors = Array.from({ length: shape.mentors }, (_, i) => {
    const star = random() < 0.05 ? 1.5 : 1;
    return {
      id: `mentor-${i}`,
      capacity: 1 + Math.floor(random() * 5),
      strengths: Array.from({ length: SKILLS }, () => Math.min(1, random() * star)),
      zone: Math.floor(random() * 24),
      language: Math.floor(random() * LANGUAGES),
    };
  });
  const keep = Math.min(shape.candidatesPerMentee, shape.mentors);
  const fits = new Float64Array(shape.mentors);
  const mentees = Array.from({ length: shape.mentees }, (_, i) => {
    const gaps = Array.from({ length: SKILLS }, () => random() ** 2);
    const gapTotal = gaps.reduce((a, b) => a + b, 0) || 1;
    const zone = Math.floor(random() * 24);
    const language = random() < 0.7 ? 0 : Math.floor(random() * LANGUAGES);
    mentors.forEach((mentor, j) => {
      let coverage = 0;
      for (let s = 0; s < SKILLS; s++) coverage += (gaps[s] as number) * (mentor.strengths[s] as number);
      const hoursApart = Math.min(Math.abs(zone - mentor.zone), 24 - Math.abs(zone - mentor.zone));
      const overlap = Math.max(0, 1 - hoursApart / 9);
      fits[j] = 0.6 * (coverage / gapTotal) + 0.3 * overlap + (mentor.language === language ? 0.1 : 0);
    });
    return {
      id: `mentee-${i}`,
      priority: random() < shape.priorityShare,
      candidates: bestIndexes(fits, keep).map((j) => ({ mentor: `mentor-${j}`, fit: Math.min(1, fits[j] as number) })),
    };
  });
  return { mentees, mentors: mentors.map(({ id, capacity }) => ({ id, capacity })), forbidden: [] };
}

/** The indexes of the `count` largest values, best first (a bounded min-heap, not a full sort). */
function bestIndexes(values: Float64Array, count: number): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => (values[a] as number) < (values[b] as number) || (values[a] === values[b] && a > b);
  for (let j = 0; j < values.length; j++) {
    if (heap.length < count) {
      heap.push(j);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i] as number, heap[parent] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (less(heap[0] as number, j)) {
      heap[0] = j;
      for (let i = 0; ; ) {
        let smallest = i;
        for (const child of [2 * i + 1, 2 * i + 2]) if (child < heap.length && less(heap[child] as number, heap[smallest] as number)) smallest = child;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as number, heap[i] as number];
        i = smallest;
      }
    }
  }
  return heap.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
}
