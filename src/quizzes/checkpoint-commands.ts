import type { CommandDefinition } from "../core/commands.js";
import type { ActionHandler, CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage } from "../core/message.js";
import { CHECKPOINT_MIN_LESSONS, CHECKPOINT_START_ACTION } from "./checkpoints.js";

/** `/mentor quiz checkpoint`: take one now; `on`/`off` turns the fortnightly one in DMs on or off. */
export function checkpointCommand(): CommandDefinition {
  return {
    path: ["quiz", "checkpoint"],
    summary: "A 10-question checkpoint from the lessons you have done; `on`/`off` turns the fortnightly one in DMs on or off.",
    args: [{ kind: "choice", name: "setting", choices: ["on", "off"], optional: true, description: "Turn the fortnightly checkpoint on or off" }],
    access: "member",
    async run(ctx, args) {
      const setting = args.string("setting");
      if (!setting) return startCheckpoint(ctx);
      await ctx.services.quizzes.checkpoints.setEnabled(ctx.workspace.id, ctx.member.id, setting === "on");
      return textMessage(
        setting === "on"
          ? "Fortnightly checkpoints are on: every other Monday from 09:00 your time, in your DMs."
          : "Fortnightly checkpoints are off. `/mentor quiz checkpoint` still gives you one any time.",
      );
    },
  };
}

export const checkpointStartAction: ActionHandler = {
  actionId: CHECKPOINT_START_ACTION,
  async run(ctx) {
    return startCheckpoint(ctx);
  },
};

async function startCheckpoint(ctx: CommandContext): Promise<Message> {
  const { quizzes, lessons } = ctx.services;
  const done = [...(await lessons.progress.completedIds(ctx.member.id))].filter((id) => lessons.catalog.get(id));
  if (done.length < CHECKPOINT_MIN_LESSONS) {
    throw new UserError(
      "too_early",
      `A checkpoint mixes questions from the lessons you have done; you have done ${done.length}. Come back after ${CHECKPOINT_MIN_LESSONS}.`,
    );
  }
  const now = ctx.services.now();
  const picked = await quizzes.checkpoints.questionsFor(done, `${ctx.member.id}:checkpoint:${now.toISOString()}`);
  await quizzes.ensureReviewTick(ctx.workspace.id);
  return quizzes.sessions.start(ctx.workspace.id, ctx.member.id, "checkpoint", "Checkpoint", picked, now);
}
