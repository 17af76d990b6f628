import type { ActionHandler } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";
import { readerTime } from "../core/text.js";
import { LESSON_QUIZ_ACTION } from "../lessons/render.js";
import { startQuiz, startReview } from "./commands.js";
import { answerWithPlacement } from "./placement-command.js";
import { QUIZ_ANSWER_ACTION, REVIEW_START_ACTION, ROUND_ANSWER_ACTION } from "./render.js";

export const quizAnswerAction: ActionHandler = {
  actionId: QUIZ_ANSWER_ACTION,
  async run(ctx, value) {
    const zones = { workspace: ctx.workspace.timezone, member: ctx.services.members.timezoneOf(ctx.member, ctx.workspace) };
    return answerWithPlacement(ctx, value, () => ctx.services.quizzes.sessions.answer(ctx.workspace.id, ctx.member.id, value, ctx.services.now(), zones));
  },
};

export const roundAnswerAction: ActionHandler = {
  actionId: ROUND_ANSWER_ACTION,
  // The click's delivery is claimed with the answer itself: one write per answer in a burst.
  claimsDelivery: true,
  async run(ctx, value) {
    const { outcome, round } = await ctx.services.quizzes.rounds.answer(ctx.workspace.id, ctx.member.id, value, ctx.services.now(), ctx.deliveryKey);
    if (outcome === "duplicate_delivery") {
      ctx.respond.repeated?.();
      return undefined;
    }
    if (outcome === "already_answered") return textMessage("Only your first answer counts in a round; that one is kept.");
    const closes = readerTime(round.closesAt, "time", ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
    return textMessage(`Answer recorded. Results appear on the round's message when it closes at ${closes}.`);
  },
};

export const lessonQuizAction: ActionHandler = {
  actionId: LESSON_QUIZ_ACTION,
  async run(ctx, value) {
    if (!ctx.services.lessons.catalog.get(value)) throw new UserError("unknown_lesson", "That lesson is no longer in the course.");
    return startQuiz(ctx, value, 4);
  },
};

export const reviewStartAction: ActionHandler = {
  actionId: REVIEW_START_ACTION,
  async run(ctx) {
    return startReview(ctx);
  },
};
