import type { DomainModule } from "../module.js";
import { checkinAdminJobs } from "./admin-jobs.js";
import { checkinCommands, openCheckinAction, replyCheckinAction } from "./commands.js";
import { checkinFormHandler, checkinReplyHandler } from "./form.js";
import { checkinsAskProcessor, checkinsDeliverProcessor, checkinsDigestProcessor, checkinsRemindProcessor, checkinsTickProcessor } from "./jobs.js";

/** Weekly check-ins from mentees to their mentors: asks, reminders, deliveries and digests. */
export const checkinsModule: DomainModule = {
  name: "checkins",
  commands: () => checkinCommands(),
  actions: [openCheckinAction, replyCheckinAction],
  forms: [checkinFormHandler, checkinReplyHandler],
  adminJobs: checkinAdminJobs,
  processors: ({ services, pacer }) => ({
    "checkins.tick": checkinsTickProcessor(services),
    "checkins.ask": checkinsAskProcessor(services, pacer),
    "checkins.remind": checkinsRemindProcessor(services, pacer),
    "checkins.deliver": checkinsDeliverProcessor(services, pacer),
    "checkins.digest": checkinsDigestProcessor(services, pacer),
  }),
};
