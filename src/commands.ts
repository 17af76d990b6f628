import { checkinCommands } from "./checkins/commands.js";
import type { AdminJobRegistry } from "./core/admin-jobs.js";
import type { CommandDefinition } from "./core/commands.js";
import { helpCommand } from "./core/help.js";
import type { CommandRouter } from "./core/router.js";
import { lessonCommands } from "./lessons/commands.js";
import { memberCommands } from "./members/commands.js";
import { pairingCommands } from "./pairing/commands.js";
import { profileCommand } from "./pairing/profile-form.js";
import { practiceCommands } from "./practice/commands.js";
import { quizCommands } from "./quizzes/commands.js";
import { workspaceCommands } from "./workspaces/commands.js";

/** Every `/mentor` command of the bot, for `router` (help lists what it holds). */
export function allCommands(router: CommandRouter, adminJobs: AdminJobRegistry): CommandDefinition[] {
  return [
    helpCommand(router),
    ...workspaceCommands(adminJobs),
    ...memberCommands(),
    ...lessonCommands(),
    ...quizCommands(),
    ...pairingCommands(),
    profileCommand(),
    ...checkinCommands(),
    ...practiceCommands(),
  ];
}
