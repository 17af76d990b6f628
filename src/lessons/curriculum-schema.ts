import { z } from "zod";

/** The shapes of curriculum files; the checker adds the rules that span files. */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase words joined by hyphens");

export const skillsFileSchema = z.object({
  skills: z.array(z.object({ id, title: z.string().min(1).max(60) })).min(1),
});

export const trackFileSchema = z.object({
  id,
  title: z.string().min(1).max(100),
  description: z.string().min(1),
  modules: z.array(z.object({ id, title: z.string().min(1).max(100) })).min(1),
});

export const lessonFrontmatterSchema = z.object({
  id,
  title: z.string().min(1).max(150),
  module: id,
  /** Place within its module; the track's order is its modules' order in track.yaml, then this. */
  order: z.number().int().min(1),
  skills: z.array(id).min(1),
  /** 1 on-ramp, 2 core, 3 senior and staff. */
  level: z.number().int().min(1).max(3),
  minutes: z.number().int().min(1).max(15),
  questions: z.array(id).default([]),
  /** Lessons this one builds on; each comes earlier in the track. */
  prerequisites: z.array(id).default([]),
  /** A checkpoint of the course project: done with evidence (pasted output or a link), not a button alone. */
  kind: z.enum(["lesson", "checkpoint"]).default("lesson"),
});

const option = z.object({ text: z.string().min(1).max(75), correct: z.boolean().optional() });
const questionBase = {
  id,
  lesson: id,
  skill: id,
  difficulty: z.number().int().min(1).max(3),
  prompt: z.string().min(10).max(300),
  explanation: z.string().min(20).max(600),
};

/** Longest line of a spot-the-bug block: fits a phone-width code block on every platform. */
export const BUG_LINE_MAX = 80;
/** Lines of a spot-the-bug block: one button each, five to a row, at most four rows. */
export const BUG_LINES_MAX = 20;
/** Steps of an ordering question: one form input per position, and forms hold five inputs. */
export const ORDER_ITEMS_MAX = 5;

/**
 * The kinds of question (README, "Question kinds"). A question without `kind` is single choice,
 * so every question written before the other kinds existed keeps its meaning.
 */
const questionKinds = z.discriminatedUnion("kind", [
  z.object({ ...questionBase, kind: z.literal("single"), options: z.array(option).min(3).max(5) }),
  z.object({
    ...questionBase,
    kind: z.literal("numeric"),
    answer: z.number().finite(),
    /** An answer within answer ± tolerance is right. */
    tolerance: z.number().positive(),
    unit: z.string().min(1).max(20).optional(),
  }),
  z.object({
    ...questionBase,
    kind: z.literal("order"),
    /** The steps in their right order; learners see them shuffled. */
    items: z.array(z.string().min(1).max(60)).min(3).max(ORDER_ITEMS_MAX),
  }),
  z.object({
    ...questionBase,
    kind: z.literal("bug"),
    language: z.string().regex(/^[a-z0-9+-]{1,20}$/),
    code: z.string().min(1),
    /** 1-based line of `code` that holds the bug. */
    line: z.number().int().min(1),
  }),
]);

export type QuestionSpec =
  | { kind: "single" }
  | { kind: "numeric"; answer: number; tolerance: number; unit?: string | undefined }
  | { kind: "order"; items: string[] }
  | { kind: "bug"; language: string; code: string; line: number };

export type QuestionKind = QuestionSpec["kind"];

/** A question of any kind as the loader hands it out. */
export interface Question {
  id: string;
  lesson: string;
  skill: string;
  difficulty: number;
  prompt: string;
  explanation: string;
  kind: QuestionKind;
  /** The single-choice options; empty for the other kinds. */
  options: { text: string; correct?: boolean | undefined }[];
  spec: QuestionSpec;
}

/** Every kind in one shape: `options` is the single-choice list (empty for the other kinds), `spec` the rest. */
export const questionSchema = z
  .preprocess((raw) => (raw && typeof raw === "object" && !("kind" in raw) ? { ...raw, kind: "single" } : raw), questionKinds)
  .transform((q): Question => {
    const { id, lesson, skill, difficulty, prompt, explanation } = q;
    const common = { id, lesson, skill, difficulty, prompt, explanation };
    switch (q.kind) {
      case "single":
        return { ...common, kind: q.kind, options: q.options, spec: { kind: q.kind } };
      case "numeric":
        return { ...common, kind: q.kind, options: [], spec: { kind: q.kind, answer: q.answer, tolerance: q.tolerance, unit: q.unit } };
      case "order":
        return { ...common, kind: q.kind, options: [], spec: { kind: q.kind, items: q.items } };
      case "bug":
        return { ...common, kind: q.kind, options: [], spec: { kind: q.kind, language: q.language, code: q.code.replace(/\n+$/, ""), line: q.line } };
    }
  });

/** Rewordings of one concept: one FSRS card for all, and a review asks a different member each time. */
export const familySchema = z.object({ id, concept: z.string().min(3).max(150), members: z.array(id).min(3).max(4) });

/** One incident told in steps: each step is a question, and each reveals more of the story. */
export const chainSchema = z.object({
  id,
  title: z.string().min(3).max(100),
  scenario: z.string().min(20).max(600),
  steps: z
    .array(z.object({ question: id, reveal: z.string().min(10).max(400).optional() }))
    .min(3)
    .max(4),
});

export const quizFileSchema = z.object({
  questions: z.array(questionSchema).min(1),
  families: z.array(familySchema).default([]),
  chains: z.array(chainSchema).default([]),
});

export type Skill = z.infer<typeof skillsFileSchema>["skills"][number];
export type TrackFile = z.infer<typeof trackFileSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Family = z.infer<typeof familySchema>;
export type Chain = z.infer<typeof chainSchema>;

export interface Lesson extends LessonFrontmatter {
  track: string;
  /** 1-based place in the track: modules in track.yaml order, then `order` within the module. */
  position: number;
  moduleTitle: string;
  body: string;
  file: string;
}

export interface Track extends TrackFile {
  lessons: Lesson[];
}

export interface Curriculum {
  skills: Skill[];
  tracks: Track[];
  questions: (Question & { file: string })[];
  families: (Family & { file: string })[];
  chains: (Chain & { file: string })[];
}
