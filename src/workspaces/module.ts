import type { DomainModule } from "../module.js";
import { workspaceCommands } from "./commands.js";
import { statusCommand } from "./status.js";

/** A workspace's settings and its admin commands (`/mentor admin ...`). */
export const workspacesModule: DomainModule = {
  name: "workspaces",
  commands: ({ adminJobs }) => [statusCommand(), ...workspaceCommands(adminJobs)],
};
