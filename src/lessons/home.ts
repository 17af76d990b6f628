import { RUN_COMMAND_ACTION } from "../core/command-action.js";
import type { HomeContext } from "../core/context.js";
import { type Block, type Message, ui } from "../core/message.js";
import { counted, plainName } from "../core/text.js";
import { doneButton } from "./render.js";

/** A person's home (Slack's App Home tab): progress, the next lesson, and the common actions. */
export async function lessonsHome(ctx: HomeContext): Promise<Message> {
  const { lessons, members } = ctx.services;
  const timezone = members.timezoneOf(ctx.member, ctx.workspace);
  const progress = await lessons.progress.progress(ctx.workspace.id, ctx.member.id, lessons.defaultTrack(), timezone, ctx.services.now());
  const streak = `Current streak: ${counted(progress.streaks.current, "day")} · longest: ${progress.streaks.longest}`;
  const blocks: Block[] = [
    ui.header(`Hello, ${plainName(ctx.member.displayName) || "there"}`.slice(0, 150)),
    ui.section(`**${progress.done} of ${progress.total} lessons done.** ${streak}.`),
    ui.divider(),
  ];
  if (progress.next) {
    const next = progress.next;
    blocks.push(
      ui.section(`**Next up:** ${next.title}\n_${next.moduleTitle} · lesson ${next.position} of ${progress.total} · about ${next.minutes} min_`),
      ui.actions(
        ui.button(RUN_COMMAND_ACTION, "Read it", "lesson next", "primary"),
        doneButton(next, false),
        ui.button(RUN_COMMAND_ACTION, "My progress", "progress"),
        ui.button(RUN_COMMAND_ACTION, "Profile", "profile"),
      ),
    );
  } else {
    blocks.push(ui.section("You have finished the course. Well done!"), ui.actions(ui.button(RUN_COMMAND_ACTION, "My progress", "progress")));
  }
  blocks.push(ui.divider(), ...(await mentoringBlocks(ctx)));
  blocks.push(ui.context(`Your timezone: ${timezone}. Type \`/mentor help\` for every command.`));
  return { text: `${progress.done} of ${progress.total} lessons done.`, blocks };
}

/** Who the person mentors or is mentored by, and the quiz and check-in actions. */
async function mentoringBlocks(ctx: HomeContext): Promise<Block[]> {
  const { profiles } = ctx.services.pairing;
  const mentors = await profiles.currentMentors(ctx.member.id);
  const mentees = await profiles.currentMentees(ctx.member.id);
  const lines: string[] = [];
  if (mentors.length > 0) lines.push(`**Your mentor:** ${mentors.map((m) => plainName(m.name)).join(", ")}`);
  if (mentees.length > 0) lines.push(`**Your mentees:** ${mentees.map((m) => plainName(m.name)).join(", ")}`);
  if (lines.length === 0) lines.push("No mentoring pair yet: `/mentor join mentee` or `/mentor join mentor`.");
  const buttons = [ui.button(RUN_COMMAND_ACTION, "Quiz me", "quiz"), ui.button(RUN_COMMAND_ACTION, "Review", "review")];
  if (mentors.length > 0) buttons.push(ui.button(RUN_COMMAND_ACTION, "Check in", "checkin"));
  if (mentees.length > 0) buttons.push(ui.button(RUN_COMMAND_ACTION, "Mentee digest", "digest"));
  return [ui.section(lines.join("\n")), ui.actions(...buttons)];
}
