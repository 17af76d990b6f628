import path from "node:path";
import { parseArgs } from "node:util";
import { loadScenarios } from "../gamedays/scenarios.js";
import { loadPracticeLabs } from "../practice/lab-files.js";
import { CurriculumError, loadCurriculum } from "./curriculum-loader.js";
import { loadLabs } from "./labs/lab-files.js";
import { checkQuality, formatFinding } from "./quality/check.js";

/**
 * `npm run curriculum:check [-- --warn-quality] [DIR]`: validates a curriculum folder (lessons,
 * questions, labs, game day scenarios, practice labs), then the quality rules of quality/; names file, item and rule for every
 * problem; exits 1 on any (on broken files only, with --warn-quality).
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { "warn-quality": { type: "boolean" } } });
const root = path.resolve(positionals[0] ?? process.env.CURRICULUM_DIR ?? "curriculum");
try {
  const curriculum = loadCurriculum(root);
  const lessons = curriculum.tracks.flatMap((t) => t.lessons);
  const { labs, problems: labProblems } = loadLabs(root, lessons);
  const { scenarios, problems: scenarioProblems } = loadScenarios(root, new Set(lessons.map((l) => l.id)));
  const problems = [...labProblems, ...scenarioProblems];
  const practice = loadPracticeLabs(root, new Set(lessons.map((l) => l.id)));
  problems.push(...practice.problems);
  for (const track of curriculum.tracks) {
    const questions = curriculum.questions.filter((q) => track.lessons.some((l) => l.id === q.lesson)).length;
    process.stdout.write(`Track ${track.id}: ${track.lessons.length} lessons in ${track.modules.length} modules, ${questions} questions.\n`);
  }
  const findings = checkQuality(curriculum).sort((a, b) => a.file.localeCompare(b.file) || a.item.localeCompare(b.item));
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  for (const finding of findings) process.stderr.write(`${formatFinding(finding)}\n`);
  const counts = `${curriculum.skills.length} skills, ${curriculum.tracks.reduce((n, t) => n + t.lessons.length, 0)} lessons, ${curriculum.questions.length} questions, ${labs.length} labs, ${scenarios.length} game days, ${practice.labs.length} practice labs`;
  if (problems.length === 0 && findings.length === 0) {
    process.stdout.write(`Curriculum OK: ${counts}.\n`);
  } else {
    const byRule = new Map<string, number>();
    for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    const rules = [...byRule].map(([rule, n]) => `${n} ${rule}`).join(", ");
    process.stderr.write(
      `Curriculum has problems (${counts}): ${labProblems.length} in lab files; ${scenarioProblems.length} in game day files; ${practice.problems.length} in practice lab files; ${findings.length} quality findings${rules ? ` (${rules})` : ""}.\n`,
    );
    // --warn-quality: report the quality findings, fail only on broken files (while a bank is being fixed).
    if (problems.length > 0 || !values["warn-quality"]) process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`${error instanceof CurriculumError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
