import path from "node:path";
import { CurriculumError, loadCurriculum } from "./curriculum-loader.js";

/** `npm run curriculum:check [DIR]`: validates a curriculum folder, naming file and field on error. */
const root = path.resolve(process.argv[2] ?? process.env.CURRICULUM_DIR ?? "curriculum");
try {
  const curriculum = loadCurriculum(root);
  for (const track of curriculum.tracks) {
    const questions = curriculum.questions.filter((q) => track.lessons.some((l) => l.id === q.lesson)).length;
    process.stdout.write(`Track ${track.id}: ${track.lessons.length} lessons in ${track.modules.length} modules, ${questions} questions.\n`);
  }
  process.stdout.write(
    `Curriculum OK: ${curriculum.skills.length} skills, ${curriculum.tracks.reduce((n, t) => n + t.lessons.length, 0)} lessons, ${curriculum.questions.length} questions.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof CurriculumError ? error.message : String(error)}\n`);
  process.exit(1);
}
