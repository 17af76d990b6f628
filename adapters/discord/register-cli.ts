import { createApp } from "../../src/app.js";
import { type Config, ConfigError, loadConfig } from "../../src/config.js";
import { createLogger, type Logger } from "../../src/core/logger.js";
import { inviteUrl } from "./invite.js";
import { PLATFORM } from "./refs.js";

/**
 * `npm run discord:register`: registers `/mentor` from the core's command definitions, for the
 * server in DISCORD_GUILD_ID (instant, for trying things out) or globally (every server).
 * Run it after changing commands, not at every start: registering is rate limited.
 */
export async function registerCommands(config: Config, logger: Logger): Promise<{ scope: string; commands: number }> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new ConfigError("Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the Discord commands.");
  }
  // The app builds the router exactly as the running bot does, so the two never disagree.
  const app = await createApp(config, { logger });
  try {
    const adapter = app.adapter(PLATFORM);
    if (!adapter?.syncCommands) throw new ConfigError("The Discord adapter is not configured.");
    const definitions = app.commandSummaries();
    await adapter.syncCommands(definitions);
    return {
      scope: config.DISCORD_GUILD_ID ? `server ${config.DISCORD_GUILD_ID}` : "every server (global; may take a few minutes to appear)",
      commands: definitions.length,
    };
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL ?? "warn", pretty: false });
  const { scope, commands } = await registerCommands(config, logger);
  process.stdout.write(`Registered /mentor with ${commands} subcommands for ${scope}.\n`);
  process.stdout.write(`Invite the bot with: ${inviteUrl(config.DISCORD_APPLICATION_ID as string)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `Could not register: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`,
    );
    process.exit(1);
  });
}
