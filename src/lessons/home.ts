import { RUN_COMMAND_ACTION } from "../core/command-action.js";
import type { HomeContext } from "../core/context.js";
import { type Block, type Message, ui } from "../core/message.js";
import { LESSON_DONE_ACTION } from "./render.js";

/** A person's home (Slack's App Home tab): progress, the next lesson, and the common actions. */
export async function lessonsHome(ctx: HomeContext): Promise<Message> {
  const { lessons, members } = ctx.services;
  const timezone = members.timezoneOf(ctx.member, ctx.workspace);
  const progress = await lessons.progress.progress(ctx.workspace.id, ctx.member.id, lessons.defaultTrack(), timezone, ctx.services.now());
  const streak = `Current streak: ${progress.streaks.current} day${progress.streaks.current === 1 ? "" : "s"} · longest: ${progress.streaks.longest}`;
  const blocks: Block[] = [
    ui.header(`Hello, ${ctx.member.displayName || "there"}`),
    ui.section(`**${progress.done} of ${progress.total} lessons done.** ${streak}.`),
    ui.divider(),
  ];
  if (progress.next) {
    const next = progress.next;
    blocks.push(
      ui.section(`**Next up:** ${next.title}\n_${next.moduleTitle} · lesson ${next.position} of ${progress.total} · about ${next.minutes} min_`),
      ui.actions(
        ui.button(RUN_COMMAND_ACTION, "Read it", "lesson next", "primary"),
        ui.button(LESSON_DONE_ACTION, "Mark as done", next.id),
        ui.button(RUN_COMMAND_ACTION, "My progress", "progress"),
        ui.button(RUN_COMMAND_ACTION, "Profile", "profile"),
      ),
    );
  } else {
    blocks.push(ui.section("You have finished the course. Well done!"), ui.actions(ui.button(RUN_COMMAND_ACTION, "My progress", "progress")));
  }
  blocks.push(ui.context(`Your timezone: ${timezone}. Type \`/mentor help\` for every command.`));
  return { text: `${progress.done} of ${progress.total} lessons done.`, blocks };
}
