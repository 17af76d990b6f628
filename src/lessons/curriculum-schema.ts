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

export const questionSchema = z.object({
  id,
  lesson: id,
  skill: id,
  difficulty: z.number().int().min(1).max(3),
  prompt: z.string().min(10).max(300),
  options: z
    .array(z.object({ text: z.string().min(1).max(75), correct: z.boolean().optional() }))
    .min(3)
    .max(5),
  explanation: z.string().min(20).max(600),
});

export const quizFileSchema = z.object({ questions: z.array(questionSchema).min(1) });

export type Skill = z.infer<typeof skillsFileSchema>["skills"][number];
export type TrackFile = z.infer<typeof trackFileSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Question = z.infer<typeof questionSchema>;

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
}
