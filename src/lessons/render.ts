import { type Block, type Button, type Message, ui } from "../core/message.js";
import { splitMarkdown } from "../core/split-text.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";
import { LESSON_LINK } from "./curriculum-loader.js";

/** Section size well under Slack's 3,000 and Discord's 4,096 per block. */
const SECTION_MAX = 2_800;

export const LESSON_DONE_ACTION = "lesson.done";
export const LESSON_QUIZ_ACTION = "lesson.quiz";
/** A checkpoint is marked done with evidence: its button opens a form. */
export const CHECKPOINT_DONE_ACTION = "lesson.checkpoint";

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
    ui.context(
      `${options.lead} · ${lesson.moduleTitle} · lesson ${lesson.position} of ${total} · level ${lesson.level}${lesson.kind === "checkpoint" ? " · project checkpoint" : ""} · about ${lesson.minutes} min`,
    ),
    ...splitMarkdown(body, SECTION_MAX).map((piece) => ui.section(piece)),
  ];
  if (options.withButtons) {
    const buttons = [doneButton(lesson)];
    if (lesson.questionIds.length > 0) buttons.push(ui.button(LESSON_QUIZ_ACTION, "Quiz me", lesson.id));
    blocks.push(ui.actions(...buttons));
  }
  return { text: `${options.lead}: ${lesson.title} (lesson ${lesson.position} of ${total})`, blocks };
}

/** "Mark as done"; a checkpoint's asks for the evidence first. */
export function doneButton(lesson: Pick<LessonRow, "id" | "kind">, primary = true): Button {
  const style = primary ? "primary" : undefined;
  return lesson.kind === "checkpoint"
    ? ui.button(CHECKPOINT_DONE_ACTION, "Mark done with evidence", lesson.id, style)
    : ui.button(LESSON_DONE_ACTION, "Mark as done", lesson.id, style);
}

/** "see `postgres-mvcc`" becomes "see lesson 11, _PostgreSQL inside: MVCC and VACUUM_". */
function resolveLinks(body: string, catalog: LessonCatalog): string {
  return body.replace(LESSON_LINK, (whole, id: string) => {
    const target = catalog.get(id);
    return target ? `see lesson ${target.position}, _${target.title}_` : whole;
  });
}
