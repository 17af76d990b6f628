import path from "node:path";
import { LESSON_LINK } from "../curriculum-loader.js";
import type { Lesson } from "../curriculum-schema.js";
import type { Finding, QuestionInFile } from "./question-rules.js";
import { contentWords } from "./text.js";

/**
 * "…can prevent heap-only tuple (HOT) updates (see `postgres-mvcc`)" promises that the cited lesson
 * explains the term. The term is the clause just before the link: back to the previous sentence end,
 * colon, semicolon, bold marker or link, at most CLAUSE_WORDS content words. The cited lesson
 * (title and body, compared by Porter stem) supports it when it holds at least a third of those words,
 * or both of the last two, which name the term ("the five qualities", "a load balancer").
 */
export const CLAUSE_WORDS = 8;
const BOUNDARY = /[.!?:;]\s|\n|\*\*|`\)/g;

interface Citing {
  file: string;
  item: string;
  text: string;
}

export function offTopicCitations(lessons: Lesson[], questions: QuestionInFile[]): Finding[] {
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const stemsOf = new Map(lessons.map((l) => [l.id, new Set(contentWords(`${l.title}\n${l.body}`).map((w) => w.stem))]));
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const citing: Citing[] = [
    ...lessons.map((l) => ({ file: rel(l.file), item: `lesson ${l.id}`, text: l.body })),
    ...questions.flatMap((q) => [q.prompt, q.explanation, ...q.options.map((o) => o.text)].map((text) => ({ file: q.file, item: `question ${q.id}`, text }))),
  ];
  const findings: Finding[] = [];
  for (const { file, item, text } of citing) {
    for (const match of text.matchAll(LESSON_LINK)) {
      const cited = byId.get(match[1] as string);
      if (!cited) continue; // an unknown id is the loader's error, or code such as "see `404`"
      const clause = clauseBefore(text, match.index);
      const words = dedupe(contentWords(clause)).slice(-CLAUSE_WORDS);
      const known = stemsOf.get(cited.id) ?? new Set<string>();
      const found = words.filter((w) => known.has(w.stem));
      const head = words.slice(-2);
      if (words.length === 0 || found.length * 3 >= words.length || head.every((w) => known.has(w.stem))) continue;
      const missing = words.filter((w) => !known.has(w.stem));
      findings.push({
        file,
        item,
        rule: "citation-off-topic",
        message: `"see \`${cited.id}\`" is cited for "${clause.trim()}", but ${cited.id} has ${found.length} of its ${words.length} key words (a third needed) and not both of the last two (has: ${list(found)}; lacks: ${list(missing)}); explain the term there, or define it here`,
      });
    }
  }
  return findings;
}

function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index).replace(/\(\s*$/, "");
  let start = 0;
  for (const boundary of before.matchAll(BOUNDARY)) start = boundary.index + boundary[0].length;
  return before.slice(start);
}

function dedupe(words: { word: string; stem: string }[]) {
  const seen = new Set<string>();
  return words.filter((w) => !seen.has(w.stem) && seen.add(w.stem));
}

const list = (words: { word: string }[]) => (words.length > 0 ? words.map((w) => w.word).join(", ") : "none");
