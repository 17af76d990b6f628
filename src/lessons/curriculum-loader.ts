import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import {
  type Curriculum,
  type Lesson,
  lessonFrontmatterSchema,
  type Question,
  quizFileSchema,
  type Skill,
  skillsFileSchema,
  type Track,
  trackFileSchema,
} from "./curriculum-schema.js";
import { checkQuestionKinds, type QuizBank } from "./question-kinds-check.js";

/** Every problem names the file and the field, so a content author can fix it at once. */
export class CurriculumError extends Error {
  constructor(readonly problems: string[]) {
    super(`The curriculum has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "CurriculumError";
  }
}

const WORDS = { min: 150, max: 450 };
/** "(see `postgres-mvcc`)" links one lesson to an earlier one. */
export const LESSON_LINK = /see `([a-z0-9]+(?:-[a-z0-9]+)*)`/g;

/**
 * Reads and checks a curriculum folder: skills.yaml, then one folder per track holding
 * track.yaml, lessons (*.md with frontmatter) and their questions (*.quiz.yaml).
 * Throws CurriculumError listing every problem; returns nothing half-checked.
 */
export function loadCurriculum(root: string): Curriculum {
  const problems: string[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const skills = readSkills(path.join(root, "skills.yaml"), problems, rel);
  const skillIds = new Set(skills.map((s) => s.id));
  const tracks: Track[] = [];
  const bank: QuizBank = { questions: [], families: [], chains: [] };
  const { questions } = bank;
  for (const entry of safeReaddir(root, problems, rel).sort()) {
    const trackDir = path.join(root, entry);
    // A track is a folder with track.yaml; others (the lab kit in labs/) are not lessons.
    if (!statSync(trackDir).isDirectory() || !existsSync(path.join(trackDir, "track.yaml"))) continue;
    const track = readTrack(trackDir, skillIds, problems, rel, bank);
    if (track) tracks.push(track);
  }
  if (tracks.length === 0) problems.push(`${rel(root)}: no track folder (a folder with track.yaml)`);
  checkAcrossFiles(tracks, questions, skillIds, problems, rel);
  problems.push(...checkQuestionKinds(bank));
  if (problems.length > 0) throw new CurriculumError(problems);
  return { skills, tracks, ...bank };
}

function readSkills(file: string, problems: string[], rel: (f: string) => string): Skill[] {
  const parsed = parseFile(file, skillsFileSchema, problems, rel);
  return parsed?.skills ?? [];
}

function readTrack(trackDir: string, skillIds: Set<string>, problems: string[], rel: (f: string) => string, bank: QuizBank): Track | undefined {
  const trackFile = path.join(trackDir, "track.yaml");
  const meta = parseFile(trackFile, trackFileSchema, problems, rel);
  if (!meta) return undefined;
  const modules = new Map(meta.modules.map((m) => [m.id, m.title]));
  const lessons: Omit<Lesson, "position">[] = [];
  for (const file of listFiles(trackDir)) {
    if (file.endsWith(".md")) {
      const lesson = readLesson(file, meta.id, modules, skillIds, problems, rel);
      if (lesson) lessons.push(lesson);
    } else if (file.endsWith(".quiz.yaml")) {
      const quiz = parseFile(file, quizFileSchema, problems, rel);
      for (const question of quiz?.questions ?? []) bank.questions.push({ ...question, file: rel(file) });
      for (const family of quiz?.families ?? []) bank.families.push({ ...family, file: rel(file) });
      for (const chain of quiz?.chains ?? []) bank.chains.push({ ...chain, file: rel(file) });
    }
  }
  const moduleIndex = new Map(meta.modules.map((m, i) => [m.id, i]));
  const place = (lesson: Omit<Lesson, "position">) => moduleIndex.get(lesson.module) ?? meta.modules.length;
  lessons.sort((a, b) => place(a) - place(b) || a.order - b.order);
  checkOrder(lessons, problems, rel);
  return { ...meta, lessons: lessons.map((lesson, i) => ({ ...lesson, position: i + 1 })) };
}

/** Within a module, each lesson has its own order (gaps are fine: they leave room to insert). */
function checkOrder(lessons: Omit<Lesson, "position">[], problems: string[], rel: (f: string) => string): void {
  const seen = new Map<string, string>();
  for (const lesson of lessons) {
    const key = `${lesson.module}#${lesson.order}`;
    const other = seen.get(key);
    if (other) problems.push(`${rel(lesson.file)}: order: ${lesson.order} is also the order of ${rel(other)} in module ${lesson.module}`);
    else seen.set(key, lesson.file);
  }
}

function readLesson(
  file: string,
  track: string,
  modules: Map<string, string>,
  skillIds: Set<string>,
  problems: string[],
  rel: (f: string) => string,
): Omit<Lesson, "position"> | undefined {
  const text = readFileSync(file, "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, "\n"));
  if (!match) {
    problems.push(`${rel(file)}: frontmatter: the file must start with a --- block and a body after it`);
    return undefined;
  }
  const frontmatter = validate(parseYamlText(match[1] as string, file, problems, rel), lessonFrontmatterSchema, `${rel(file)}: frontmatter`, problems);
  if (!frontmatter) return undefined;
  const body = (match[2] as string).trim();
  const where = `${rel(file)}: frontmatter`;
  const moduleTitle = modules.get(frontmatter.module);
  if (!moduleTitle) problems.push(`${where}.module: unknown module "${frontmatter.module}" (not in track.yaml)`);
  frontmatter.skills.forEach((skill, i) => {
    if (!skillIds.has(skill)) problems.push(`${where}.skills[${i}]: unknown skill "${skill}"`);
  });
  const words = body.split(/\s+/).filter(Boolean).length;
  if (words < WORDS.min || words > WORDS.max) problems.push(`${rel(file)}: body: ${words} words; a lesson has ${WORDS.min} to ${WORDS.max}`);
  const prose = body.replace(/```[\s\S]*?```/g, "");
  if (/^#{1,6}\s/m.test(prose)) problems.push(`${rel(file)}: body: uses a # heading; use a **bold** line (headings do not render in chat)`);
  if (/<\/?[a-z][^>]*>/i.test(prose.replace(/`[^`]*`/g, ""))) {
    problems.push(`${rel(file)}: body: contains HTML; use Markdown only`);
  }
  return { ...frontmatter, track, moduleTitle: moduleTitle ?? "", body, file };
}

function checkAcrossFiles(
  tracks: Track[],
  questions: (Question & { file: string })[],
  skillIds: Set<string>,
  problems: string[],
  rel: (f: string) => string,
): void {
  const lessons = new Map<string, Lesson>();
  for (const lesson of tracks.flatMap((t) => t.lessons)) {
    const other = lessons.get(lesson.id);
    if (other) problems.push(`${rel(lesson.file)}: id: "${lesson.id}" is also the id of ${rel(other.file)}`);
    lessons.set(lesson.id, lesson);
  }
  for (const lesson of lessons.values()) {
    for (const [, target] of lesson.body.matchAll(LESSON_LINK)) {
      const linked = lessons.get(target as string);
      // "see `404`" is code, not a link; a hyphenated id that matches nothing is a broken link.
      if (!linked && (target as string).includes("-")) problems.push(`${rel(lesson.file)}: body: links to unknown lesson "${target}"`);
      else if (!linked) continue;
      else if (linked.track === lesson.track && linked.position >= lesson.position) {
        problems.push(`${rel(lesson.file)}: body: links to "${target}", which comes later; link only to earlier lessons`);
      }
    }
  }
  checkPrerequisites(lessons, problems, rel);
  const seen = new Map<string, string>();
  const byLesson = new Map<string, string[]>();
  for (const question of questions) {
    const where = `${question.file}: question ${question.id}`;
    const other = seen.get(question.id);
    if (other) problems.push(`${where}: id: also used in ${other}`);
    seen.set(question.id, question.file);
    const lesson = lessons.get(question.lesson);
    if (!lesson) problems.push(`${where}: lesson: unknown lesson "${question.lesson}"`);
    if (!skillIds.has(question.skill)) problems.push(`${where}: skill: unknown skill "${question.skill}"`);
    const correct = question.options.filter((o) => o.correct === true).length;
    if (question.kind === "single" && correct !== 1) problems.push(`${where}: options: exactly one must be correct: true (found ${correct})`);
    const texts = question.options.map((o) => o.text.trim().toLowerCase());
    if (new Set(texts).size !== texts.length) problems.push(`${where}: options: two options have the same text`);
    byLesson.set(question.lesson, [...(byLesson.get(question.lesson) ?? []), question.id]);
  }
  for (const lesson of lessons.values()) {
    const declared = [...lesson.questions].sort().join(",");
    const found = [...(byLesson.get(lesson.id) ?? [])].sort().join(",");
    if (declared !== found) {
      problems.push(`${rel(lesson.file)}: frontmatter.questions: lists [${declared}] but the quiz files hold [${found}]`);
    }
  }
}

/**
 * Prerequisites name known lessons of the same track that come earlier, and never loop: a
 * person following the track, or started further in by a level or a placement, meets a
 * lesson's prerequisites first.
 */
function checkPrerequisites(lessons: Map<string, Lesson>, problems: string[], rel: (f: string) => string): void {
  for (const lesson of lessons.values()) {
    for (const id of lesson.prerequisites) {
      const before = lessons.get(id);
      if (!before) problems.push(`${rel(lesson.file)}: frontmatter.prerequisites: unknown lesson "${id}"`);
      else if (before.track !== lesson.track) problems.push(`${rel(lesson.file)}: frontmatter.prerequisites: "${id}" is in another track`);
      else if (before.position >= lesson.position) {
        problems.push(
          `${rel(lesson.file)}: frontmatter.prerequisites: "${id}" comes later in the track (lesson ${before.position}, this is ${lesson.position})`,
        );
      }
    }
  }
  for (const cycle of prerequisiteCycles(lessons)) problems.push(`prerequisites loop: ${cycle.join(" -> ")}`);
}

/** Each loop in the prerequisite graph once, as the ids around it (first id repeated at the end). */
export function prerequisiteCycles(lessons: Map<string, Pick<Lesson, "id" | "prerequisites">>): string[][] {
  const state = new Map<string, "open" | "done">();
  const cycles: string[][] = [];
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "open") {
      cycles.push([...path.slice(path.indexOf(id)), id]);
      return;
    }
    state.set(id, "open");
    for (const next of lessons.get(id)?.prerequisites ?? []) if (lessons.has(next)) visit(next, [...path, id]);
    state.set(id, "done");
  };
  for (const id of lessons.keys()) visit(id, []);
  return cycles;
}

export function parseFile<T extends z.ZodType>(file: string, schema: T, problems: string[], rel: (f: string) => string): z.infer<T> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    problems.push(`${rel(file)}: file is missing or unreadable`);
    return undefined;
  }
  return validate(parseYamlText(text, file, problems, rel), schema, rel(file), problems);
}

function parseYamlText(text: string, file: string, problems: string[], rel: (f: string) => string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    problems.push(`${rel(file)}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    return undefined;
  }
}

function validate<T extends z.ZodType>(value: unknown, schema: T, where: string, problems: string[]): z.infer<T> | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "");
    problems.push(`${where}${field ? `.${field}` : ""}: ${issue.message}`);
  }
  return undefined;
}

function safeReaddir(dir: string, problems: string[], rel: (f: string) => string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    problems.push(`${rel(dir)}: the curriculum folder does not exist`);
    return [];
  }
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Identifies a lesson's content: a change in any field the post shows gives a new hash. */
export function lessonHash(lesson: Lesson): string {
  const { file: _file, ...content } = lesson;
  return contentHash(content);
}

export function contentHash(content: unknown): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 32);
}
