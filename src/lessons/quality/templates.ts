import type { Finding, QuestionInFile } from "./question-rules.js";

/**
 * A question template is a prompt with its particulars swapped: "A service receives 400 req/s and
 * each request spends 250 ms..." and the same sentence with 300 and 200 ms. Reused twice it helps
 * spaced review; a third use teaches pattern matching instead of the idea.
 */
export const TEMPLATE = { similarity: 0.5, maxUses: 2 } as const;

/**
 * The prompt with its particulars masked: quoted text and code become §, numbers with their units
 * become #, capitalised words inside a sentence (names, products, acronyms) become N; lowercased.
 */
export function promptSkeleton(prompt: string): string[] {
  return prompt
    .replace(/`[^`]*`|'[^']*'|"[^"]*"|“[^”]*”/g, " § ")
    .replace(/[$€£]?\d[\d.,:]*[A-Za-z%/]*/g, " # ")
    .replace(/(?<!(?:^|[.?!:])\s*)\b[A-Z][\w'’-]*/g, " N ")
    .toLowerCase()
    .split(/[^a-z§#'-]+/)
    .map((token) => (token === "n" ? "N" : token))
    .filter(Boolean);
}

function trigrams(words: string[]): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) grams.add(words.slice(i, i + 3).join(" "));
  return grams;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Two prompts share a template when the word trigrams of their skeletons overlap by at least
 * TEMPLATE.similarity (Jaccard); a group is every question linked by that relation. A group larger
 * than TEMPLATE.maxUses is reported once, on its last question.
 */
export function repeatedTemplates(questions: QuestionInFile[]): Finding[] {
  const grams = questions.map((q) => trigrams(promptSkeleton(q.prompt)));
  const group = questions.map((_, i) => i);
  const root = (i: number): number => {
    let at = i;
    while (group[at] !== at) at = group[at] as number;
    return at;
  };
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      if (jaccard(grams[i] as Set<string>, grams[j] as Set<string>) >= TEMPLATE.similarity) group[root(j)] = root(i);
    }
  }
  const members = new Map<number, number[]>();
  questions.forEach((_, i) => {
    members.set(root(i), [...(members.get(root(i)) ?? []), i]);
  });
  const findings: Finding[] = [];
  for (const indexes of members.values()) {
    if (indexes.length <= TEMPLATE.maxUses) continue;
    const last = questions[indexes[indexes.length - 1] as number] as QuestionInFile;
    const ids = indexes.map((i) => (questions[i] as QuestionInFile).id).join(", ");
    findings.push({
      file: last.file,
      item: `question ${last.id}`,
      rule: "repeated-template",
      message: `${indexes.length} questions share one prompt template (${ids}; skeleton "${promptSkeleton(last.prompt).join(" ")}"); at most ${TEMPLATE.maxUses}: vary the situation and the direction of reasoning`,
    });
  }
  return findings;
}
