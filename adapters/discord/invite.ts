import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/**
 * Exactly what the bot needs in a channel: see it, post in it, and show embeds; and, for mentoring
 * introductions, open a private thread there and post in it. Slash commands and their responses
 * come with the applications.commands scope and need no permission.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.SendMessagesInThreads;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(" "),
    permissions: String(BOT_PERMISSIONS),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
