import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { count, eq } from "drizzle-orm";
import { channelRef } from "../../adapters/discord/refs.js";
import { lessonCompletions } from "../../drizzle/schema/index.js";
import { type App, createApp, type Role } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { renderLesson } from "../../src/lessons/render.js";
import { DiscordDriver } from "../emulators/discord/driver.js";
import { DiscordEmulator } from "../emulators/discord/emulator.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuChannel, EmuGuild, EmuUser } from "../emulators/discord/world.js";
import { freshDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import type { BotProcessMessage } from "./bot-process.js";
import { type BenchSuite, percentile } from "./suite.js";

/** Clicks per second, each step held for STEP_SECONDS. */
const RATES = [100, 250, 500];
const STEP_SECONDS = 5;
const PEOPLE = 1_000;
/** Dispatch in small batches this often, so the rate is smooth rather than one burst a second. */
const TICK_MS = 10;
/** How long a step's effects and answers may take to finish before the rest count as lost. */
const DRAIN_MS = 60_000;

interface StepFigures {
  rate: number;
  dispatched: number;
  callbacks: number;
  callbacksPerSec: number;
  p50: number;
  p99: number;
  /** People who clicked, each owed one completion row. */
  clickers: number;
  rows: number;
  /** From the step's first dispatch until the last row was written. */
  effectsSeconds: number;
  answered: number;
  /** From the step's first dispatch until the last answer reached the interaction's webhook. */
  answersSeconds: number;
  /** Dispatch → the worker's answer reaching the webhook: what the person waits for past "thinking…". */
  answerP50: number;
  answerP99: number;
}

/** What the bench environment shares: the emulator standing in for Discord, and the measuring app. */
interface Setup {
  driver: DiscordDriver;
  guild: EmuGuild;
  channel: EmuChannel;
  people: EmuUser[];
  /** Not started: the parent's handle on the database, the catalog and REST posting. */
  app: App;
  /** Interactions whose answer reached the webhook (an edit of @original or a follow-up), by token. */
  answeredAt: Map<string, number>;
}

/**
 * "Mark as done" clicks dispatched as INTERACTION_CREATE by the emulator's gateway at a rising
 * rate, as deployed: the bot's web role (the discord.js gateway client, which acknowledges and
 * hands off) and its worker role (the core, the real Postgres and Redis, answering through the
 * interaction webhook) each in its own process; the emulator and the measuring here. Latency is
 * dispatch → the interaction callback reaching the emulator. Each step uses a fresh lesson, and
 * every person who clicked must end with exactly one completion row: anything else is lost.
 */
export const discordSuite: BenchSuite = {
  name: "discord",
  description: "button clicks through the gateway to a web process, handed off to a worker process (real Postgres + Redis)",
  async run() {
    const emulator = new DiscordEmulator();
    await emulator.start();
    const guild = emulator.world.addGuild("Bench Guild");
    const channel = emulator.world.addChannel(guild, "general");
    const people: EmuUser[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const person = emulator.world.addUser(`p${i}`);
      emulator.world.join(guild, person, {});
      people.push(person);
    }
    const database = await freshDatabase("bench");
    const redis = freshRedis("bench");
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: redis.prefix,
      PORT: "0",
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_API_URL: emulator.apiUrl,
    };
    // Migrates and loads the curriculum before the bot's processes start.
    const app = await createApp(loadConfig(env), { logger: silentLogger, redis: redis.connection });
    const answeredAt = new Map<string, number>();
    let errors = 0;
    emulator.on("request", (r: { method: string; path: string; status: number }) => {
      if (r.status >= 400) errors++;
      const webhook = /^\/webhooks\/\d+\/([^/]+)/.exec(r.path);
      if (webhook && r.method !== "GET" && r.status === 200) answeredAt.set(webhook[1] as string, performance.now());
    });
    const processes: ChildProcess[] = [];
    try {
      processes.push(await startRole("web", env), await startRole("worker", env));
      const setup: Setup = { driver: new DiscordDriver(emulator), guild, channel, people, app, answeredAt };
      const lessons = app.services.lessons.catalog.track(app.services.lessons.defaultTrack());
      // Warm-up: member rows, prepared statements, JIT in both processes.
      await runStep(setup, people.slice(0, 200), lessons.at(-1)?.id as string, 100, 2);
      const steps: StepFigures[] = [];
      for (const [index, rate] of RATES.entries()) {
        steps.push(await runStep(setup, people, (lessons[index] ?? lessons[0])?.id as string, rate, STEP_SECONDS));
      }
      return report(steps, errors);
    } finally {
      await Promise.all(processes.map(stopRole));
      await app.stop();
      await emulator.close();
      await redis.cleanup();
      await database.drop();
    }
  },
};

