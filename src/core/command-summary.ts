import type { ArgSpec } from "./args.js";

/** Who may run a command. Checked by the router before the command body runs. */
export type Access = "member" | "admin";

/** What adapters need to register commands with a platform (Discord application commands). */
export interface CommandDefinitionSummary {
  path: string[];
  summary: string;
  args: ArgSpec[];
  access: Access;
}
