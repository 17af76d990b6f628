import type { CommandDefinition } from "../core/commands.js";
import type { CommandContext } from "../core/context.js";
import { type Block, type Message, ui } from "../core/message.js";
import { checkinLine, lessonLines, openPairs, pairingLine, pairLines, quizLines, yourLines } from "./status-parts.js";

/**
 * `/mentor status`: the workspace at a glance. Schedules with their next runs (in the reader's
 * timezone too), the current pairs for admins, and the reader's own next lesson and reviews.
 * Each part lists at most a few entries, so the answer fits every platform's message limits.
 */
export function statusCommand(): CommandDefinition {
  return {
    path: ["status"],
    summary: "The workspace at a glance: lesson, quiz, pairing and check-in schedules with their next runs; your next lesson and reviews.",
    args: [],
    access: "member",
    async run(ctx) {
      return workspaceStatus(ctx);
    },
  };
}

export async function workspaceStatus(ctx: CommandContext): Promise<Message> {
  const reader = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
  const current = await openPairs(ctx);
  const parts: { title: string; lines: string[] }[] = [
    { title: "Daily lessons", lines: await lessonLines(ctx, reader) },
    { title: "Quiz rounds", lines: await quizLines(ctx, reader) },
    { title: "Pairing", lines: [pairingLine(ctx, reader)] },
    { title: "Check-ins", lines: [checkinLine(ctx, reader, current.length)] },
  ];
  if (ctx.isAdmin) parts.push({ title: `Current pairs (${current.length})`, lines: pairLines(ctx, current) });
  parts.push({ title: "You", lines: await yourLines(ctx, reader) });
  const heading = "Status of this workspace";
  const note = `Times in the schedule's own timezone, with yours (${reader}) where it differs. \`/mentor timezone\` changes yours.`;
  const blocks: Block[] = [ui.header(heading), ...parts.map((p) => ui.section(`**${p.title}**\n${p.lines.join("\n")}`)), ui.context(note)];
  const text = [heading, ...parts.map((p) => `${p.title}\n${p.lines.join("\n")}`), note].join("\n");
  return { text, blocks };
}
