import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { App, HTTPReceiver } from "@slack/bolt";
import { count } from "drizzle-orm";
import { lessonCompletions } from "../../drizzle/schema/index.js";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { freshDatabase, freshRedis } from "../helpers/fresh.js";
import type { LoadJob, LoadResult } from "./load-generator.js";
import { type BenchResult, type BenchSuite, percentile } from "./suite.js";

/**
 * "Mark as done" clicks (block_actions) as signed HTTP requests to the bot's Slack receiver,
 * real Postgres and Redis behind it, offered at a rising rate (open loop: a request leaves on
 * schedule whether or not earlier ones were answered). The same load goes to a bare Bolt app
 * that only acknowledges, in the same process, as the ceiling to compare with.
 * Lost effects: clicks acknowledged 200 whose completion row or answer never appeared.
 */
const RATES = [250, 500, 1_000, 1_500, 2_000];
const STEP_MS = 4_000;
const USERS = 500;
const TEAM = "TBENCH";
const CHANNEL = "CBENCH";
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench";
const DRAIN_MS = 60_000;

export const interactionsSuite: BenchSuite = {
  name: "interactions",
  description: "signed button clicks to the Slack receiver at a rising rate, against a bare Bolt app",
  run: runInteractions,
};

interface StepFigures {
  rate: number;
  sent: number;
  acked: number;
  failed: number;
  achievedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Clicks fully handled (row written) per second, from the step's start until its backlog drained. */
  effectsPerSec?: number;
}

async function runInteractions(): Promise<BenchResult> {
  const emulator = new SlackEmulator({ limits: { tierScale: 100 } });
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, TOKEN);
  emulator.addChannel(TEAM, CHANNEL);
  for (let u = 0; u < USERS; u++) emulator.addUser(TEAM, { id: userId(u), name: `User ${u}`, tz: "Europe/Berlin" });
  const database = await freshDatabase("bench");
  const redis = freshRedis("bench");
  const config = loadConfig({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: redis.prefix,
    PORT: "0",
    SLACK_API_URL: apiUrl,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
  });
  const app = await createApp(config, { logger: silentLogger, redis: redis.connection });
  const port = await app.start("web");
  const lessonIds = app.services.lessons.catalog.track(app.services.lessons.defaultTrack()).map((l) => l.id);
  const bare = await startBareBolt();
  const botUrl = `http://127.0.0.1:${port}/slack/events`;
  const bareUrl = `http://127.0.0.1:${bare.port}/slack/events`;
  const bareClick = () => clickBody(emulator, userId(0), "x");

  let sequence = 0;
  const click = () => {
    const i = sequence++;
    const user = userId(i % USERS);
    const lesson = lessonIds[Math.floor(i / USERS) % lessonIds.length] as string;
    return clickBody(emulator, user, lesson);
  };
  try {
    // Warm-up: JIT, connection pools, users.info answers cached, member rows created.
    await runStep(bareUrl, 200, 1_000, bareClick);
    await runStep(botUrl, 200, 2_500, click);
    await drain(app, () => sequence);
    const warmResponses = emulator.callsTo("response_url").length;

    // The bare app first, while the bot is idle; then the bot, each step after the last one's
    // effects are done, so a step's figures belong to its rate and not to an earlier backlog.
    const bareSteps: StepFigures[] = [];
    for (const rate of RATES) bareSteps.push(await runStep(bareUrl, rate, STEP_MS, bareClick));
    const botSteps: StepFigures[] = [];
    for (const rate of RATES) {
      const before = await completions(app);
      const step = await runStep(botUrl, rate, STEP_MS, click);
      const drained = await drain(app, () => sequence);
      step.effectsPerSec = (drained.rows - before) / (step.seconds + drained.seconds);
      botSteps.push(step);
    }
    const ackedBot = botSteps.reduce((n, s) => n + s.acked, 0);
    const expectedResponses = warmResponses + ackedBot;
    await waitFor(async () => emulator.callsTo("response_url").length >= expectedResponses, DRAIN_MS);
    const responses = emulator.callsTo("response_url").filter((c) => c.ok).length;
    const rows = await completions(app);
    // Every click names a distinct (person, lesson) pair, so each acknowledged click is one row.
    const failed = botSteps.reduce((n, s) => n + s.failed, 0);
    const lostRows = sequence - failed - rows;
    const lostAnswers = expectedResponses - emulator.callsTo("response_url").length;
    return report(botSteps, bareSteps, Math.max(0, lostRows), Math.max(0, lostAnswers), responses);
  } finally {
    await bare.close();
    await app.stop();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  }
}

