import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { count, isNotNull, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import pg from "pg";
import { SlackInstallationStore } from "../../adapters/slack/installation-store.js";
import { SLACK_OUTBOUND_LIMITS } from "../../adapters/slack/options.js";
import { TokenCipher } from "../../adapters/slack/token-cipher.js";
import { deliveryFailures, lessonPosts } from "../../drizzle/schema/index.js";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeRef } from "../../src/core/refs.js";
import { PostgresInstallationRecords } from "../../src/workspaces/installations.js";
import { epochNow, type RecordedCall } from "../emulators/slack/emulator.js";
import { SlackEmulatorThread } from "../emulators/slack/emulator-thread.js";
import { installationOf } from "../emulators/slack/installations.js";
import type { PostStats } from "../emulators/slack/post-tally.js";
import { DEFAULT_LIMITS } from "../emulators/slack/rate-limits.js";
import type { BenchResult, BenchSuite } from "./suite.js";

/**
 * The daily fan-out through the real Slack adapter against the Slack emulator: 20 workspaces ×
 * 100 subscribed channels, one `lessons.channel` job each, real app (Postgres, Redis, BullMQ
 * workers, pacing). The workspaces are OAuth installs in the app's installation store (one bot
 * token cannot speak for 20 workspaces), so every send also reads its token from Postgres.
 * The emulator enforces Slack's 1 message/s per channel and, per workspace, the budget the
 * adapter declares (SLACK_OUTBOUND_LIMITS) plus one burst token, answering 429 + Retry-After
 * over either. Measures how close the time to the last confirmed post comes to what those
 * limits allow, and whether anything was lost, posted twice, or refused with 429.
 * FANOUT_WORKSPACES and FANOUT_CHANNELS shrink it for a quick check.
 */
const WORKSPACES = sizeFromEnv("FANOUT_WORKSPACES", 20);
const CHANNELS_PER_WORKSPACE = sizeFromEnv("FANOUT_CHANNELS", 100);
const TOTAL = WORKSPACES * CHANNELS_PER_WORKSPACE;
const WORKSPACE_LIMIT = SLACK_OUTBOUND_LIMITS.perWorkspace;
/** What the emulator allows a workspace: the adapter's declared budget, one token of margin for timing jitter. */
const WORKSPACE_BUDGET = { perSecond: (WORKSPACE_LIMIT.rate * 1_000) / WORKSPACE_LIMIT.perMs, burst: WORKSPACE_LIMIT.burst + 1 };
const OVERALL_TIMEOUT_MS = 120_000;
const COLLECT_MS = 5_000;
const CLEANUP_STEP_TIMEOUT_MS = 15_000;
/** After every channel is confirmed, keep watching this long for late or repeated posts. */
const GRACE_MS = 1_000;
const TARGET_RATIO = 1.1;
const TARGET_429_PCT = 1;

export const fanoutSuite: BenchSuite = {
  name: "fanout",
  description: `daily lesson to ${WORKSPACES} workspaces × ${CHANNELS_PER_WORKSPACE} channels through the Slack adapter and the Slack emulator`,
  run: runFanout,
};

