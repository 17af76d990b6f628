import type { CommandDefinition } from "../core/commands.js";
import { textMessage } from "../core/message.js";
import { SIGN_IN_LINK_TTL_SECONDS, type SignInLinks } from "./grants.js";

export interface DashboardAddress {
  links: SignInLinks;
  baseUrl(): string;
}

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
      if (ctx.workspace.platform !== "console") {
        const provider = ctx.workspace.platform === "slack" ? "Slack" : "Discord";
        return textMessage(`Open ${base}/ and sign in with ${provider}.`);
      }
      const token = await address.links.issue(ctx.actor);
      return textMessage(
        `Open this link to sign in to the dashboard as ${ctx.actor.displayName}: ${base}/auth/link?token=${token}\nIt works once, within ${SIGN_IN_LINK_TTL_SECONDS / 60} minutes.`,
      );
    },
  };
}
