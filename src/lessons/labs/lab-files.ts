import path from "node:path";
import { listFiles, parseFile } from "../curriculum-loader.js";
import type { Lesson } from "../curriculum-schema.js";
import { isRunStep, type Lab, labFileSchema, RUNNER_NEED } from "./lab-schema.js";

export const LAB_SUFFIX = ".lab.yaml";

/**
 * Reads every `*.lab.yaml` under the curriculum folder and checks it: the schema, that it sits
 * beside its lesson with the same stem and names that lesson, and that it declares what its steps
 * run. Problems name the file and the field, as the curriculum check does.
 */
export function loadLabs(root: string, lessons: Lesson[]): { labs: Lab[]; problems: string[] } {
  const problems: string[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const lessonByFile = new Map(lessons.map((l) => [path.resolve(l.file), l]));
  const labs: Lab[] = [];
  for (const file of listFiles(root).filter((f) => f.endsWith(LAB_SUFFIX))) {
    const parsed = parseFile(file, labFileSchema, problems, rel);
    if (!parsed) continue;
    const stem = file.slice(0, -LAB_SUFFIX.length);
    const lesson = lessonByFile.get(path.resolve(`${stem}.md`));
    if (!lesson) {
      problems.push(`${rel(file)}: no lesson ${path.basename(stem)}.md beside it (a lab has its lesson's file name)`);
      continue;
    }
    if (parsed.lesson !== lesson.id) problems.push(`${rel(file)}: lesson: "${parsed.lesson}" but the lesson beside it is "${lesson.id}"`);
    parsed.steps.forEach((step, i) => {
      if (!isRunStep(step)) return;
      const need = RUNNER_NEED[step.run];
      if (need && !parsed.needs.includes(need)) problems.push(`${rel(file)}: steps[${i}].run: "${step.run}" needs "${need}" in needs`);
    });
    labs.push({ ...parsed, file: rel(file), name: `${path.basename(path.dirname(file))}/${path.basename(stem)}` });
  }
  return { labs, problems };
}
