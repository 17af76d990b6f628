import { failPermanently, sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import type { Services } from "../../services.js";
import { isHandBack } from "./channel.js";

/** One member's lesson in their DMs for one local date. */
export function lessonsDmProcessor(services: Services, pacer: Pacer): Processor<"lessons.dm"> {
  return {
    name: "lessons.dm",
    async run(data, job, token) {
      const plan = await services.lessons.posts.planDmPost(data.memberId, data.localDate, `job:${job.id}`);
      if (plan.kind === "skip") return;
      const member = await services.members.byId(data.memberId);
      if (!member || member.leftAt) return services.lessons.posts.release(plan.key);
      try {
        const dm = await services.adapters.for(member.ref).openDM(member.ref);
        const outcome = await sendFromJob(services, pacer, job, token, dm, plan.message, plan.workspaceId);
        if (outcome.permanent) failPermanently(outcome.permanent);
        await services.lessons.posts.confirm(plan.key, outcome.sent?.id ?? "");
      } catch (error) {
        if (!isHandBack(error)) await services.lessons.posts.release(plan.key);
        throw error;
      }
    },
  };
}
