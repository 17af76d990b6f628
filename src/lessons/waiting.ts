import { RUN_COMMAND_ACTION } from "../core/command-action.js";
import { type Message, ui } from "../core/message.js";
import type { LessonRow } from "./catalog.js";
import { doneButton } from "./render.js";

/** Why no lesson came: every lesson left builds on one the person has not marked done. */
export function waitingSentence(lesson: LessonRow, prerequisite: LessonRow): string {
  return `Your next lesson, ${lesson.title}, builds on ${prerequisite.title} (lesson ${prerequisite.position}), which you have not marked done, and every other lesson left also builds on one not done yet. Mark it done and your next lesson comes on your next lesson day.`;
}

/** The DM that says so once, with the button that unblocks it. */
export function waitingMessage(lesson: LessonRow, prerequisite: LessonRow): Message {
  const sentence = waitingSentence(lesson, prerequisite);
  return {
    text: `No lesson today. ${sentence}`,
    blocks: [
      ui.section(`**No lesson today.** ${sentence}`),
      ui.actions(doneButton(prerequisite), ui.button(RUN_COMMAND_ACTION, "Show it", `lesson ${prerequisite.id}`)),
    ],
  };
}
