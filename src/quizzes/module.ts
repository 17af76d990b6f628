import type { DomainModule } from "../module.js";
import { lessonQuizAction, quizAnswerAction, reviewStartAction, roundAnswerAction } from "./actions.js";
import { reviewsAdminJob } from "./admin-jobs.js";
import { quizFormAction, quizNumericFormHandler, quizOrderFormHandler } from "./answer-form.js";
import { checkpointStartAction } from "./checkpoint-commands.js";
import { quizCommands } from "./commands.js";
import { quizCheckpointProcessor } from "./jobs/checkpoint.js";
import { quizCloseRoundProcessor } from "./jobs/close-round.js";
import { quizReviewProcessor } from "./jobs/review.js";
import { quizReviewTickProcessor } from "./jobs/review-tick.js";
import { quizScheduledRoundProcessor } from "./jobs/scheduled-round.js";
import { placementCommand } from "./placement-command.js";

/** Quizzes, channel rounds, spaced reviews (FSRS), points and the leaderboard. */
export const quizzesModule: DomainModule = {
  name: "quizzes",
  commands: () => [...quizCommands(), placementCommand()],
  actions: [quizAnswerAction, quizFormAction, checkpointStartAction, roundAnswerAction, lessonQuizAction, reviewStartAction],
  forms: [quizNumericFormHandler, quizOrderFormHandler],
  adminJobs: [reviewsAdminJob],
  processors: ({ services, pacer }) => ({
    "quiz.closeRound": quizCloseRoundProcessor(services, pacer),
    "quiz.scheduledRound": quizScheduledRoundProcessor(services, pacer),
    "quiz.reviewTick": quizReviewTickProcessor(services),
    "quiz.review": quizReviewProcessor(services, pacer),
    "quiz.checkpoint": quizCheckpointProcessor(services, pacer),
  }),
};
