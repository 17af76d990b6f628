import { failPermanently, sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { isHandBack } from "../../lessons/jobs/channel.js";
import type { Services } from "../../services.js";

/** One member's fortnightly checkpoint ask, in their DMs, once per fortnight (checkpoint_asks is the key). */
export function quizCheckpointProcessor(services: Services, pacer: Pacer): Processor<"quiz.checkpoint"> {
  return {
    name: "quiz.checkpoint",
    async run(data, job, token) {
      const member = await services.members.byId(data.memberId);
      if (!member || member.leftAt) return;
      const { checkpoints } = services.quizzes;
      const message = await checkpoints.planAsk(member.workspaceId, member.id, data.fortnight, `job:${job.id}`);
      if (!message) return;
      try {
        const dm = await services.adapters.for(member.ref).openDM(member.ref);
        const outcome = await sendFromJob(services, pacer, job, token, dm, message, member.workspaceId);
        if (outcome.permanent) failPermanently(outcome.permanent);
        await checkpoints.confirmAsk(member.id, data.fortnight, outcome.sent?.id ?? "");
      } catch (error) {
        if (!isHandBack(error)) await checkpoints.releaseAsk(member.id, data.fortnight);
        throw error;
      }
    },
  };
}
