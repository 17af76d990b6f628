import type { DomainModule } from "../module.js";
import { gamedayCloseAction, gamedayCommands, gamedayVoteAction } from "./commands.js";
import { gamedayCloseProcessor, gamedayRevealProcessor, gamedayStepProcessor } from "./jobs.js";

/** Incident game days: scenarios played in a channel, votes, timed facts, a postmortem and a score. */
export const gamedaysModule: DomainModule = {
  name: "gamedays",
  commands: () => gamedayCommands(),
  actions: [gamedayVoteAction, gamedayCloseAction],
  processors: ({ services, pacer }) => ({
    "gameday.step": gamedayStepProcessor(services, pacer),
    "gameday.reveal": gamedayRevealProcessor(services, pacer),
    "gameday.close": gamedayCloseProcessor(services),
  }),
};
