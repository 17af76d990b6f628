import type { DomainModule } from "../module.js";
import { checkpointDoneAction, checkpointFormHandler } from "./checkpoints.js";
import { lessonCommands, lessonsAdminJob, markDoneAction } from "./commands.js";
import { lessonsHome } from "./home.js";
import { lessonsChannelProcessor } from "./jobs/channel.js";
import { lessonsDmProcessor } from "./jobs/dm.js";
import { lessonsDmTickProcessor } from "./jobs/dm-tick.js";
import { lessonsFanoutProcessor } from "./jobs/fanout.js";

/** Daily lessons from the curriculum, in channels and in DMs, and the home view. */
export const lessonsModule: DomainModule = {
  name: "lessons",
  commands: () => lessonCommands(),
  actions: [markDoneAction, checkpointDoneAction],
  forms: [checkpointFormHandler],
  home: lessonsHome,
  adminJobs: [lessonsAdminJob],
  processors: ({ services, pacer }) => ({
    "lessons.channel": lessonsChannelProcessor(services, pacer),
    "lessons.dm": lessonsDmProcessor(services, pacer),
    "lessons.fanout": lessonsFanoutProcessor(services),
    "lessons.dmTick": lessonsDmTickProcessor(services),
  }),
};
