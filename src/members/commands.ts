import { parseTimezone } from "../core/args.js";
import type { CommandDefinition } from "../core/commands.js";
import { type FormHandler, openFormOrExplain } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import { type Form, textMessage } from "../core/message.js";

export const PROFILE_FORM = "member.profile";

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
    {
      path: ["profile"],
      summary: "Open your profile form (timezone; pairing adds more).",
      args: [],
      access: "member",
      async run(ctx) {
        const form: Form = {
          id: PROFILE_FORM,
          title: "Your profile",
          submitLabel: "Save",
          inputs: [
            {
              kind: "text",
              id: "timezone",
              label: "Timezone (e.g. Europe/Berlin)",
              required: true,
              maxLength: 64,
              initial: ctx.services.members.timezoneOf(ctx.member, ctx.workspace),
            },
          ],
        };
        return openFormOrExplain(ctx, form, "This surface cannot open forms; set your timezone with `/mentor timezone Europe/Berlin`.");
      },
    },
  ];
}

export const profileForm: FormHandler = {
  formId: PROFILE_FORM,
  async run(ctx, values) {
    const raw = (values.timezone ?? "").trim();
    let timezone: string | undefined;
    try {
      timezone = parseTimezone(raw);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
    }
    if (!timezone) throw new FormValidationError({ timezone: `"${raw.slice(0, 64)}" is not a timezone I know. Use an IANA name such as Europe/Berlin.` });
    await ctx.services.members.setTimezone(ctx.member, timezone);
    return textMessage(`Profile saved. Your timezone is ${timezone}.`);
  },
};
