import { localDate } from "../../src/lessons/schedule.js";
import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";

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
