import type { Config } from "../src/config.js";
import type { ChatAdapter } from "../src/core/adapter.js";
import type { AdapterContext, AdapterFactory } from "./factory.js";

/**
 * A platform's factory, loaded only when one of its settings is present: Bolt and discord.js
 * take about a second of CPU to import, which a console or a process of another platform
 * should not pay at every start.
 */
function lazy(configured: (config: Config) => boolean, load: () => Promise<AdapterFactory>) {
  return async (ctx: AdapterContext): Promise<ChatAdapter | undefined> => (configured(ctx.config) ? (await load())(ctx) : undefined);
}

/** The chat platforms this build knows. With none configured, main falls back to the console. */
export const PLATFORM_FACTORIES = [
  lazy(
    (c) => Boolean(c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID),
    async () => (await import("./slack/factory.js")).slackFactory,
  ),
  lazy(
    (c) => Boolean(c.DISCORD_TOKEN),
    async () => (await import("./discord/factory.js")).discordFactory,
  ),
];
