import type { CommandDefinition } from "./commands.js";
import { UserError } from "./errors.js";
import { type Block, type Message, ui } from "./message.js";
import { COMMAND, type CommandRouter, usageOf } from "./router.js";

/** `/mentor help [topic]`: generated from the command definitions, so it is never stale. */
export function helpCommand(router: CommandRouter): CommandDefinition {
  return {
    path: ["help"],
    summary: "List every command, or the commands about one topic.",
    args: [{ kind: "word", name: "topic", optional: true }],
    access: "member",
    async run(ctx, args) {
      const topic = args.string("topic")?.toLowerCase();
      const definitions = router.all().filter((d) => !topic || d.path[0] === topic);
      if (definitions.length === 0) {
        throw new UserError("unknown_topic", `There is no help topic "${topic}". Type \`${COMMAND} help\` for the list.`);
      }
      return renderHelp(definitions, ctx.isAdmin, topic);
    },
  };
}

export function renderHelp(definitions: readonly CommandDefinition[], viewerIsAdmin: boolean, topic?: string): Message {
  const groups = new Map<string, CommandDefinition[]>();
  for (const definition of definitions) {
    const group = definition.path[0] as string;
    groups.set(group, [...(groups.get(group) ?? []), definition]);
  }
  const lines = (list: CommandDefinition[]) => list.map((d) => `• \`${usageOf(d)}\` — ${d.summary}${d.access === "admin" ? " _(admin)_" : ""}`).join("\n");
  const blocks: Block[] = [ui.header(topic ? `${COMMAND} ${topic}` : "What I can do")];
  // One section per group keeps every section far below the platforms' length limits.
  for (const list of groups.values()) blocks.push(ui.section(lines(list)));
  blocks.push(ui.context(viewerIsAdmin ? "You are an admin here: commands marked (admin) are yours too." : "Commands marked (admin) need a workspace admin."));
  const text = [...groups.values()].map(lines).join("\n");
  return { text: `${topic ? `${COMMAND} ${topic}` : "What I can do"}\n${text}`, blocks };
}
