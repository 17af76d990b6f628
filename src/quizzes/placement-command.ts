import type { CommandDefinition } from "../core/commands.js";
import type { ActionContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, ui } from "../core/message.js";
import { counted } from "../core/text.js";
import { personalState } from "../lessons/personal-state.js";
import { describeLevels } from "../lessons/tracks.js";
import type { Settled } from "./placement.js";
import { PLACEMENT_QUESTIONS } from "./placement-pick.js";

export function placementCommand(): CommandDefinition {
  return {
    path: ["quiz", "placement"],
    summary: `A ${PLACEMENT_QUESTIONS}-question quiz across the levels that sets where your DM lessons start and seeds your skill profile; once a month.`,
    args: [],
    access: "member",
    async run(ctx) {
      const timezone = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
      await ctx.services.quizzes.ensureReviewTick(ctx.workspace.id);
      return ctx.services.quizzes.placements.start(ctx.workspace.id, ctx.member.id, timezone, ctx.services.now());
    },
  };
}

/**
 * Runs a personal quiz answer and, when it finished a placement, settles it and says where it
 * placed the person. A repeated click of the last answer that finds the placement not yet
 * settled (the first one failed after the answer was kept) settles it then.
 */
export async function answerWithPlacement(ctx: ActionContext, value: string, answer: () => Promise<Message>): Promise<Message> {
  const { placements } = ctx.services.quizzes;
  const timezone = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
  let message: Message;
  try {
    message = await answer();
  } catch (error) {
    if (!(error instanceof UserError && error.code === "already_answered")) throw error;
    const late = await placements.settleAfter(ctx.workspace.id, ctx.member.id, value, timezone);
    if (!late) throw error;
    return placementResult(ctx, late);
  }
  const settled = await placements.settleAfter(ctx.workspace.id, ctx.member.id, value, timezone);
  if (!settled) return message;
  const result = await placementResult(ctx, settled);
  return { text: `${message.text} ${result.text}`, blocks: [...(message.blocks ?? []), ui.divider(), ...(result.blocks ?? [])] };
}

async function placementResult(ctx: ActionContext, settled: Settled): Promise<Message> {
  const { lessons } = ctx.services;
  const { right, asked, placedOut } = settled.result;
  const scores = Object.keys(asked)
    .sort()
    .map((level) => `level ${level}: ${right[level] ?? 0} of ${asked[level]}`)
    .join(", ");
  const { done, placedOut: skipped } = await personalState(ctx.services.db, ctx.member.id);
  const start = lessons.catalog.firstNot(lessons.defaultTrack(), (id) => done.has(id) || skipped.has(id));
  const where = start ? `Your lessons now start at ${start.title} (lesson ${start.position}).` : "No lesson is left for you in the course.";
  const decision =
    placedOut.length > 0
      ? `You placed out of ${describeLevels(placedOut)}: ${counted(settled.placedOut, "lesson")} skipped in your DM lessons, not counted as done (project checkpoints stay yours to build). ${where}`
      : `A level is placed out of with 4 of its 5 right and every level below it too, so your lessons start from the beginning. ${where}`;
  const text = `Placement: ${scores}. ${decision} Your answers are in your skill profile (\`/mentor skills\`). You can take the placement again from ${settled.retakeFrom}.`;
  return { text, blocks: [ui.header("Placement result"), ui.section(text)] };
}
