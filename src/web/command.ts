import type { CommandDefinition } from "../core/commands.js";
import { textMessage } from "../core/message.js";
import { SIGN_IN_LINK_TTL_SECONDS, type SignInLinks } from "./grants.js";

export interface DashboardAddress {
  links: SignInLinks;
  baseUrl(): string;
  /** The platforms people can sign in with ("slack", "discord"): those whose client settings are set. */
  signInWith: ReadonlySet<string>;
}

const SIGN_IN_SETTINGS: Record<string, { name: string; settings: string }> = {
  slack: { name: "Slack", settings: "SLACK_SIGNIN_CLIENT_ID and SLACK_SIGNIN_CLIENT_SECRET (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)" },
  discord: { name: "Discord", settings: "DISCORD_CLIENT_SECRET" },
};

/**
 * `/mentor dashboard`: where the web dashboard is. The console (which has no sign-in of its
 * own) gets a link that signs this person in once, within ten minutes; Slack and Discord
 * people sign in with their platform there.
 */
export function dashboardCommand(address: DashboardAddress): CommandDefinition {
  return {
    path: ["dashboard"],
    summary: "The web dashboard's address (in the console: a sign-in link that works once).",
    args: [],
    access: "member",
    async run(ctx) {
      const base = address.baseUrl();
      const platform = SIGN_IN_SETTINGS[ctx.workspace.platform];
      if (platform) {
        if (address.signInWith.has(ctx.workspace.platform)) return textMessage(`Open ${base}/ and sign in with ${platform.name}.`);
        return textMessage(
          `Sign-in with ${platform.name} is not set up for the dashboard yet: an admin of the bot sets ${platform.settings} (README, "Web dashboard").`,
        );
      }
      const token = await address.links.issue(ctx.actor);
      return textMessage(
        `Open this link to sign in to the dashboard as ${ctx.actor.displayName}: ${base}/auth/link?token=${token}\nIt works once, within ${SIGN_IN_LINK_TTL_SECONDS / 60} minutes.`,
      );
    },
  };
}
