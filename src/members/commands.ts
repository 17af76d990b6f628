import type { CommandDefinition } from "../core/commands.js";
import { textMessage } from "../core/message.js";

export function memberCommands(): CommandDefinition[] {
  return [
    {
      path: ["timezone"],
      summary: "Show your timezone, or set it (an IANA name such as America/New_York).",
      args: [{ kind: "timezone", name: "timezone", optional: true }],
      access: "member",
      async run(ctx, args) {
        const timezone = args.string("timezone");
        if (!timezone) {
          const current = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
          const source = ctx.member.timezone ? "yours" : "the workspace's default";
          return textMessage(`Your timezone is ${current} (${source}). Set it with \`/mentor timezone Europe/Berlin\`.`);
        }
        await ctx.services.members.setTimezone(ctx.member, timezone);
        return textMessage(`Your timezone is now ${timezone}. Personal lessons and reminders follow it.`);
      },
    },
  ];
}
