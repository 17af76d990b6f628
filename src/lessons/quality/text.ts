import { stemmer } from "stemmer";

/**
 * Words that state a rule with no exceptions. Test-wise learners eliminate options that use them,
 * so they must not mark the wrong options only. The list is the one the course review measured.
 */
export const ABSOLUTE_WORDS = ["always", "never", "only", "all", "any", "must", "cannot", "can't", "nothing", "none"] as const;
const ABSOLUTE = new RegExp(`(?<![\\w'-])(${ABSOLUTE_WORDS.map((w) => w.replace("'", "['’]")).join("|")})(?![\\w'-])`, "gi");

/** The absolute words an option uses, lowercased, in order of appearance. */
export function absoluteWordsIn(text: string): string[] {
  return [...text.matchAll(ABSOLUTE)].map((m) => (m[1] as string).toLowerCase().replace("’", "'"));
}

/** Length as a learner sees it on a button: trimmed characters. */
export function optionLength(text: string): number {
  return [...text.trim()].length;
}

/** Function words that say nothing about a topic; everything else counts as a content word. */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also an and any are as at be because been before being below between both but by can " +
    "could did do does doing done down during each even every few for from further get gets got had has have having he her here " +
    "how i if in into is it its just keep keeps let like made make makes many may might more most much must need needs no nor not " +
    "now of off on once one only or other our out over own per same say says she should so some such than that the their them " +
    "then there these they this those through to too two under until up upon us use used uses using very was we well were what " +
    "when where which while who whom why will with within without would you your"
  ).split(" "),
);

/** The content words of a text with their Porter stems, in order; "see `lesson-id`" links are dropped. */
export function contentWords(text: string): { word: string; stem: string }[] {
  return text
    .replace(/see `[a-z0-9-]+`/g, " ")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/.test(word))
    .map((word) => ({ word, stem: stemmer(word) }));
}
