import { zonedMidnight } from "../calendar/dates.js";
import { counted } from "../core/text.js";

/** What the fit of one mentee-mentor pair is computed from. */
export interface MenteeFacts {
  memberId: number;
  name: string;
  /** Skills to grow, weakest first: from quizzes when there is evidence, else stated goals. */
  gaps: string[];
  gapsFromQuizzes: boolean;
  timezone: string;
  hoursStart: string;
  hoursEnd: string;
  languages: string[];
}

export interface MentorFacts {
  memberId: number;
  name: string;
  /** Skill id -> level 1..3. */
  offers: Record<string, number>;
  timezone: string;
  hoursStart: string;
  hoursEnd: string;
  languages: string[];
}

export interface PairFit {
  fit: number;
  /** One line a person can read: why this pair. */
  reason: string;
  coveredGaps: string[];
  overlapHours: number;
}

const WEIGHTS = { coverage: 0.6, overlap: 0.25, language: 0.15 } as const;
/** Hours of overlap that count as "plenty" for a weekly mentoring call. */
const FULL_OVERLAP_HOURS = 4;
/** Taken off the fit of a pair that met within the cooldown: new pairings spread knowledge. */
export const RECENT_PAIR_PENALTY = 0.3;

/** A reference day for comparing working hours (a Wednesday, away from DST changes in most zones). */
const REFERENCE_DAY = "2026-01-14";

export function pairFit(mentee: MenteeFacts, mentor: MentorFacts, pairedRecently: boolean, skillTitle: (id: string) => string): PairFit {
  const gaps = mentee.gaps.slice(0, 3);
  const covered = gaps.filter((skill) => (mentor.offers[skill] ?? 0) > 0);
  const coverage = gaps.length === 0 ? 0 : gaps.reduce((sum, skill) => sum + (mentor.offers[skill] ?? 0) / 3, 0) / gaps.length;
  const overlapHours = hoursOverlap(mentee, mentor);
  const overlap = Math.min(1, overlapHours / FULL_OVERLAP_HOURS);
  const language = sharesLanguage(mentee.languages, mentor.languages) ? 1 : 0;
  const raw = WEIGHTS.coverage * coverage + WEIGHTS.overlap * overlap + WEIGHTS.language * language - (pairedRecently ? RECENT_PAIR_PENALTY : 0);
  const fit = Math.max(0, Math.min(1, raw));
  return { fit, reason: reasonLine(mentee, covered, overlapHours, language === 1, pairedRecently, skillTitle), coveredGaps: covered, overlapHours };
}

function reasonLine(
  mentee: MenteeFacts,
  covered: string[],
  overlapHours: number,
  sharedLanguage: boolean,
  pairedRecently: boolean,
  skillTitle: (id: string) => string,
): string {
  // Both people and admins read this line (the introduction, `/mentor mentor`, `/mentor mentees`,
  // the preview): it names the roles, so neither reads about themselves by name.
  const which = mentee.gapsFromQuizzes ? "weakest skills" : "goals";
  const parts: string[] = [];
  if (covered.length > 0) {
    const names = covered.map(skillTitle);
    const count = covered.length === 1 ? `one of the mentee's ${which}` : `${covered.length === 2 ? "two" : "three"} of the mentee's ${which}`;
    parts.push(`the mentor is strong in ${joinWords(names)}, ${count}`);
  } else {
    parts.push(`the mentor offers none of the mentee's ${which}, but is the best match available`);
  }
  parts.push(`${counted(Math.round(overlapHours), "working hour")} overlap`);
  if (!sharedLanguage) parts.push("no shared language listed");
  if (pairedRecently) parts.push("paired recently before");
  return parts.join("; ");
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function sharesLanguage(a: string[], b: string[]): boolean {
  // Nobody listed a language: nothing suggests they cannot talk.
  if (a.length === 0 || b.length === 0) return true;
  const set = new Set(a.map((l) => l.toLowerCase()));
  return b.some((l) => set.has(l.toLowerCase()));
}

/** Hours both are at work on the same day, comparing their local windows in UTC. */
export function hoursOverlap(
  a: Pick<MenteeFacts, "timezone" | "hoursStart" | "hoursEnd">,
  b: Pick<MenteeFacts, "timezone" | "hoursStart" | "hoursEnd">,
): number {
  const windowA = utcWindow(a);
  const windowB = utcWindow(b);
  let best = 0;
  for (const shift of [-86_400_000, 0, 86_400_000]) {
    const start = Math.max(windowA[0], windowB[0] + shift);
    const end = Math.min(windowA[1], windowB[1] + shift);
    best = Math.max(best, end - start);
  }
  return best / 3_600_000;
}

function utcWindow(person: Pick<MenteeFacts, "timezone" | "hoursStart" | "hoursEnd">): [number, number] {
  const midnight = zonedMidnight(REFERENCE_DAY, person.timezone).getTime();
  const start = midnight + minutes(person.hoursStart) * 60_000;
  let end = midnight + minutes(person.hoursEnd) * 60_000;
  if (end <= start) end += 86_400_000;
  return [start, end];
}

function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
