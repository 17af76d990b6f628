import { sql } from "drizzle-orm";
import { cards, questions, quizAnswers, quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { Skill } from "../lessons/curriculum-schema.js";
import { recallSince } from "./cards.js";
import { type Answer, mastery } from "./mastery.js";

export interface SkillMastery {
  skill: string;
  title: string;
  /** 0..1 (see mastery.ts), or undefined with no answers yet. */
  mastery: number | undefined;
  answers: number;
  right: number;
}

type SkillAnswer = Answer & { skill: string };

/**
 * Every answer a member gave, in personal quizzes, reviews, checkpoints and channel rounds, with
 * its skill, its partial credit and its card (a family member's is the family's card).
 */
export async function answersOf(db: Db, memberId: number, now: Date): Promise<SkillAnswer[]> {
  const result = (await db.execute(sql`
    select ${questions.skill} as skill, a.correct, a.credit, (extract(epoch from a.answered_at) * 1000)::float8 as at_ms, ${cards.stability} as stability
    from (
      select ${quizAnswers.questionId} as question_id, ${quizAnswers.correct} as correct, ${quizAnswers.credit} as credit, ${quizAnswers.answeredAt} as answered_at
        from ${quizAnswers} where ${quizAnswers.memberId} = ${memberId}
      union all
      select ${quizRounds.questionId}, ${quizRoundAnswers.correct}, null, ${quizRoundAnswers.answeredAt}
        from ${quizRoundAnswers} join ${quizRounds} on ${quizRounds.id} = ${quizRoundAnswers.roundId}
        where ${quizRoundAnswers.memberId} = ${memberId}
    ) a
    join ${questions} on ${questions.id} = a.question_id
    left join ${cards} on ${cards.memberId} = ${memberId} and ${cards.questionId} = coalesce(${questions.family}->>'anchor', a.question_id)`)) as unknown as {
    rows: { skill: string; correct: boolean; credit: number | string | null; at_ms: number | string; stability: number | string | null }[];
  };
  return result.rows.map((row) => {
    const at = new Date(Number(row.at_ms));
    // A round answer becomes a card when the round closes; until then it is as fresh as it is.
    const recalledNow = row.correct && row.stability !== null ? recallSince(Number(row.stability), at, now) : 1;
    const credit = row.credit === null ? undefined : Number(row.credit);
    return { skill: row.skill, correct: row.correct, at, recalledNow, ...(credit === undefined ? {} : { credit }) };
  });
}

/** Mastery per skill, in the curriculum's order. */
export function skillProfile(skills: Skill[], answers: SkillAnswer[]): SkillMastery[] {
  return skills.map((skill) => {
    const mine = answers.filter((a) => a.skill === skill.id);
    return { skill: skill.id, title: skill.title, mastery: mastery(mine), answers: mine.length, right: mine.filter((a) => a.correct).length };
  });
}

/** The weakest skills with evidence, weakest first (pairing and digests read this). */
export function weakest(profile: SkillMastery[], count: number): SkillMastery[] {
  return profile
    .filter((s) => s.mastery !== undefined)
    .sort((a, b) => (a.mastery as number) - (b.mastery as number))
    .slice(0, count);
}
