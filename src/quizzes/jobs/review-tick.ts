import type { Processor } from "../../../jobs/job-system.js";
import type { Services } from "../../services.js";

/**
 * Every few minutes per workspace: one review job per member whose time has come, and one
 * checkpoint job per member whose fortnight's checkpoint is due (deterministic ids).
 */
export function quizReviewTickProcessor(services: Services): Processor<"quiz.reviewTick"> {
  return {
    name: "quiz.reviewTick",
    async run(data) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      if (!workspace) return;
      const due = await services.quizzes.reviews.dueMembers(workspace.id, workspace.timezone, services.now());
      await services.jobs.enqueueMany(
        "quiz.review",
        due.map((d) => ({ data: d, jobId: `quiz.review-${d.memberId}-${d.localDate}` })),
      );
      const checkpoints = await services.quizzes.checkpoints.dueMembers(workspace.id, workspace.timezone, services.now());
      await services.jobs.enqueueMany(
        "quiz.checkpoint",
        checkpoints.map((d) => ({ data: d, jobId: `quiz.checkpoint-${d.memberId}-${d.fortnight}` })),
      );
    },
  };
}
