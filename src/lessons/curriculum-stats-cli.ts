import path from "node:path";
import { CurriculumError, loadCurriculum } from "./curriculum-loader.js";
import { loadLabs } from "./labs/lab-files.js";
import { type CourseShape, courseShape, MIN_DIAGRAM_LESSONS, MIN_LESSONS_PER_SKILL } from "./quality/course-shape.js";
import { type BankStats, bankStats, type GroupCounts } from "./quality/stats.js";
import { ABSOLUTE_WORDS } from "./quality/text.js";

/** `npm run curriculum:stats [DIR]`: the course's shape, how guessable the question bank is, and counts per module and level. */
const TARGET_LONGEST = 0.27;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

function table(title: string, rows: GroupCounts[]): string {
  const width = Math.max(title.length, ...rows.map((r) => r.name.length));
  const line = (cells: string[]) =>
    `${(cells[0] ?? "").padEnd(width)}  ${cells
      .slice(1)
      .map((c, i) => c.padStart([7, 9, 4, 7][i] ?? 7))
      .join("  ")}`;
  const total: GroupCounts = {
    name: "all",
    lessons: rows.reduce((n, r) => n + r.lessons, 0),
    questions: rows.reduce((n, r) => n + r.questions, 0),
    choice: rows.reduce((n, r) => n + r.choice, 0),
    labs: rows.reduce((n, r) => n + r.labs, 0),
    longestOptionRate:
      rows.reduce((n, r) => n + r.longestOptionRate * r.choice, 0) /
      Math.max(
        1,
        rows.reduce((n, r) => n + r.choice, 0),
      ),
  };
  return [
    line([title, "lessons", "questions", "labs", "longest"]),
    ...[...rows, total].map((r) => line([r.name, String(r.lessons), String(r.questions), String(r.labs), r.choice ? percent(r.longestOptionRate) : "-"])),
  ].join("\n");
}

/** Ids joined by commas, wrapped to lines of at most 100 characters, each indented. */
function idList(ids: string[], indent = "    "): string {
  const lines: string[] = [];
  for (const id of ids) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + id.length + 3 <= 100) lines[lines.length - 1] = `${last}, ${id}`;
    else lines.push(`${indent}${id}`);
  }
  return lines.join(",\n");
}

function shapeReport(shape: CourseShape): string {
  const below = shape.skills.filter((s) => s.belowMinimum);
  const width = Math.max("skill".length, ...shape.skills.map((s) => s.skill.length));
  const row = (cells: string[], flag = "") => `${(cells[0] ?? "").padEnd(width)}  ${(cells[1] ?? "").padStart(7)}  ${(cells[2] ?? "").padStart(9)}${flag}`;
  return [
    `Course: ${shape.lessons} lessons in ${shape.modules} modules`,
    `  by kind: ${shape.kinds.map((k) => `${k.kind} ${k.lessons}`).join(", ")}`,
    `  checkpoints of the course project: ${shape.checkpoints.length}`,
    idList(shape.checkpoints),
    `  with a diagram (a \`\`\`text block with two or more lines drawing arrows): ${shape.diagrams.length} (target at least ${MIN_DIAGRAM_LESSONS})`,
    idList(shape.diagrams),
    "",
    row(["skill", "lessons", "questions"]),
    ...shape.skills.map((s) => row([s.skill, String(s.lessons), String(s.questions)], s.belowMinimum ? `  below ${MIN_LESSONS_PER_SKILL} lessons` : "")),
    below.length === 0
      ? `every skill has at least ${MIN_LESSONS_PER_SKILL} lessons (a lesson counts for each skill it is tagged with)`
      : `${below.length} skill(s) with fewer than ${MIN_LESSONS_PER_SKILL} lessons: ${below.map((s) => s.skill).join(", ")}`,
    "",
  ].join("\n");
}

function report(stats: BankStats): string {
  const verdict = stats.longestOptionRate <= TARGET_LONGEST ? "within" : "above";
  return [
    `Question bank: ${stats.questions} questions`,
    `  by kind: ${Object.entries(stats.kinds)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ")}`,
    `  families: ${stats.families} (${stats.familyMembers} members); case chains: ${stats.chains}`,
    `  over the ${stats.kinds.single ?? 0} single-choice questions:`,
    `  longest option is the correct one: ${percent(stats.longestOptionRate)} (ties split; chance ${percent(stats.chanceRate)}; ${verdict} the target of at most ${percent(TARGET_LONGEST)})`,
    `  strike out options with an absolute word, then choose the longest: ${percent(stats.noAbsoluteThenLongestRate)}`,
    `  absolute words (${ABSOLUTE_WORDS.join(", ")}): in ${percent(stats.keysWithAbsolute)} of correct options, ${percent(stats.distractorsWithAbsolute)} of distractors`,
    "",
    table("module", stats.modules),
    "",
    table("lesson level", stats.levels),
    "",
  ].join("\n");
}

const root = path.resolve(process.argv[2] ?? process.env.CURRICULUM_DIR ?? "curriculum");
try {
  const curriculum = loadCurriculum(root);
  const { labs } = loadLabs(
    root,
    curriculum.tracks.flatMap((t) => t.lessons),
  );
  process.stdout.write(`${shapeReport(courseShape(curriculum))}\n${report(bankStats(curriculum, labs))}`);
} catch (error) {
  process.stderr.write(`${error instanceof CurriculumError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
