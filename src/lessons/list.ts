import type { CommandContext } from "../core/context.js";
import { editDistance } from "../core/edit-distance.js";
import { UserError } from "../core/errors.js";
import { type Block, type Message, ui } from "../core/message.js";
import { counted, userText } from "../core/text.js";
import type { LessonRow } from "./catalog.js";

/** Lessons shown on one page: 20 lines of about 120 characters stay far inside every platform's section limit. */
export const LESSONS_PER_PAGE = 20;

const LEVELS: Record<number, string> = { 1: "on-ramp", 2: "core", 3: "senior" };

interface Module {
  id: string;
  title: string;
  lessons: LessonRow[];
}

/**
 * `/mentor lessons list [module] [page]`: without a module, the course's modules with their
 * lesson counts (and how many the person has done); with one, its lessons with the ids that
 * `/mentor lesson ID` and `/mentor quiz ID` take, a page at a time.
 */
export async function lessonList(ctx: CommandContext, typed: string | undefined, page: number | undefined): Promise<Message> {
  const { lessons } = ctx.services;
  const modules = lessons.catalog.modules(lessons.defaultTrack());
  const done = await lessons.progress.completedIds(ctx.member.id);
  if (!typed) {
    if (page !== undefined) throw new UserError("page_without_module", "Pages are for one module's lessons: `/mentor lessons list foundations 2`.");
    return moduleList(modules, done);
  }
  const module = findModule(modules, typed.toLowerCase());
  if (!module) {
    const near = modules.filter((m) => editDistance(m.id, typed.toLowerCase()) <= 3).map((m) => `\`${m.id}\``);
    const hint = near.length > 0 ? ` Did you mean ${near.slice(0, 3).join(", ")}?` : "";
    throw new UserError(
      "unknown_module",
      `There is no module “${userText(typed.slice(0, 40))}”.${hint} \`/mentor lessons list\` lists the ${modules.length} modules.`,
    );
  }
  return lessonPage(module, done, page ?? 1);
}

/** A module by id, by a word of its id or title, or by the start of either. */
export function findModule<M extends { id: string; title: string }>(modules: readonly M[], typed: string): M | undefined {
  const byId = modules.find((m) => m.id === typed);
  if (byId) return byId;
  const starts = modules.filter((m) => m.id.startsWith(typed) || m.title.toLowerCase().startsWith(typed));
  if (starts.length === 1) return starts[0];
  const words = modules.filter((m) =>
    m.title
      .toLowerCase()
      .split(/[^a-z0-9.]+/)
      .includes(typed),
  );
  return words.length === 1 ? words[0] : undefined;
}

function moduleList(modules: readonly Module[], done: ReadonlySet<string>): Message {
  const total = modules.reduce((sum, m) => sum + m.lessons.length, 0);
  const lines = modules.map((m) => {
    const finished = m.lessons.filter((l) => done.has(l.id)).length;
    const mark = finished === m.lessons.length ? "✓" : "•";
    const progress = finished > 0 ? `, ${finished} done` : "";
    return `${mark} \`${m.id}\` ${m.title}: ${counted(m.lessons.length, "lesson")}${progress}`;
  });
  const heading = `The course: ${counted(total, "lesson")} in ${counted(modules.length, "module")}`;
  const howTo = "`/mentor lessons list <module>` lists a module's lessons and their ids; `/mentor lesson <id>` shows one.";
  const blocks: Block[] = [ui.header(heading), ...sectionsOf(lines), ui.context(howTo)];
  return { text: `${heading}\n${lines.join("\n")}\n${howTo}`, blocks };
}

function lessonPage(module: Module, done: ReadonlySet<string>, page: number): Message {
  const pages = Math.max(1, Math.ceil(module.lessons.length / LESSONS_PER_PAGE));
  if (page > pages) {
    throw new UserError(
      "no_such_page",
      `${module.title} has ${counted(module.lessons.length, "lesson")} on ${counted(pages, "page")}; there is no page ${page}.`,
    );
  }
  const shown = module.lessons.slice((page - 1) * LESSONS_PER_PAGE, page * LESSONS_PER_PAGE);
  const lines = shown.map((l) => `${done.has(l.id) ? "✓" : "•"} \`${l.id}\` ${l.title} · ${LEVELS[l.level] ?? `level ${l.level}`}, ${l.minutes} min`);
  const finished = module.lessons.filter((l) => done.has(l.id)).length;
  const heading = `${module.title}`.slice(0, 150);
  const first = (page - 1) * LESSONS_PER_PAGE + 1;
  const range = pages > 1 ? `Lessons ${first}-${first + shown.length - 1} of ${module.lessons.length} (page ${page} of ${pages}). ` : "";
  const more = page < pages ? ` Next page: \`/mentor lessons list ${module.id} ${page + 1}\`.` : "";
  const summary = `${range}${counted(module.lessons.length, "lesson")}, ${finished} done (✓).${more}`;
  const howTo = "`/mentor lesson <id>` shows a lesson; `/mentor quiz <id>` quizzes you on it.";
  return { text: `${heading}\n${lines.join("\n")}\n${summary} ${howTo}`, blocks: [ui.header(heading), ...sectionsOf(lines), ui.context(summary, howTo)] };
}

/** Lines in sections of at most 2,000 characters (well inside Slack's 3,000 and Discord's 4,096). */
function sectionsOf(lines: readonly string[]): Block[] {
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= 2_000) sections[sections.length - 1] = `${last}\n${line}`;
    else sections.push(line);
  }
  return sections.map((text) => ui.section(text));
}
