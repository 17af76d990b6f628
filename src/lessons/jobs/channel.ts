import { failPermanently, sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { dateActedFor } from "../../../jobs/scheduled-for.js";
import type { Services } from "../../services.js";

/** Today's lesson to one channel: claim the (channel, date) key, send paced, confirm. */
export function lessonsChannelProcessor(services: Services, pacer: Pacer): Processor<"lessons.channel"> {
  return {
    name: "lessons.channel",
    async run(data, job, token) {
      const claimToken = `job:${job.id}`;
      const subscription = await services.lessons.subscriptions.byId(data.subscriptionId);
      const date = subscription && dateActedFor(job, subscription, services.now());
      const plan = await services.lessons.posts.planChannelPost(subscription, date, claimToken);
      if (plan.kind === "skip") {
        services.logger.debug({ subscriptionId: data.subscriptionId, reason: plan.reason }, "no lesson post");
        return;
      }
      if (!subscription) return;
      try {
        const outcome = await sendFromJob(services, pacer, job, token, subscription.channel, plan.message, plan.workspaceId);
        if (outcome.permanent) failPermanently(outcome.permanent);
        await services.lessons.posts.confirm(plan.key, outcome.sent?.id ?? "");
      } catch (error) {
        // A send that did not happen gives its key back, so the retry can post.
        if (!isHandBack(error)) await services.lessons.posts.release(plan.key);
        throw error;
      }
    },
  };
}

/** A job handed back (delayed for pacing or a 429) still owns its claim. */
export function isHandBack(error: unknown): boolean {
  return error instanceof Error && error.name === "DelayedError";
}