async function runFanout(): Promise<BenchResult> {
  const suiteStart = epochNow();
  const deadline = suiteStart + OVERALL_TIMEOUT_MS;
  // The wait for deliveries ends a little earlier, leaving time to collect figures.
  const waitDeadline = deadline - COLLECT_MS;
  const suffix = randomBytes(4).toString("hex");
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const dbName = `mentor_bench_${suffix}`;
  const queuePrefix = `bench-${suffix}`;
  const teams = Array.from({ length: WORKSPACES }, (_, i) => `T${i + 1}`);
  const channelIds = Array.from({ length: CHANNELS_PER_WORKSPACE }, (_, c) => `C${String(c).padStart(4, "0")}`);
  const tokenOf = (team: string) => `xoxb-bench-${team}`;
  const encryptionKey = randomBytes(32).toString("base64");

  // The platform runs on its own thread: its HTTP work must not slow the event loop under test.
  const emulator = new SlackEmulatorThread({ limits: { perChannel: DEFAULT_LIMITS.perChannel, perWorkspace: WORKSPACE_BUDGET } });
  const notes: string[] = [];
  let app: App | undefined;
  let dbCreated = false;
  let phase = "start emulator";
  let start = Number.NaN;
  const timing = { setupSeconds: Number.NaN, totalSeconds: Number.NaN, cpuSeconds: Number.NaN, eventLoopBusy: Number.NaN, timedOut: 0 };
  const db = { confirmed: 0, postRowDuplicates: 0, deliveryFailures: 0, runs: 0, jobs: {} as Record<string, number> };
  let stats: PostStats = { calls: 0, delivered: 0, deliveredChannels: 0, rejected429: 0, duplicates: 0, errors: 0 };
  let posts: RecordedCall[] = [];

  // Setup can hang too (a slow database, a stuck migration): the whole run answers to the deadline.
  const run = async () => {
    const apiUrl = await emulator.start();
    phase = "set up the emulated workspaces";
    for (const team of teams) {
      await emulator.run("addWorkspace", team, tokenOf(team));
      await Promise.all(channelIds.map((channel) => emulator.run("addChannel", team, channel)));
    }

    phase = "create database";
    await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${dbName}`));
    dbCreated = true;

    phase = "create app";
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: withDatabase(adminUrl, dbName),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      WORKER_CONCURRENCY: "64",
      LOG_LEVEL: "warn",
      PORT: "0",
      SLACK_API_URL: apiUrl,
      // OAuth installs in HTTP mode, whatever the shell has set.
      SLACK_BOT_TOKEN: "",
      SLACK_APP_TOKEN: "",
      SLACK_SIGNING_SECRET: "bench-signing-secret",
      SLACK_CLIENT_ID: "bench.client",
      SLACK_CLIENT_SECRET: "bench-client-secret",
      SLACK_STATE_SECRET: "bench-state-secret",
      ENCRYPTION_KEY: encryptionKey,
    });
    app = await createApp(config);
    const { services } = app;

    phase = "install the app in every workspace";
    const installations = new SlackInstallationStore(new PostgresInstallationRecords(services.db, services.workspaces), new TokenCipher(encryptionKey));
    for (const team of teams) await installations.storeInstallation(installationOf(team, { token: tokenOf(team) }));

    phase = "subscribe channels";
    // Their schedulers fire 12 hours from now: never during the run.
    const localTime = new Date(Date.now() + 12 * 3600_000).toISOString().slice(11, 16);
    const subscriptionIds: number[][] = await Promise.all(
      teams.map(async (team) => {
        const workspace = await services.workspaces.ensure(makeRef("slack", team));
        const member = await services.members.ensure(workspace, {
          user: makeRef("slack", team, "UBENCH"),
          workspace: workspace.ref,
          displayName: "bench",
          platformAdmin: true,
        });
        const ids: number[] = [];
        for (const channelId of channelIds) {
          const channel = makeRef("slack", team, channelId);
          const schedule = { time: localTime, days: [0, 1, 2, 3, 4, 5, 6], timezone: "UTC" };
          const subscription = await services.lessons.subscriptions.subscribe(workspace.id, channel, services.lessons.defaultTrack(), schedule, member.id);
          ids.push(subscription.id);
        }
        return ids;
      }),
    );
    // Interleaved, as schedulers firing for every workspace at the same minute hand them over.
    const jobs: { data: { subscriptionId: number }; jobId: string }[] = [];
    for (let c = 0; c < CHANNELS_PER_WORKSPACE; c++) {
      for (const ids of subscriptionIds) {
        const id = ids[c] as number;
        jobs.push({ data: { subscriptionId: id }, jobId: `bench-${id}` });
      }
    }
    const confirmedCount = async () => {
      const [row] = await services.db.select({ n: count() }).from(lessonPosts).where(isNotNull(lessonPosts.messageId));
      return row?.n ?? 0;
    };

    phase = "start workers";
    await app.start("worker");
    timing.setupSeconds = (epochNow() - suiteStart) / 1000;

    phase = "fan out";
    start = epochNow();
    const cpuStart = process.cpuUsage();
    const eluStart = performance.eventLoopUtilization();
    await app.jobs.enqueueMany("lessons.channel", jobs);
    while (epochNow() < waitDeadline) {
      // The emulator's count is cheap; the database is asked once every channel got its message.
      if ((await emulator.postStats()).deliveredChannels >= TOTAL) db.confirmed = await confirmedCount();
      if (db.confirmed >= TOTAL) {
        timing.totalSeconds = (epochNow() - start) / 1000;
        break;
      }
      await sleep(20);
    }
    const cpu = process.cpuUsage(cpuStart);
    timing.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    timing.eventLoopBusy = performance.eventLoopUtilization(eluStart).utilization;
    if (Number.isNaN(timing.totalSeconds)) {
      timing.timedOut = 1;
      notes.push(`timed out: not every channel confirmed within ${(waitDeadline - suiteStart) / 1000} s of the start`);
    } else {
      // Anything posted after this point (a retry, a second job) would be a duplicate.
      await sleep(Math.min(GRACE_MS, Math.max(0, waitDeadline - epochNow())));
    }

    phase = "collect";
    db.confirmed = await confirmedCount();
    const [dupRow] = await services.db
      .select({ n: sql<number>`(count(*) - count(distinct (${lessonPosts.workspaceId}, ${lessonPosts.channel}, ${lessonPosts.localDate})))::int` })
      .from(lessonPosts);
    db.postRowDuplicates = dupRow?.n ?? 0;
    const [failRow] = await services.db.select({ n: count() }).from(deliveryFailures);
    db.deliveryFailures = failRow?.n ?? 0;
    const outbound = app.jobs.queue("outbound");
    db.jobs = await outbound.getJobCounts("completed", "failed", "active", "waiting");
    // Each hand-back (a far slot, a 429) runs the processor again from the top.
    const finished = await outbound.getJobs(["completed", "failed"], 0, -1);
    db.runs = finished.reduce((sum, job) => sum + (job.attemptsStarted ?? 0), 0);
  };
  let overallTimer: NodeJS.Timeout | undefined;
  try {
    const running = run();
    running.catch(() => {}); // after a timeout it may still fail in the background; that is reported below
    await Promise.race([
      running,
      new Promise((_, reject) => {
        overallTimer = setTimeout(() => reject(new OverallTimeout(`overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s`)), Math.max(0, deadline - epochNow()));
      }),
    ]);
  } catch (error) {
    if (error instanceof OverallTimeout) timing.timedOut = 1;
    notes.push(`failed during "${phase}": ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(overallTimer);
    await step("stop app", notes, async () => app?.stop());
    await step("read emulator", notes, async () => {
      stats = await emulator.postStats();
      posts = await emulator.run("callsTo", "chat.postMessage");
    });
    await step("stop emulator", notes, () => emulator.stop());
    if (dbCreated) await step("drop database", notes, () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)));
    await step("delete redis keys", notes, () => deleteKeys(redisUrl, `${queuePrefix}:*`));
  }

  const floorSeconds = Math.max(0, CHANNELS_PER_WORKSPACE - WORKSPACE_BUDGET.burst) / WORKSPACE_BUDGET.perSecond;
  const ratio = timing.totalSeconds / floorSeconds;
  const pct429 = posts.length === 0 ? 0 : (100 * stats.rejected429) / posts.length;
  const duplicates = stats.duplicates + db.postRowDuplicates;
  const lost = TOTAL - stats.deliveredChannels;
  const shape = deliveryShape(posts, start);
  const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
  const seconds = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "-");

  const rows: [string, string][] = [
    ["channels", `${TOTAL} (${WORKSPACES} workspaces × ${CHANNELS_PER_WORKSPACE})`],
    ["setup (s)", seconds(timing.setupSeconds)],
    ["total (s)", Number.isNaN(timing.totalSeconds) ? "did not finish" : seconds(timing.totalSeconds)],
    [
      "floor (s)",
      `${seconds(floorSeconds)}  ((${CHANNELS_PER_WORKSPACE} - burst ${WORKSPACE_BUDGET.burst}) / ${WORKSPACE_BUDGET.perSecond} per s, workspaces in parallel)`,
    ],
    ["ratio to floor", Number.isNaN(ratio) ? "-" : `${ratio.toFixed(3)}  (target ≤ ${TARGET_RATIO}: ${verdict(ratio <= TARGET_RATIO)})`],
    ["first / last delivery (s)", `${seconds(shape.first)} / ${seconds(shape.last)}`],
    ["workspaces done (s)", `earliest ${seconds(shape.workspaceDoneMin)}, latest ${seconds(shape.workspaceDoneMax)}`],
    ["deliveries a second", shape.perSecond.join(" ") || "-"],
    [
      "process CPU (s)",
      Number.isNaN(timing.cpuSeconds)
        ? "-"
        : `${seconds(timing.cpuSeconds)}  (${((1000 * timing.cpuSeconds) / TOTAL).toFixed(2)} ms a channel; app and emulator thread)`,
    ],
    [
      "event loop busy",
      Number.isNaN(timing.eventLoopBusy) ? "-" : `${(100 * timing.eventLoopBusy).toFixed(0)} %  (main thread during the fan-out; near 100 % = CPU-bound)`,
    ],
    ["processor runs a channel", `${(db.runs / TOTAL).toFixed(2)}  (a job handed back to wait for its slot runs again)`],
    ["machine load", `${loadavg()[0]?.toFixed(2)} (1-min load average, ${availableParallelism()} cores)`],
    ["delivered (channels)", `${stats.deliveredChannels}  (${stats.delivered} messages)`],
    ["confirmed in lesson_posts", String(db.confirmed)],
    ["duplicates", `${duplicates}  (emulator ${stats.duplicates}, lesson_posts ${db.postRowDuplicates}): ${verdict(duplicates === 0)}`],
    ["lost", `${lost}: ${verdict(lost === 0)}`],
    ["postMessage calls", String(posts.length)],
    ["429 responses", `${stats.rejected429} (${pct429.toFixed(2)} % of calls; target < ${TARGET_429_PCT} %: ${verdict(pct429 < TARGET_429_PCT)})`],
    ["other errors", String(stats.errors)],
    ["delivery_failures rows", String(db.deliveryFailures)],
    [
      "outbound jobs",
      Object.entries(db.jobs)
        .map(([state, n]) => `${state} ${n}`)
        .join(", ") || "-",
    ],
  ];
  for (const note of notes) rows.push(["note", note]);

  return {
    rows,
    figures: {
      channels: TOTAL,
      setupSeconds: round(timing.setupSeconds),
      totalSeconds: round(timing.totalSeconds),
      floorSeconds: round(floorSeconds),
      ratioToFloor: round(ratio),
      firstDeliverySeconds: round(shape.first),
      lastDeliverySeconds: round(shape.last),
      processCpuSeconds: round(timing.cpuSeconds),
      eventLoopBusyPct: round(100 * timing.eventLoopBusy),
      processorRunsPerChannel: round(db.runs / TOTAL),
      delivered: stats.deliveredChannels,
      deliveredMessages: stats.delivered,
      confirmed: db.confirmed,
      duplicates,
      lost,
      postMessageCalls: posts.length,
      rateLimited429: stats.rejected429,
      rateLimitedPct: round(pct429),
      otherErrors: stats.errors,
      timedOut: timing.timedOut,
      problems: notes.length,
    },
  };
}

