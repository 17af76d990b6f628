import { type App, createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { type Logger, silentLogger } from "../../../src/core/logger.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis } from "../../helpers/fresh.js";
import { requirePort } from "../../helpers/ports.js";
import { type EmulatorOptions, SlackEmulator } from "./emulator.js";
import { WorkspaceDriver } from "./workspace-driver.js";

export const TEAM = "T1";
export const BOT_TOKEN = "xoxb-T1-test";
export const APP_TOKEN = "xapp-1-test";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const CHANNEL = "CGENERAL";
export const ADMIN = "UADMIN";
export const MEMBER = "UMARIA";

export interface SlackTestApp {
  app: App;
  port: number;
  emulator: SlackEmulator;
  slack: WorkspaceDriver;
  eventsUrl: string;
  close(): Promise<void>;
}

/**
 * The whole bot (real Postgres, Redis, workers) configured for Slack, with the emulator as
 * slack.com: one workspace T1 with an admin (Europe/Berlin), a member (America/New_York) and
 * #general. HTTP mode by default; `socket: true` runs Socket Mode over the emulator's WebSocket.
 */
export async function startSlackTestApp(
  options: { socket?: boolean; env?: Record<string, string>; emulator?: EmulatorOptions; logger?: Logger } = {},
): Promise<SlackTestApp> {
  const emulator = new SlackEmulator({ appToken: APP_TOKEN, ...options.emulator });
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, BOT_TOKEN);
  emulator.addUser(TEAM, { id: ADMIN, name: "Ada", tz: "Europe/Berlin", isAdmin: true });
  emulator.addUser(TEAM, { id: MEMBER, name: "Maria", tz: "America/New_York" });
  emulator.addChannel(TEAM, CHANNEL);
  const database: FreshDatabase = await freshMigratedDatabase("slack");
  const redis: FreshRedis = freshRedis("slack");
  const config = loadConfig({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: redis.prefix,
    PORT: "0",
    METRICS_PORT: "0",
    WORKER_CONCURRENCY: "4",
    SLACK_API_URL: apiUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    ...(options.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...options.env,
  });
  const app = await createApp(config, { logger: options.logger ?? silentLogger, redis: redis.connection });
  const port = requirePort(await app.start("all"));
  if (options.socket) await emulator.socket.connected();
  // With one bot token, the adapter asks auth.test at once which team the token serves: tests
  // that count the emulator's calls start after it.
  if (config.SLACK_BOT_TOKEN) {
    await eventually(() => {
      if (!emulator.callsTo("auth.test").some((call) => call.ok)) throw new Error("the bot never called auth.test");
    });
  }
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  const slack = new WorkspaceDriver(emulator, options.socket ? { kind: "socket" } : { kind: "http", url: eventsUrl, signingSecret: SIGNING_SECRET }, TEAM);
  return {
    app,
    port,
    emulator,
    slack,
    eventsUrl,
    async close() {
      await app.stop();
      await emulator.stop();
      await redis.cleanup();
      await database.drop();
    },
  };
}

/**
 * Polls until `check` stops throwing (effects happen after the ack), or rethrows after `ms`.
 * The default leaves room for a full `npm test`, which keeps both cores of a small machine busy
 * for its whole run; a check that passes returns at once whatever the limit.
 */
export async function eventually<T>(check: () => T | Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
