import { type Block, type Message, ui } from "../core/message.js";
import { splitMarkdown } from "../core/split-text.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";
import { LESSON_LINK } from "./curriculum-loader.js";

/** Section size well under Slack's 3,000 and Discord's 4,096 per block. */
const SECTION_MAX = 2_800;

export const LESSON_DONE_ACTION = "lesson.done";
export const LESSON_QUIZ_ACTION = "lesson.quiz";

export interface LessonRenderOptions {
  /** A lead line such as "Today's lesson". */
  lead: string;
  withButtons: boolean;
}

export function renderLesson(lesson: LessonRow, catalog: LessonCatalog, options: LessonRenderOptions): Message {
  const total = catalog.track(lesson.track).length;
  const body = resolveLinks(lesson.body, catalog);
  const blocks: Block[] = [
    ui.header(lesson.title),
    ui.context(`${options.lead} · ${lesson.moduleTitle} · lesson ${lesson.position} of ${total} · about ${lesson.minutes} min`),
    ...splitMarkdown(body, SECTION_MAX).map((piece) => ui.section(piece)),
  ];
  if (options.withButtons) {
    const buttons = [ui.button(LESSON_DONE_ACTION, "Mark as done", lesson.id, "primary")];
    if (lesson.questionIds.length > 0) buttons.push(ui.button(LESSON_QUIZ_ACTION, "Quiz me", lesson.id));
    blocks.push(ui.actions(...buttons));
  }
  return { text: `${options.lead}: ${lesson.title} (lesson ${lesson.position} of ${total})`, blocks };
}

/** "see `postgres-mvcc`" becomes "see lesson 11, _PostgreSQL inside: MVCC and VACUUM_". */
function resolveLinks(body: string, catalog: LessonCatalog): string {
  return body.replace(LESSON_LINK, (whole, id: string) => {
    const target = catalog.get(id);
    return target ? `see lesson ${target.position}, _${target.title}_` : whole;
  });
}
