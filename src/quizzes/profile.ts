import type { Skill } from "../lessons/curriculum-schema.js";
import type { CardRow, CardStore } from "./cards.js";

export interface SkillMastery {
  skill: string;
  title: string;
  /** 0..1, or undefined with no evidence yet. */
  mastery: number | undefined;
  cards: number;
}

/** Evidence halves in weight every this many days: recent answers say more about today. */
const HALF_LIFE_DAYS = 30;

/**
 * Mastery of a skill: the mean FSRS retrievability of the member's cards in it, each card
 * weighted by how recent its last review is.
 */
export function skillProfile(skills: Skill[], cards: CardRow[], store: CardStore, now: Date): SkillMastery[] {
  return skills.map((skill) => {
    const mine = cards.filter((c) => c.skill === skill.id);
    if (mine.length === 0) return { skill: skill.id, title: skill.title, mastery: undefined, cards: 0 };
    let weighted = 0;
    let weights = 0;
    for (const card of mine) {
      const ageDays = (now.getTime() - (card.lastReview ?? now).getTime()) / 86_400_000;
      const weight = 0.5 ** (ageDays / HALF_LIFE_DAYS);
      weighted += weight * store.retrievability(card, now);
      weights += weight;
    }
    return { skill: skill.id, title: skill.title, mastery: weights > 0 ? weighted / weights : undefined, cards: mine.length };
  });
}

/** The weakest skills with evidence, weakest first (pairing and digests read this). */
export function weakest(profile: SkillMastery[], count: number): SkillMastery[] {
  return profile
    .filter((s) => s.mastery !== undefined)
    .sort((a, b) => (a.mastery as number) - (b.mastery as number))
    .slice(0, count);
}
