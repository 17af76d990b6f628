import { randomUUID } from "node:crypto";
import type { AdminJob } from "../core/admin-jobs.js";

/** `/mentor admin run reviews`: each member gets at most one reminder a day, however often it runs. */
export const reviewsAdminJob: AdminJob = {
  name: "reviews",
  description: "Send today's review reminders now to members whose review time has passed.",
  async start(ctx) {
    await ctx.services.jobs.enqueue("quiz.reviewTick", { workspaceId: ctx.workspace.id }, { jobId: `quiz.reviewTick-manual-${randomUUID()}` });
    return "Looking for members with questions due; each gets at most one reminder a day.";
  },
};
