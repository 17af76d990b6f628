import { isNotNull, sql } from "drizzle-orm";
import { lessonPosts } from "../../../drizzle/schema/index.js";
import { QUEUE_NAMES } from "../../../jobs/queues.js";
import { type App, createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeRef } from "../../../src/core/refs.js";
import { SlackEmulator } from "../../emulators/slack/emulator.js";
import { PrivatePostgres, PrivateRedis, waitFor } from "../../helpers/private-servers.js";
import { BotProcess } from "./bot-process.js";
import { FaultyProxy } from "./faulty-proxy.js";

export const TEAM = "T1";
export const BOT_TOKEN = "xoxb-T1-faults";
export const SIGNING_SECRET = "faults-signing-secret-0123456789ab";
export const ADMIN = "UADMIN";

/**
 * One fault-test world: private Postgres and Redis, the Slack emulator behind a proxy that can
 * misbehave, a seeding app in this process (migrations, curriculum, setup through the real
 * services), and bot processes started on demand.
 */
export class FaultWorld {
  readonly bots: BotProcess[] = [];

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly emulator: SlackEmulator,
    readonly proxy: FaultyProxy,
    private readonly apiUrl: string,
    readonly seed: App,
  ) {}

  static async create(options: { jobLockMs?: number } = {}): Promise<FaultWorld> {
    const [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    const emulator = new SlackEmulator({ limits: { tierScale: 50 } });
    await emulator.start();
    emulator.addWorkspace(TEAM, BOT_TOKEN);
    emulator.addUser(TEAM, { id: ADMIN, name: "Ada", tz: "UTC", isAdmin: true });
    const proxy = new FaultyProxy(emulator.origin);
    const apiUrl = await proxy.start();
    const seed = await createApp(loadConfig({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, QUEUE_PREFIX: "mentor", PORT: "0" }), {
      logger: silentLogger,
    });
    // The seeding app's queues see the Redis restarts too; those are expected, not worth printing.
    for (const name of QUEUE_NAMES) seed.jobs.queue(name).on("error", () => {});
    const world = new FaultWorld(postgres, redis, emulator, proxy, apiUrl, seed);
    world.jobLockMs = options.jobLockMs ?? 5_000;
    return world;
  }

  private jobLockMs = 5_000;

  env(): Record<string, string> {
    return {
      DATABASE_URL: this.postgres.url,
      DATABASE_POOL_SIZE: "10",
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: "mentor",
      SLACK_API_URL: this.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      WORKER_CONCURRENCY: "16",
      JOB_LOCK_MS: String(this.jobLockMs),
      LOG_LEVEL: "warn",
      DATA_DIR: "/tmp/flt-data",
    };
  }

  async startBot(role: "web" | "worker"): Promise<BotProcess> {
    const identified = this.identified();
    const bot = await BotProcess.start(role, this.env());
    this.bots.push(bot);
    // With one bot token the bot asks auth.test at start which team the token serves; a scenario
    // breaks the platform only once it knows (else its first sends would wait for auth.test).
    if (this.proxy.mode === "pass") await waitFor(async () => this.identified() > identified, 30_000, `${role} did not call auth.test`);
    return bot;
  }

  private identified(): number {
    return this.emulator.callsTo("auth.test").filter((call) => call.ok).length;
  }

  /** `count` channels (C0000…) subscribed to the daily lesson, whose schedulers fire 12 hours from now. */
  async subscribeChannels(count: number, extra: string[] = []): Promise<number> {
    const { services } = this.seed;
    const workspace = await services.workspaces.ensure(makeRef("slack", TEAM));
    const member = await services.members.ensure(workspace, {
      user: makeRef("slack", TEAM, ADMIN),
      workspace: workspace.ref,
      displayName: "Ada",
      platformAdmin: true,
    });
    const time = new Date(Date.now() + 12 * 3600_000).toISOString().slice(11, 16);
    const channels = [...Array.from({ length: count }, (_, i) => `C${String(i).padStart(4, "0")}`), ...extra];
    for (const [i, channel] of channels.entries()) {
      if (i < count) this.emulator.addChannel(TEAM, channel);
      const schedule = { time, days: [0, 1, 2, 3, 4, 5, 6], timezone: "UTC" };
      await services.lessons.subscriptions.subscribe(workspace.id, makeRef("slack", TEAM, channel), services.lessons.defaultTrack(), schedule, member.id);
    }
    return workspace.id;
  }

  /** What `/mentor admin run lessons` queues: one fan-out job for the workspace. */
  async runLessonFanout(workspaceId: number): Promise<void> {
    await this.seed.jobs.enqueue("lessons.fanout", { workspaceId }, { jobId: `faults-fanout-${workspaceId}` });
  }

  /** Messages the platform holds in the given channels: what people saw, counted per channel. */
  deliveries(channels: string[]): { sent: number; delivered: number; duplicates: number; lost: number } {
    const wanted = new Set(channels);
    const perChannel = new Map<string, number>();
    for (const message of this.emulator.messages) {
      if (message.team === TEAM && wanted.has(message.channel) && !message.visibleTo)
        perChannel.set(message.channel, (perChannel.get(message.channel) ?? 0) + 1);
    }
    const sent = [...perChannel.values()].reduce((sum, n) => sum + n, 0);
    return { sent, delivered: perChannel.size, duplicates: sent - perChannel.size, lost: channels.length - perChannel.size };
  }

  async confirmedPosts(): Promise<number> {
    const [row] = await this.seed.services.db.select({ n: sql<number>`count(*)::int` }).from(lessonPosts).where(isNotNull(lessonPosts.messageId));
    return row?.n ?? 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.bots.map((bot) => bot.stop().catch(() => {})));
    await this.seed.stop().catch(() => {});
    await this.proxy.stop();
    await this.emulator.stop();
    await Promise.all([this.postgres.stop(), this.redis.stop()]);
  }
}

export function channelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `C${String(i).padStart(4, "0")}`);
}

/** One line per scenario in the test output, so a run shows its counts. */
export function report(scenario: string, counts: Record<string, number | string>): void {
  const line = Object.entries(counts)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  process.stdout.write(`[faults] ${scenario}: ${line}\n`);
}
