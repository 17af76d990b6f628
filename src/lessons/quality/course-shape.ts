import type { Curriculum, Lesson } from "../curriculum-schema.js";

/** Issue #16's floor: every skill of the founding outline is taught by at least this many lessons. */
export const MIN_LESSONS_PER_SKILL = 8;
/** And at least this many lessons carry a sequence or architecture diagram. */
export const MIN_DIAGRAM_LESSONS = 12;

/** The shape of the course beyond its question bank: skills, kinds, the project and the diagrams. */
export interface CourseShape {
  lessons: number;
  modules: number;
  /** One row per skill of skills.yaml, in its order, even a skill no lesson carries. */
  skills: SkillCount[];
  kinds: { kind: Lesson["kind"]; lessons: number }[];
  /** Ids in track order. */
  checkpoints: string[];
  /** Ids in track order of the lessons that `hasDiagram`. */
  diagrams: string[];
}

export interface SkillCount {
  skill: string;
  /** Lessons tagged with the skill (a lesson with two tags counts for both). */
  lessons: number;
  questions: number;
  belowMinimum: boolean;
}

/**
 * A lesson carries a diagram when one of its ```text blocks has at least two lines that draw an
 * arrow: a shaft of two or more `-` or `=` with a head (`-->`, `<--`, `==>`), a `v` or `^`
 * standing alone as a vertical arrowhead, or a Unicode arrow or box-drawing character. A single
 * `->` does not count: EXPLAIN plans and "before -> after" values use it.
 */
const DRAWN = /(?:-{2,}|={2,})>|<(?:-{2,}|={2,})|(?:^|\s)[v^](?:\s|$)|[\u2190-\u21ff\u2500-\u257f]/;
const TEXT_BLOCK = /^```text\n([\s\S]*?)^```/gm;

export function hasDiagram(body: string): boolean {
  return [...body.matchAll(TEXT_BLOCK)].some((block) => (block[1] as string).split("\n").filter((line) => DRAWN.test(line)).length >= 2);
}

export function courseShape(curriculum: Curriculum): CourseShape {
  const lessons = curriculum.tracks.flatMap((t) => t.lessons);
  const kinds: Lesson["kind"][] = ["lesson", "checkpoint"];
  return {
    lessons: lessons.length,
    modules: new Set(lessons.map((l) => `${l.track}/${l.module}`)).size,
    skills: curriculum.skills.map(({ id }) => {
      const tagged = lessons.filter((l) => l.skills.includes(id)).length;
      return {
        skill: id,
        lessons: tagged,
        questions: curriculum.questions.filter((q) => q.skill === id).length,
        belowMinimum: tagged < MIN_LESSONS_PER_SKILL,
      };
    }),
    kinds: kinds.map((kind) => ({ kind, lessons: lessons.filter((l) => l.kind === kind).length })),
    checkpoints: lessons.filter((l) => l.kind === "checkpoint").map((l) => l.id),
    diagrams: lessons.filter((l) => hasDiagram(l.body)).map((l) => l.id),
  };
}
