import path from "node:path";
import type { Curriculum, Lesson } from "../curriculum-schema.js";
import type { Lab } from "../labs/lab-schema.js";
import type { QuestionInFile } from "./question-rules.js";
import { absoluteWordsIn, optionLength } from "./text.js";

/** What a learner who guesses by surface features would score, and the shape of the course. */
export interface BankStats {
  questions: number;
  /** Questions per kind; the guessing rates below are over the single-choice ones. */
  kinds: Record<string, number>;
  families: number;
  familyMembers: number;
  chains: number;
  /** Expected score of always choosing the longest option, ties split evenly. */
  longestOptionRate: number;
  /** Expected score of striking out options with an absolute word, then choosing the longest left. */
  noAbsoluteThenLongestRate: number;
  chanceRate: number;
  keysWithAbsolute: number;
  distractorsWithAbsolute: number;
  modules: GroupCounts[];
  levels: GroupCounts[];
}

export interface GroupCounts {
  name: string;
  lessons: number;
  questions: number;
  /** Single-choice questions: the ones a guess by option length applies to. */
  choice: number;
  labs: number;
  longestOptionRate: number;
}

/** Score of choosing the longest of `options` (ties split), 1 meaning always right. */
function longestScore(options: { text: string; correct?: boolean | undefined }[]): number {
  if (options.length === 0) return 0;
  const longest = Math.max(...options.map((o) => optionLength(o.text)));
  const tied = options.filter((o) => optionLength(o.text) === longest);
  return tied.filter((o) => o.correct === true).length / tied.length;
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

export function bankStats(curriculum: Curriculum, labs: Lab[]): BankStats {
  const all = curriculum.questions;
  const questions = all.filter((q) => q.kind === "single");
  const kinds: Record<string, number> = {};
  for (const q of all) kinds[q.kind] = (kinds[q.kind] ?? 0) + 1;
  const lessons = curriculum.tracks.flatMap((t) => t.lessons);
  const keys = questions.flatMap((q) => q.options.filter((o) => o.correct === true));
  const distractors = questions.flatMap((q) => q.options.filter((o) => o.correct !== true));
  const hasAbsolute = (o: { text: string }) => absoluteWordsIn(o.text).length > 0;
  const group = (name: string, members: Lesson[]): GroupCounts => {
    const ids = new Set(members.map((l) => l.id));
    const groupQuestions = questions.filter((q) => ids.has(q.lesson));
    return {
      name,
      lessons: members.length,
      questions: all.filter((q) => ids.has(q.lesson)).length,
      choice: groupQuestions.length,
      labs: labs.filter((lab) => ids.has(lab.lesson)).length,
      longestOptionRate: mean(groupQuestions.map((q) => longestScore(q.options))),
    };
  };
  const moduleOf = (lesson: Lesson) => path.basename(path.dirname(lesson.file));
  const moduleNames = [...new Set(lessons.map(moduleOf))].sort();
  return {
    questions: all.length,
    kinds,
    families: curriculum.families.length,
    familyMembers: curriculum.families.reduce((n, f) => n + f.members.length, 0),
    chains: curriculum.chains.length,
    longestOptionRate: mean(questions.map((q) => longestScore(q.options))),
    noAbsoluteThenLongestRate: mean(questions.map(noAbsoluteThenLongest)),
    chanceRate: mean(questions.map((q) => 1 / q.options.length)),
    keysWithAbsolute: keys.filter(hasAbsolute).length / Math.max(1, keys.length),
    distractorsWithAbsolute: distractors.filter(hasAbsolute).length / Math.max(1, distractors.length),
    modules: moduleNames.map((name) =>
      group(
        name,
        lessons.filter((l) => moduleOf(l) === name),
      ),
    ),
    levels: [1, 2, 3].map((level) =>
      group(
        `level ${level}`,
        lessons.filter((l) => l.level === level),
      ),
    ),
  };
}

function noAbsoluteThenLongest(question: QuestionInFile): number {
  const plain = question.options.filter((o) => absoluteWordsIn(o.text).length === 0);
  return longestScore(plain.length > 0 ? plain : question.options);
}