/** When deliveries happened, relative to `start` (epoch ms): first, last, per workspace, per second. */
function deliveryShape(posts: RecordedCall[], start: number) {
  const delivered = posts.filter((call) => call.ok).map((call) => ({ team: call.team ?? "", at: (call.at - start) / 1000 }));
  const doneAt = new Map<string, number>();
  const perSecond: number[] = [];
  for (const { team, at } of delivered) {
    doneAt.set(team, Math.max(doneAt.get(team) ?? 0, at));
    const second = Math.max(0, Math.floor(at));
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }
  const done = [...doneAt.values()];
  return {
    first: delivered.length > 0 ? Math.min(...delivered.map((d) => d.at)) : Number.NaN,
    last: delivered.length > 0 ? Math.max(...delivered.map((d) => d.at)) : Number.NaN,
    workspaceDoneMin: done.length > 0 ? Math.min(...done) : Number.NaN,
    workspaceDoneMax: done.length > 0 ? Math.max(...done) : Number.NaN,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
  };
}

class OverallTimeout extends Error {}

function sizeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0`);
  return value;
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : -1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The admin URL pointed at another database. */
function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1_000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** A cleanup step that cannot hang the suite or hide another step's failure. */
async function step(name: string, notes: string[], fn: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${CLEANUP_STEP_TIMEOUT_MS / 1000} s`)), CLEANUP_STEP_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    notes.push(`cleanup "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
