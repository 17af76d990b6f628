import type { ArgSpec, ParsedArgs } from "./args.js";
import type { Access, CommandDefinitionSummary } from "./command-summary.js";
import type { CommandContext } from "./context.js";
import type { Message } from "./message.js";

export type { Access, CommandDefinitionSummary } from "./command-summary.js";

export interface CommandDefinition {
  /** Words after /mentor, e.g. ["lessons", "here"]. */
  path: string[];
  summary: string;
  args: ArgSpec[];
  access: Access;
  /** Answer only the person who ran it (ephemeral or DM). Default true. */
  privateReply?: boolean;
  /** Opens a form: a platform must run it while the interaction's trigger is fresh, never hand it off. */
  opensForm?: boolean;
  run(ctx: CommandContext, args: ParsedArgs): Promise<Message | undefined>;
}

export function summarise(definition: CommandDefinition): CommandDefinitionSummary {
  return { path: definition.path, summary: definition.summary, args: definition.args, access: definition.access };
}
