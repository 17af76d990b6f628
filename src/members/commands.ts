import type { CommandDefinition } from "../core/commands.js";
import { textMessage } from "../core/message.js";

export function memberCommands(): CommandDefinition[] {
  return [
    {
      path: ["timezone"],
      summary: "Show your timezone, or set it (an IANA name such as America/New_York).",
      args: [{ kind: "timezone", name: "timezone", optional: true, description: "Your timezone, such as Europe/Berlin (leave out to see it)" }],
      access: "member",
      async run(ctx, args) {
        const timezone = args.string("timezone");
        if (!timezone) {
          const current = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
          const source = ctx.member.timezone ? "you set it" : "the workspace's default";
          const example = current === "Europe/Berlin" ? "America/New_York" : "Europe/Berlin";
          return textMessage(`Your timezone is ${current} (${source}). To change it: \`/mentor timezone ${example}\`.`);
        }
        await ctx.services.members.setTimezone(ctx.member, timezone);
        return textMessage(`Your timezone is now ${timezone}. Personal lessons and reminders follow it.`);
      },
    },
  ];
}