function report(steps: StepFigures[], errors: number) {
  const rows: [string, string][] = steps.map((s) => [
    `${s.rate}/s`,
    `dispatched ${s.dispatched} · callbacks ${s.callbacksPerSec.toFixed(0)}/s · p50 ${s.p50.toFixed(1)} ms · p99 ${s.p99.toFixed(1)} ms · ` +
      `effects ${s.rows}/${s.clickers} in ${s.effectsSeconds.toFixed(1)} s · answers ${s.answered}/${s.dispatched} in ${s.answersSeconds.toFixed(1)} s ` +
      `(p50 ${(s.answerP50 / 1000).toFixed(1)} s, p99 ${(s.answerP99 / 1000).toFixed(1)} s) · lost ${s.clickers - s.rows}`,
  ]);
  const at500 = steps.find((s) => s.rate === 500);
  rows.push(["p99 at 500/s", `${at500?.p99.toFixed(1)} ms (target < 250)`], ["error answers from the emulator", String(errors)]);
  const figures: Record<string, number> = { errorAnswers: errors };
  for (const s of steps) {
    Object.assign(figures, {
      [`rate${s.rate}_dispatched`]: s.dispatched,
      [`rate${s.rate}_callbacksPerSec`]: Math.round(s.callbacksPerSec),
      [`rate${s.rate}_p50Ms`]: Number(s.p50.toFixed(2)),
      [`rate${s.rate}_p99Ms`]: Number(s.p99.toFixed(2)),
      [`rate${s.rate}_unacknowledged`]: s.dispatched - s.callbacks,
      [`rate${s.rate}_rows`]: s.rows,
      [`rate${s.rate}_effectsSeconds`]: Number(s.effectsSeconds.toFixed(2)),
      [`rate${s.rate}_unanswered`]: s.dispatched - s.answered,
      [`rate${s.rate}_answersSeconds`]: Number(s.answersSeconds.toFixed(2)),
      [`rate${s.rate}_answerP50Ms`]: Math.round(s.answerP50),
      [`rate${s.rate}_answerP99Ms`]: Math.round(s.answerP99),
      [`rate${s.rate}_lostEffects`]: s.clickers - s.rows,
    });
  }
  return { rows, figures };
}

/** Forks one role of the bot and waits until it has started (the web role: logged in to the gateway). */
async function startRole(role: Role, env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL("./bot-process.ts", import.meta.url)), [role], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", (message: BotProcessMessage) =>
      "ready" in message ? resolve() : reject(new Error(`The ${role} process failed: ${message.failed}`)),
    );
    child.once("exit", (code) => reject(new Error(`The ${role} process exited (${code}) before it was ready`)));
  });
  return child;
}

async function stopRole(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send("stop");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function runStep(setup: Setup, people: EmuUser[], lessonId: string, rate: number, seconds: number): Promise<StepFigures> {
  const { driver, app } = setup;
  const { catalog } = app.services.lessons;
  const lesson = catalog.get(lessonId);
  if (!lesson) throw new Error(`No lesson ${lessonId}`);
  const adapter = app.services.adapters.named("discord");
  if (!adapter) throw new Error("The Discord adapter was not created from the settings");
  const post = await adapter.post(channelRef(setup.guild.id, setup.channel.id), renderLesson(lesson, catalog, { lead: "Bench", withButtons: true }));
  const total = rate * seconds;
  const sent: EmuInteraction[] = [];
  const clickers = new Set<string>();
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent.length < due) {
        const person = people[sent.length % people.length] as EmuUser;
        clickers.add(person.id);
        sent.push(driver.press(person, post.id, "Mark as done"));
      }
      if (sent.length >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await driver.waitUntil(() => (sent.every((i) => i.callback) ? true : undefined), 15_000, "every callback").catch(() => undefined);
  const latencies = sent.flatMap((i) => (i.callback ? [i.callback.perf - i.dispatchedPerf] : [])).sort((a, b) => a - b);
  const lastCallback = Math.max(...sent.map((i) => i.callback?.perf ?? 0));

  const rowsNow = async () =>
    Number((await app.services.db.select({ n: count() }).from(lessonCompletions).where(eq(lessonCompletions.lessonId, lessonId)))[0]?.n ?? 0);
  const answered = () => sent.filter((i) => setup.answeredAt.has(i.token)).length;
  let rows = await rowsNow();
  let effectsDone = performance.now();
  while ((rows < clickers.size || answered() < sent.length) && performance.now() - started < DRAIN_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = rows;
    rows = await rowsNow();
    if (rows > before) effectsDone = performance.now();
  }
  const lastAnswer = Math.max(...sent.map((i) => setup.answeredAt.get(i.token) ?? 0));
  const answerLatencies = sent
    .flatMap((i) => {
      const at = setup.answeredAt.get(i.token);
      return at === undefined ? [] : [at - i.dispatchedPerf];
    })
    .sort((a, b) => a - b);
  return {
    rate,
    dispatched: sent.length,
    callbacks: latencies.length,
    callbacksPerSec: latencies.length / ((lastCallback - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    clickers: clickers.size,
    rows,
    effectsSeconds: (effectsDone - started) / 1000,
    answered: answered(),
    answersSeconds: (lastAnswer - started) / 1000,
    answerP50: percentile(answerLatencies, 50),
    answerP99: percentile(answerLatencies, 99),
  };
}