function report(bot: StepFigures[], bare: StepFigures[], lostRows: number, lostAnswers: number, responses: number): BenchResult {
  const best = (steps: StepFigures[]) => Math.max(...steps.map((s) => s.achievedPerSec));
  const at1000 = bot.find((s) => s.rate === 1_000);
  const rows: [string, string][] = [];
  for (const [i, step] of bot.entries()) {
    const b = bare[i] as StepFigures;
    rows.push([
      `${step.rate}/s offered`,
      `bot ${step.achievedPerSec.toFixed(0)}/s (handled ${step.effectsPerSec?.toFixed(0)}/s) p50 ${step.p50Ms.toFixed(1)} p99 ${step.p99Ms.toFixed(1)} ms (${step.failed} failed) | bare ${b.achievedPerSec.toFixed(0)}/s p50 ${b.p50Ms.toFixed(1)} p99 ${b.p99Ms.toFixed(1)} ms`,
    ]);
  }
  const ratio = best(bot) / best(bare);
  rows.push(
    ["bot throughput (best step)", `${best(bot).toFixed(0)}/s`],
    ["bare Bolt throughput (best step)", `${best(bare).toFixed(0)}/s`],
    ["bot / bare", `${(ratio * 100).toFixed(0)}% (target ≥ 60%)`],
    ["bot p99 ack at 1,000/s", `${at1000?.p99Ms.toFixed(1)} ms (target < 100)`],
    ["answers sent (response_url)", String(responses)],
    ["lost effects (rows / answers)", `${lostRows} / ${lostAnswers} (target 0)`],
  );
  const figures: Record<string, number> = {
    botBestPerSec: Math.round(best(bot)),
    bareBestPerSec: Math.round(best(bare)),
    ratioPct: Math.round(ratio * 100),
    botP99At1000Ms: Number((at1000?.p99Ms ?? Number.NaN).toFixed(2)),
    lostRows,
    lostAnswers,
  };
  for (const step of bot)
    Object.assign(figures, {
      [`bot${step.rate}P50Ms`]: round(step.p50Ms),
      [`bot${step.rate}P99Ms`]: round(step.p99Ms),
      [`bot${step.rate}PerSec`]: Math.round(step.achievedPerSec),
      [`bot${step.rate}HandledPerSec`]: Math.round(step.effectsPerSec ?? 0),
    });
  for (const step of bare)
    Object.assign(figures, {
      [`bare${step.rate}P50Ms`]: round(step.p50Ms),
      [`bare${step.rate}P99Ms`]: round(step.p99Ms),
      [`bare${step.rate}PerSec`]: Math.round(step.achievedPerSec),
    });
  return { rows, figures };
}

/** Offers `rate` requests a second for `ms` from a load-generator process; latency is until the whole ack arrived. */
async function runStep(url: string, rate: number, ms: number, body: () => string): Promise<StepFigures> {
  const bodies = Array.from({ length: Math.round((rate * ms) / 1000) }, body);
  const job: LoadJob = { url, rate, secret: SECRET, bodies };
  const child = fork(fileURLToPath(new URL("./load-generator.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.once("message", (message) => resolve(message as LoadResult));
    child.once("error", reject);
    child.send(job);
  });
  const latencies = result.latencies.sort((a, b) => a - b);
  return {
    rate,
    sent: bodies.length,
    acked: latencies.length,
    failed: result.failed,
    achievedPerSec: latencies.length / result.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    seconds: result.seconds,
  };
}

function clickBody(emulator: SlackEmulator, user: string, lessonId: string): string {
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: "AMENTOR",
    container: { type: "message", message_ts: ts, channel_id: CHANNEL, is_ephemeral: true },
    trigger_id: `${Date.now()}.${randomBytes(6).toString("hex")}`,
    team: { id: TEAM, domain: "bench" },
    channel: { id: CHANNEL, name: "bench" },
    message: { type: "message", ts, text: "lesson" },
    response_url: emulator.newResponseUrl(TEAM, CHANNEL, user),
    actions: [{ type: "button", action_id: "lesson.done", block_id: "b1", value: lessonId, text: { type: "plain_text", text: "Mark as done" }, action_ts: ts }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A Bolt app that verifies signatures and acknowledges, nothing else: the ceiling. */
async function startBareBolt(): Promise<{ port: number; close(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logger: boltSilent() });
  const bolt = new App({ receiver, authorize: async () => ({ botToken: TOKEN, botId: "B1", botUserId: "U1" }), logger: boltSilent(), convoStore: false });
  bolt.action({ type: "block_actions" }, async ({ ack }) => {
    await ack();
  });
  const server = (await receiver.start(0)) as Server;
  return { port: (server.address() as AddressInfo).port, close: () => receiver.stop() };
}

function boltSilent() {
  const nothing = () => {};
  return { debug: nothing, info: nothing, warn: nothing, error: nothing, setLevel: nothing, getLevel: () => "error" as never, setName: nothing };
}

async function completions(app: Awaited<ReturnType<typeof createApp>>): Promise<number> {
  const [row] = await app.services.db.select({ n: count() }).from(lessonCompletions);
  return row?.n ?? 0;
}

/** Waits until every click sent so far has its completion row (or DRAIN_MS pass); how long it took. */
async function drain(app: Awaited<ReturnType<typeof createApp>>, sent: () => number): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  await waitFor(async () => (await completions(app)) >= sent(), DRAIN_MS);
  return { rows: await completions(app), seconds: (performance.now() - started) / 1000 };
}

async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

function userId(n: number): string {
  return `UB${String(n).padStart(5, "0")}`;
}

function round(n: number): number {
  return Number(n.toFixed(2));
}
