import { DiscordAdapter } from "../../adapters/discord/adapter.js";
import { registerCommands } from "../../adapters/discord/register-cli.js";
import { createRedisConnection } from "../../jobs/redis.js";
import { type App, createApp, type Role } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type Logger, silentLogger } from "../../src/core/logger.js";
import { DiscordDriver } from "../emulators/discord/driver.js";
import { DiscordEmulator, type DiscordEmulatorOptions } from "../emulators/discord/emulator.js";
import type { EmuChannel, EmuGuild, EmuUser } from "../emulators/discord/world.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "./fresh.js";
import { requirePort } from "./ports.js";

const ADMIN_ROLE = "Mentors";

export interface DiscordTestApp {
  app: App;
  /** The HTTP server's port (/healthz, /readyz), once started. */
  port: number;
  emulator: DiscordEmulator;
  /** Acts as people in the emulated Discord and waits for the bot's answers. */
  driver: DiscordDriver;
  adapter: DiscordAdapter;
  guild: EmuGuild;
  channel: EmuChannel;
  /** Has Manage Server. */
  admin: EmuUser;
  member: EmuUser;
  /** Holds the role named in DISCORD_ADMIN_ROLE ("Mentors"), without Manage Server. */
  roleAdmin: EmuUser;
  setNow(date: Date): void;
  /** Another app on the same database, queue prefix and emulator, started as `role`: a second process in production. */
  startPeer(role: Role): Promise<App>;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database and Redis prefix, configured for Discord with the emulator
 * standing in for discord.com: one server, one channel, an admin and a member.
 */
export async function startDiscordApp(
  options: {
    start?: boolean;
    now?: Date;
    env?: Record<string, string>;
    emulator?: DiscordEmulatorOptions;
    workers?: boolean;
    role?: Role;
    logger?: Logger;
    /** Registers the /mentor commands with the emulator first, as `npm run discord:register` does. */
    commands?: boolean;
  } = {},
): Promise<DiscordTestApp> {
  const emulator = new DiscordEmulator(options.emulator);
  await emulator.start();
  const guild = emulator.world.addGuild("Backend Guild");
  const channel = emulator.world.addChannel(guild, "general");
  const admin = emulator.world.users.get(guild.ownerId) as EmuUser;
  const member = emulator.world.addUser("maria");
  emulator.world.join(guild, member, {});
  const roleAdmin = emulator.world.addUser("rita");
  emulator.world.join(guild, roleAdmin, { roles: [emulator.world.addRole(guild, ADMIN_ROLE)] });
  const database: FreshDatabase = await freshMigratedDatabase("discord");
  const redis: FreshRedis = freshRedis("discord");
  let now = options.now;
  const config = loadConfig({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: redis.prefix,
    PORT: "0",
    METRICS_PORT: "0",
    WORKER_CONCURRENCY: "4",
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    DISCORD_ADMIN_ROLE: ADMIN_ROLE,
    ...options.env,
  });
  const clock = now ? { now: () => now as Date } : {};
  const app = await createApp(config, { logger: options.logger ?? silentLogger, redis: redis.connection, ...clock });
  const adapter = app.services.adapters.all().find((a) => a.platform === "discord");
  if (!(adapter instanceof DiscordAdapter)) throw new Error("The Discord adapter was not created from the settings");
  if (options.commands) await registerCommands(config, silentLogger);
  const port = options.start === false ? 0 : requirePort(await app.start(options.role ?? (options.workers === false ? "web" : "all")));
  const peers: { app: App; redis: ReturnType<typeof createRedisConnection> }[] = [];
  return {
    app,
    port,
    emulator,
    driver: new DiscordDriver(emulator),
    adapter,
    guild,
    channel,
    admin,
    member,
    roleAdmin,
    setNow(date) {
      now = date;
    },
    async startPeer(role) {
      const connection = createRedisConnection(TEST_REDIS_URL);
      const peer = await createApp(config, { logger: silentLogger, redis: connection, ...clock });
      peers.push({ app: peer, redis: connection });
      await peer.start(role);
      return peer;
    },
    async close() {
      for (const peer of peers) {
        await peer.app.stop();
        await peer.redis.quit();
      }
      await app.stop();
      await emulator.close();
      await redis.cleanup();
      await database.drop();
    },
  };
}
