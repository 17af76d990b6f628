import { ConfigError } from "../../src/config.js";
import type { AdapterFactory } from "../factory.js";
import { DiscordAdapter } from "./adapter.js";

/** The Discord adapter when DISCORD_TOKEN is set (DISCORD_APPLICATION_ID then required). */
export const discordFactory: AdapterFactory = ({ config, ports }) => {
  if (!config.DISCORD_TOKEN) return undefined;
  if (!config.DISCORD_APPLICATION_ID) {
    throw new ConfigError(
      "Setting DISCORD_APPLICATION_ID is missing: Discord needs it with DISCORD_TOKEN (Developer Portal → General Information → Application ID).",
    );
  }
  return new DiscordAdapter({
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APPLICATION_ID,
    apiUrl: config.DISCORD_API_URL,
    guildId: config.DISCORD_GUILD_ID,
    adminRole: config.DISCORD_ADMIN_ROLE,
    memberEvents: config.DISCORD_MEMBER_EVENTS,
    webhookRetryMs: config.DISCORD_WEBHOOK_RETRY_MS,
    ports,
  });
};
