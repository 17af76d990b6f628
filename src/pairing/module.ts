import type { DomainModule } from "../module.js";
import { skipRoundAction } from "./actions.js";
import { pairingAdminJob } from "./admin-jobs.js";
import { pairingCommands } from "./commands.js";
import { retire } from "./endings.js";
import { pairingEndedProcessor } from "./jobs/ended.js";
import { pairingIntroProcessor } from "./jobs/intro.js";
import { pairingHeadsUpProcessor, pairingPauseEndsProcessor, pairingScheduledRoundProcessor } from "./jobs/schedule.js";
import { pairingUnmatchedProcessor } from "./jobs/unmatched.js";
import { profileCommand, profileFormHandler } from "./profile-form.js";

/** Mentor pairing: profiles, rounds (the matching solver), intros and endings. */
export const pairingModule: DomainModule = {
  name: "pairing",
  commands: () => [...pairingCommands(), profileCommand()],
  actions: [skipRoundAction],
  forms: [profileFormHandler],
  adminJobs: [pairingAdminJob],
  memberLeft: retire,
  processors: ({ services, pacer }) => ({
    "pairing.intro": pairingIntroProcessor(services, pacer),
    "pairing.ended": pairingEndedProcessor(services, pacer),
    "pairing.unmatched": pairingUnmatchedProcessor(services, pacer),
    "pairing.scheduledRound": pairingScheduledRoundProcessor(services),
    "pairing.headsUp": pairingHeadsUpProcessor(services, pacer),
    "pairing.pauseEnds": pairingPauseEndsProcessor(services, pacer),
  }),
};
