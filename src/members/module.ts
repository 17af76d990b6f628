import type { DomainModule } from "../module.js";
import { memberCommands } from "./commands.js";

/** Members of a workspace: roles and what the bot knows of each person. */
export const membersModule: DomainModule = {
  name: "members",
  commands: () => memberCommands(),
};
