import type { AdminJobRegistry } from "./core/admin-jobs.js";
import type { CommandDefinition } from "./core/commands.js";
import { helpCommand } from "./core/help.js";
import type { CommandRouter } from "./core/router.js";
import { MODULES } from "./modules.js";

/** Every `/mentor` command of the bot, for `router` (help lists what it holds): help, then each module's. */
export function allCommands(router: CommandRouter, adminJobs: AdminJobRegistry): CommandDefinition[] {
  return [helpCommand(router), ...MODULES.flatMap((module) => module.commands?.({ router, adminJobs }) ?? [])];
}
