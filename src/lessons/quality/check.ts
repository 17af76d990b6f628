import type { Curriculum } from "../curriculum-schema.js";
import { offTopicCitations } from "./citations.js";
import { absoluteOnlyInDistractors, type Finding, longestKey, selfProvingKey } from "./question-rules.js";
import { repeatedTemplates } from "./templates.js";

/**
 * The checks that keep the question bank honest: options that give the answer away, and links
 * that promise what the cited lesson does not teach. Separate from loading, so the bot still starts
 * on a bank with findings; `npm run curriculum:check` fails on them.
 */
export function checkQuality(curriculum: Curriculum): Finding[] {
  const lessons = curriculum.tracks.flatMap((t) => t.lessons);
  return [
    ...curriculum.questions.flatMap((q) => [...longestKey(q), ...absoluteOnlyInDistractors(q), ...selfProvingKey(q)]),
    ...repeatedTemplates(curriculum.questions),
    ...offTopicCitations(lessons, curriculum.questions),
  ];
}

export const formatFinding = (f: Finding) => `${f.file}: ${f.item}: ${f.rule}: ${f.message}`;
