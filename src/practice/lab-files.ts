import path from "node:path";
import { z } from "zod";
import { listFiles, parseFile } from "../lessons/curriculum-loader.js";
import { PARSERS } from "./parsers/index.js";

/** The folder under the curriculum that holds practice labs, one `<id>.yaml` each. */
export const PRACTICE_DIR = "practice";

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case words joined by hyphens");

const checkSchema = z.strictObject({
  check: z.string().min(1),
  params: z.record(z.string(), z.number()).optional(),
  /** Markdown with {placeholders} the check fills; values that came from the paste are shown as written. */
  feedback: z.string().min(20).max(600),
  /** The lesson that explains what to do about it. */
  see: id,
});

export const practiceLabSchema = z.strictObject({
  id,
  title: z.string().min(5).max(80),
  /** The lesson this lab belongs to. */
  lesson: id,
  parser: z.string().min(1),
  /** What to run on your own system, shown in a code block. */
  run: z.string().min(3).max(1_500),
  /** Why and what to look at, in two or three sentences. */
  instructions: z.string().min(40).max(1_200),
  /** Said when the output parsed and no check found anything to fix. */
  healthy: z.string().min(20).max(600),
  checks: z.array(checkSchema).min(2).max(8),
});

export type PracticeLab = z.infer<typeof practiceLabSchema> & { file: string };

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/**
 * Reads `curriculum/practice/*.yaml` and checks each against what the code offers: a parser that
 * exists, checks that parser has, params it takes, placeholders the check fills, and lessons
 * (its own and every `see`) that exist. Problems name the file and the field.
 */
export function loadPracticeLabs(root: string, lessonIds: ReadonlySet<string>): { labs: PracticeLab[]; problems: string[] } {
  const problems: string[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const dir = path.join(root, PRACTICE_DIR);
  let files: string[];
  try {
    files = listFiles(dir).filter((f) => f.endsWith(".yaml"));
  } catch {
    return { labs: [], problems };
  }
  const labs: PracticeLab[] = [];
  for (const file of files) {
    const lab = parseFile(file, practiceLabSchema, problems, rel);
    if (!lab) continue;
    const where = rel(file);
    const before = problems.length;
    if (path.basename(file, ".yaml") !== lab.id) problems.push(`${where}: id: "${lab.id}" but the file is ${path.basename(file)} (name it <id>.yaml)`);
    if (!lessonIds.has(lab.lesson)) problems.push(`${where}: lesson: no lesson "${lab.lesson}"`);
    const parser = PARSERS[lab.parser];
    if (!parser) problems.push(`${where}: parser: "${lab.parser}" is not one of ${Object.keys(PARSERS).join(", ")}`);
    lab.checks.forEach((check, i) => {
      const at = `${where}: checks[${i}]`;
      if (!lessonIds.has(check.see)) problems.push(`${at}.see: no lesson "${check.see}"`);
      const definition = parser?.checks[check.check];
      if (parser && !definition) problems.push(`${at}.check: "${check.check}" is not a check of ${parser.name} (${Object.keys(parser.checks).join(", ")})`);
      if (!definition) return;
      for (const name of Object.keys(check.params ?? {}))
        if (!(name in definition.params))
          problems.push(`${at}.params.${name}: ${check.check} takes ${Object.keys(definition.params).join(", ") || "no params"}`);
      for (const [, name] of check.feedback.matchAll(PLACEHOLDER))
        if (name && !definition.values.includes(name))
          problems.push(`${at}.feedback: {${name}} is not filled by ${check.check} (${definition.values.join(", ") || "it fills none"})`);
    });
    if (new Set(lab.checks.map((c) => c.check)).size !== lab.checks.length) problems.push(`${where}: checks: a check is listed twice`);
    if (labs.some((l) => l.id === lab.id)) problems.push(`${where}: id: "${lab.id}" is used by another lab`);
    if (problems.length === before) labs.push({ ...lab, file: where });
  }
  return { labs: labs.sort((a, b) => a.id.localeCompare(b.id)), problems };
}
