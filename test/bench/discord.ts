import { count, eq } from "drizzle-orm";
import { channelRef } from "../../adapters/discord/refs.js";
import { registerCommands } from "../../adapters/discord/register-cli.js";
import { lessonCompletions } from "../../drizzle/schema/index.js";
import { silentLogger } from "../../src/core/logger.js";
import { renderLesson } from "../../src/lessons/render.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { startDiscordApp } from "../helpers/discord-app.js";
import { type BenchSuite, percentile } from "./suite.js";

/** Clicks per second, each step held for STEP_SECONDS. */
const RATES = [100, 250, 500];
const STEP_SECONDS = 5;
const PEOPLE = 1_000;
/** Dispatch in small batches this often, so the rate is smooth rather than one burst a second. */
const TICK_MS = 10;

interface StepFigures {
  rate: number;
  sent: number;
  answered: number;
  throughput: number;
  p50: number;
  p99: number;
  lostEffects: number;
  /** Share of clicks answered by a deferral first (the answer then edits it). */
  deferredShare: number;
}

/**
 * "Mark as done" clicks dispatched as INTERACTION_CREATE by the emulator's gateway at a rising
 * rate, through discord.js and the core to the real Postgres and Redis. Latency is dispatch →
 * the interaction callback reaching the emulator. Each step uses a fresh lesson, and every
 * person's first click must leave exactly one completion row: anything else is a lost effect.
 */
export const discordSuite: BenchSuite = {
  name: "discord",
  description: "button clicks through the gateway, discord.js and the core (real Postgres + Redis)",
  async run() {
    const t = await startDiscordApp({ workers: false });
    await registerCommands(t.app.services.config, silentLogger);
    const people: EmuUser[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const person = t.emulator.world.addUser(`p${i}`);
      t.emulator.world.join(t.guild, person, {});
      people.push(person);
    }
    const { catalog } = t.app.services.lessons;
    const lessons = catalog.track(t.app.services.lessons.defaultTrack());
    const steps: StepFigures[] = [];
    let errors = 0;
    t.emulator.on("request", (r: { status: number }) => {
      if (r.status >= 400) errors++;
    });
    // Warm-up: member rows, prepared statements, JIT.
    await runStep(t, people.slice(0, 200), lessons.at(-1)?.id as string, 100, 2, catalog);
    for (const [index, rate] of RATES.entries()) {
      const lesson = lessons[index] ?? lessons[0];
      steps.push(await runStep(t, people, lesson?.id as string, rate, STEP_SECONDS, catalog));
    }
    await t.close();
    const rows: [string, string][] = steps.map((s) => [
      `${s.rate}/s`,
      `${s.throughput.toFixed(0)}/s answered · p50 ${s.p50.toFixed(1)} ms · p99 ${s.p99.toFixed(1)} ms · unanswered ${s.sent - s.answered} · deferred ${(s.deferredShare * 100).toFixed(0)}% · lost effects ${s.lostEffects}`,
    ]);
    rows.push(["error answers from the emulator", String(errors)]);
    const figures: Record<string, number> = { errorAnswers: errors };
    for (const s of steps) {
      figures[`rate${s.rate}_throughput`] = Math.round(s.throughput);
      figures[`rate${s.rate}_p50Ms`] = Number(s.p50.toFixed(2));
      figures[`rate${s.rate}_p99Ms`] = Number(s.p99.toFixed(2));
      figures[`rate${s.rate}_unanswered`] = s.sent - s.answered;
      figures[`rate${s.rate}_lostEffects`] = s.lostEffects;
      figures[`rate${s.rate}_deferredShare`] = Number(s.deferredShare.toFixed(3));
    }
    return { rows, figures };
  },
};

async function runStep(
  t: Awaited<ReturnType<typeof startDiscordApp>>,
  people: EmuUser[],
  lessonId: string,
  rate: number,
  seconds: number,
  catalog: Parameters<typeof renderLesson>[1],
): Promise<StepFigures> {
  const lesson = catalog.get(lessonId);
  if (!lesson) throw new Error(`No lesson ${lessonId}`);
  const post = await t.adapter.post(channelRef(t.guild.id, t.channel.id), renderLesson(lesson, catalog, { lead: "Bench", withButtons: true }));
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
        sent.push(t.emulator.press(person, post.id, "Mark as done"));
      }
      if (sent.length >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await t.emulator.waitUntil(() => (sent.every((i) => i.callback) ? true : undefined), 15_000, "every callback").catch(() => undefined);
  const elapsed = (Math.max(...sent.map((i) => i.callback?.perf ?? 0)) - started) / 1000;
  const latencies = sent.flatMap((i) => (i.callback ? [i.callback.perf - i.dispatchedPerf] : [])).sort((a, b) => a - b);
  // Clicks still queued for the database finish before effects are counted.
  const completions = async () =>
    Number((await t.app.services.db.select({ n: count() }).from(lessonCompletions).where(eq(lessonCompletions.lessonId, lessonId)))[0]?.n ?? 0);
  let done = await completions();
  for (let waited = 0; done < clickers.size && waited < 30_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    done = await completions();
  }
  return {
    rate,
    sent: sent.length,
    answered: latencies.length,
    throughput: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lostEffects: clickers.size - done,
    deferredShare: sent.filter((i) => i.callback?.type === 5).length / sent.length,
  };
}
