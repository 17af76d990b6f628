import { failPermanently, sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { isHandBack } from "../../lessons/jobs/channel.js";
import type { Services } from "../../services.js";

/** One member's daily review ask, in their DMs, once per local date. */
export function quizReviewProcessor(services: Services, pacer: Pacer): Processor<"quiz.review"> {
  return {
    name: "quiz.review",
    async run(data, job, token) {
      const member = await services.members.byId(data.memberId);
      if (!member || member.leftAt) return;
      const { reviews } = services.quizzes;
      const message = await reviews.planAsk(member.workspaceId, member.id, data.localDate, `job:${job.id}`, services.now());
      if (!message) return;
      try {
        const dm = await services.adapters.for(member.ref).openDM(member.ref);
        const outcome = await sendFromJob(services, pacer, job, token, dm, message, member.workspaceId);
        if (outcome.permanent) failPermanently(outcome.permanent);
        await reviews.confirmAsk(member.id, data.localDate, outcome.sent?.id ?? "");
      } catch (error) {
        if (!isHandBack(error)) await reviews.releaseAsk(member.id, data.localDate);
        throw error;
      }
    },
  };
}
