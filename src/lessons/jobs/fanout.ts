import type { Processor } from "../../../jobs/job-system.js";
import { localDate } from "../../calendar/dates.js";
import type { Services } from "../../services.js";

/** `/mentor admin run lessons`: a post job per subscribed channel, keyed by channel and local date. */
export function lessonsFanoutProcessor(services: Services): Processor<"lessons.fanout"> {
  return {
    name: "lessons.fanout",
    async run(data) {
      const subscriptions = await services.lessons.subscriptions.activeInWorkspace(data.workspaceId);
      const now = services.now();
      await services.jobs.enqueueMany(
        "lessons.channel",
        subscriptions.map((s) => ({ data: { subscriptionId: s.id }, jobId: `lessons.channel-${s.id}-${localDate(now, s.timezone)}` })),
      );
    },
  };
}
