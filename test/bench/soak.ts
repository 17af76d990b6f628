import pino from "pino";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { IncomingEvent, Responder } from "../../src/core/events.js";
import { LESSON_DONE_ACTION } from "../../src/lessons/render.js";
import { PROFILE_FORM } from "../../src/pairing/profile-form.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { freshDatabase, freshRedis } from "../helpers/fresh.js";
import { type BenchResult, type BenchSuite, percentile } from "./suite.js";

/**
 * Mixed traffic at a steady rate for SOAK_SECONDS (default 600): slash commands, "mark as done"
 * clicks and profile form submits through the core, and a lesson fan-out to 20 channels every
 * 30 s through BullMQ and the Slack adapter to the emulator. Real Postgres and Redis.
 * Reports RSS after warm-up and at the end, errors (a "Something went wrong" reply, a thrown
 * handler, a logged error), and p99 latency per minute.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const OPS_PER_SECOND = 20;
const WARMUP_SECONDS = Math.min(30, Math.max(5, Math.round(SECONDS / 10)));
const FANOUT_EVERY_MS = Math.min(30_000, (SECONDS * 1000) / 4);
const USERS = 50;
const CHANNELS = 20;
const TEAM = "TSOAK";
const TOKEN = "xoxb-soak";
const COMMANDS = ["help", "progress", "lesson", "leaderboard", "skills", "lessons status", "checkins", "quiz"];

export const soakSuite: BenchSuite = {
  name: "soak",
  description: `${SECONDS} s of mixed traffic at ${OPS_PER_SECOND}/s (commands, clicks, form submits, fan-outs every ${FANOUT_EVERY_MS / 1000} s)`,
  run: runSoak,
};

async function runSoak(): Promise<BenchResult> {
  if (!Number.isFinite(SECONDS) || SECONDS < 10) throw new Error(`SOAK_SECONDS must be a number of seconds, at least 10 (got ${process.env.SOAK_SECONDS}).`);
  const emulator = new SlackEmulator({ limits: { tierScale: 100, perWorkspace: { perSecond: 50, burst: 50 } } });
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, TOKEN);
  const users = Array.from({ length: USERS }, (_, i) => `USOAK${i}`);
  for (const id of users) emulator.addUser(TEAM, { id, name: id, tz: "Europe/Berlin", isAdmin: id === users[0] });
  const channels = Array.from({ length: CHANNELS }, (_, i) => `CSOAK${i}`);
  for (const channel of channels) emulator.addChannel(TEAM, channel);
  const database = await freshDatabase("soak");
  const redis = freshRedis("soak");
  let loggedErrors = 0;
  const logger = pino(
    { level: "warn" },
    {
      write(line: string) {
        if ((JSON.parse(line) as { level: number }).level >= 50) loggedErrors += 1;
      },
    },
  );
  const config = loadConfig({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: redis.prefix,
    PORT: "0",
    SLACK_API_URL: apiUrl,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: "soak-signing-secret",
  });
  const app = await createApp(config, { logger, redis: redis.connection });
  try {
    await app.start("all");
    const { services } = app;
    const lessons = services.lessons.catalog.track(services.lessons.defaultTrack()).map((lesson) => lesson.id);
    const skill = services.lessons.skills[0]?.id ?? "";

    let errors = 0;
    const latencies: { at: number; ms: number }[] = [];
    const event = (user: string, channel: string, rest: Record<string, unknown>): IncomingEvent => {
      const respond: Responder = {
        async reply(message) {
          if (message.text.startsWith("Something went wrong")) errors += 1;
        },
        async updateSource() {},
        async openForm() {},
      };
      const actor = {
        user: `slack:${TEAM}:${user}`,
        workspace: `slack:${TEAM}`,
        displayName: user,
        platformAdmin: user === users[0],
        timezone: "Europe/Berlin",
      };
      return { actor, conversation: `slack:${TEAM}:${channel}`, respond, ...rest } as IncomingEvent;
    };
    // The soak's forms hold valid values: one refused counts as an error, as one that failed does.
    const deliver = async (incoming: IncomingEvent) => {
      if (incoming.kind !== "formSubmit") return app.core.handle(incoming);
      if ((await app.core.submitForm(incoming)).kind === "invalid") errors += 1;
    };
    const timed = async (incoming: IncomingEvent) => {
      const started = performance.now();
      await deliver(incoming).catch(() => {
        errors += 1;
      });
      latencies.push({ at: Date.now(), ms: performance.now() - started });
    };

    // Setup: the admin subscribes the channels; every user joins as a mentee.
    for (const channel of channels) await timed(event(users[0] as string, channel, { kind: "command", text: "lessons here 23:59" }));
    for (const user of users) await timed(event(user, channels[0] as string, { kind: "command", text: "join mentee" }));
    const workspace = await services.workspaces.ensure(`slack:${TEAM}`);

    let n = 0;
    const operation = (): IncomingEvent => {
      n += 1;
      const user = users[n % USERS] as string;
      const channel = channels[n % CHANNELS] as string;
      const kind = n % 10;
      if (kind < 6) return event(user, channel, { kind: "command", text: COMMANDS[n % COMMANDS.length] });
      if (kind < 9) return event(user, channel, { kind: "action", actionId: LESSON_DONE_ACTION, value: lessons[n % lessons.length] });
      return event(user, channel, {
        kind: "formSubmit",
        formId: PROFILE_FORM,
        values: { timezone: "Europe/Berlin", hours: n % 2 ? "09:00-17:00" : "10:00-18:00", skills: skill, languages: "English" },
      });
    };

    const start = Date.now();
    const end = start + SECONDS * 1000;
    let rssAfterWarmup = 0;
    let fanouts = 0;
    const inFlight = new Set<Promise<void>>();
    const fanoutTimer = setInterval(() => {
      fanouts += 1;
      void services.jobs.enqueue("lessons.fanout", { workspaceId: workspace.id }, { jobId: `soak-fanout-${fanouts}` }).catch(() => {
        errors += 1;
      });
    }, FANOUT_EVERY_MS);
    // Open loop: an operation leaves on schedule whether or not earlier ones have finished.
    for (let i = 0; Date.now() < end; i++) {
      const due = start + (i * 1000) / OPS_PER_SECOND;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      if (!rssAfterWarmup && Date.now() - start >= WARMUP_SECONDS * 1000) {
        global.gc?.();
        rssAfterWarmup = process.memoryUsage().rss;
      }
      const running = timed(operation()).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    clearInterval(fanoutTimer);
    await Promise.all(inFlight);
    await app.jobs.waitIdle(30_000);
    global.gc?.();
    const rssEnd = process.memoryUsage().rss;

    const measured = latencies.filter((l) => l.at >= start);
    const minutes = Math.ceil(SECONDS / 60);
    const perMinute = Array.from({ length: minutes }, (_, m) => {
      const slice = measured.filter((l) => l.at >= start + m * 60_000 && l.at < start + (m + 1) * 60_000).map((l) => l.ms);
      return {
        count: slice.length,
        p99: percentile(
          slice.sort((a, b) => a - b),
          99,
        ),
      };
    });
    const posted = channels.filter((channel) => emulator.messagesIn(TEAM, channel).some((m) => !m.visibleTo && m.text.includes("lesson"))).length;
    const growthPct = rssAfterWarmup ? (100 * (rssEnd - rssAfterWarmup)) / rssAfterWarmup : 0;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const rows: [string, string][] = [
      ["duration", `${SECONDS} s (SOAK_SECONDS), warm-up ${WARMUP_SECONDS} s`],
      ["operations", `${measured.length} (${(measured.length / SECONDS).toFixed(1)}/s), ${fanouts} fan-outs, lessons in ${posted}/${CHANNELS} channels`],
      ["RSS after warm-up", `${mb(rssAfterWarmup)} MB`],
      ["RSS at end", `${mb(rssEnd)} MB (${growthPct >= 0 ? "+" : ""}${growthPct.toFixed(1)}%, target ≤ +10%: ${growthPct <= 10 ? "ok" : "MISSED"})`],
      ["errors", `${errors + loggedErrors} (replies/throws ${errors}, logged ${loggedErrors})${errors + loggedErrors === 0 ? "" : " MISSED"}`],
      ...perMinute.map((m, i): [string, string] => [`p99 minute ${i + 1}`, `${m.p99.toFixed(1)} ms (${m.count} ops)`]),
    ];
    const figures: Record<string, number> = {
      seconds: SECONDS,
      operations: measured.length,
      fanouts,
      rssAfterWarmupMb: Number(mb(rssAfterWarmup)),
      rssEndMb: Number(mb(rssEnd)),
      rssGrowthPct: Number(growthPct.toFixed(1)),
      errors: errors + loggedErrors,
    };
    for (const [i, m] of perMinute.entries()) figures[`p99Minute${i + 1}Ms`] = Number(m.p99.toFixed(1));
    return { rows, figures };
  } finally {
    await app.stop();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  }
}
