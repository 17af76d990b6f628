import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { freshDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import type { ProcessRole, Ready, Request, StartMessage, Vitals } from "./interactions-process.js";
import type { LoadJob, LoadResult } from "./load-generator.js";
import { type BenchResult, type BenchSuite, percentile } from "./suite.js";

/**
 * "Mark as done" clicks (block_actions) as signed HTTP requests, offered at a rising rate (open
 * loop: a request leaves on schedule whether or not earlier ones were answered), to the bot as
 * deployed: a `web` process that verifies, acknowledges and queues, and a `worker` process that
 * looks the person up, records the completion in Postgres and answers through the response_url.
 * The same load goes to a bare Bolt app that only acknowledges, in its own process too, as the
 * ceiling to compare with. The emulator (users.info, response_url) and the measuring run here;
 * the load comes from a generator process of its own.
 * Beside what the sender saw, the acknowledging process reports each step's latency from a
 * request's arrival in it to its answer, its CPU per ack and its event-loop lag: on a shared
 * machine, the gap between the sender's and the process's latency is time spent waiting for a CPU.
 * Lost effects: clicks acknowledged 200 whose completion row or answer never appeared.
 */
const RATES = process.env.BENCH_RATES ? process.env.BENCH_RATES.split(",").map(Number) : [250, 500, 1_000, 1_500, 2_000, 3_000, 4_000];
const STEP_MS = 4_000;
const USERS = 1_000;
const TEAM = "TBENCH";
const CHANNEL = "CBENCH";
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench";
const DRAIN_MS = 90_000;
const WARM_UP = { rate: 200, ms: 2_500 };

export const interactionsSuite: BenchSuite = {
  name: "interactions",
  description: "signed button clicks to a web process handing off to a worker process, against a bare Bolt app",
  run: runInteractions,
};

interface StepFigures {
  rate: number;
  sent: number;
  acked: number;
  failed: number;
  failures: Record<string, number>;
  ackedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** How late the load generator sent, p99: its own lag is in every latency it measures. */
  senderLateP99Ms: number;
  /** The acknowledging process during the step. */
  acker: Vitals;
  /** Clicks fully handled (row written) per second, from the step's start until its backlog drained. */
  handledPerSec?: number;
  drainSeconds?: number;
  /** The worker process, from the step's start until its backlog drained. */
  worker?: Vitals;
}

async function runInteractions(): Promise<BenchResult> {
  const emulator = new SlackEmulator({ limits: { tierScale: 100 } });
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, TOKEN);
  emulator.addChannel(TEAM, CHANNEL);
  for (let u = 0; u < USERS; u++) emulator.addUser(TEAM, { id: userId(u), name: `User ${u}`, tz: "Europe/Berlin" });
  const database = await freshDatabase("bench");
  const redis = freshRedis("bench");
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: redis.prefix,
    PORT: "0",
    SLACK_API_URL: apiUrl,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
  };
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const processes: BenchProcess[] = [];
  const load = new LoadGenerator();
  try {
    // The web process migrates the database; the worker starts once it has.
    const web = await BenchProcess.start("web", env);
    processes.push(web);
    const worker = await BenchProcess.start("worker", env);
    processes.push(worker);
    const bare = await BenchProcess.start("bare", env);
    processes.push(bare);
    const { lessonIds } = web.ready;
    const clicks = (WARM_UP.rate * WARM_UP.ms) / 1_000 + RATES.reduce((n, rate) => n + (rate * STEP_MS) / 1_000, 0);
    if (lessonIds.length * USERS < clicks) {
      throw new Error("Too few lessons for every click to name a new (person, lesson) pair");
    }
    const botUrl = `http://127.0.0.1:${web.ready.port}/slack/events`;
    const bareUrl = `http://127.0.0.1:${bare.ready.port}/slack/events`;
    const bareClick = () => clickBody(emulator, userId(0), "x");
    let sequence = 0;
    let failed = 0;
    const click = () => {
      const i = sequence++;
      const lesson = lessonIds[Math.floor(i / USERS) % lessonIds.length] as string;
      return clickBody(emulator, userId(i % USERS), lesson);
    };
    const completions = async () => Number((await pool.query<{ n: string }>("select count(*) as n from lesson_completions")).rows[0]?.n);

    // Warm-up: JIT, connection pools, users.info answers cached, member rows created.
    await runStep(load, bare, bareUrl, 200, 1_000, bareClick);
    failed += (await runStep(load, web, botUrl, WARM_UP.rate, WARM_UP.ms, click)).failed;
    await drain(completions, () => sequence - failed);

    // The bare app first, while the bot is idle; then the bot, each step after the last one's
    // effects are done, so a step's figures belong to its rate and not to an earlier backlog.
    const bareSteps: StepFigures[] = [];
    for (const rate of RATES) bareSteps.push(await runStep(load, bare, bareUrl, rate, STEP_MS, bareClick));
    const botSteps: StepFigures[] = [];
    for (const rate of RATES) {
      const before = await completions();
      await worker.vitals();
      const step = await runStep(load, web, botUrl, rate, STEP_MS, click);
      failed += step.failed;
      const drained = await drain(completions, () => sequence - failed);
      step.handledPerSec = (drained.rows - before) / (step.seconds + drained.seconds);
      step.drainSeconds = drained.seconds;
      step.worker = await worker.vitals();
      botSteps.push(step);
    }
    // Every acknowledged click is answered once through its response_url.
    const expectedAnswers = sequence - failed;
    await waitFor(async () => emulator.callsTo("response_url").length >= expectedAnswers, DRAIN_MS);
    const answers = emulator.callsTo("response_url").filter((c) => c.ok).length;
    // Every click names a distinct (person, lesson) pair, so each acknowledged click is one row.
    const rows = await completions();
    return report(botSteps, bareSteps, { lostRows: Math.max(0, expectedAnswers - rows), lostAnswers: Math.max(0, expectedAnswers - answers), answers });
  } finally {
    load.stop();
    for (const child of processes.reverse()) await child.stop();
    await pool.end();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  }
}

/** A forked bench process (interactions-process.ts): started with its role, asked for its vitals, stopped. */
class BenchProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static async start(role: ProcessRole, env: Record<string, string>): Promise<BenchProcess> {
    // BENCH_CPU_PROF=dir: each process writes a V8 CPU profile there when it stops.
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/${role}`] : [];
    const child = fork(fileURLToPath(new URL("./interactions-process.ts", import.meta.url)), [], { execArgv: ["--import", "tsx", ...profile] });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once("message", (message) => resolve(message as Ready));
      child.once("exit", (code) => reject(new Error(`bench ${role} process exited (${code}) before it was ready`)));
      const start: StartMessage = { role, env };
      child.send(start);
    });
    child.removeAllListeners("exit");
    return new BenchProcess(child, ready);
  }

  vitals(): Promise<Vitals> {
    return this.ask({ kind: "vitals" }) as Promise<Vitals>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.ask({ kind: "stop" });
    await exited;
  }

  private ask(request: Request): Promise<unknown> {
    return new Promise((resolve) => {
      this.child.once("message", resolve);
      this.child.send(request);
    });
  }
}

function report(bot: StepFigures[], bare: StepFigures[], lost: { lostRows: number; lostAnswers: number; answers: number }): BenchResult {
  const best = (steps: StepFigures[]) => Math.max(...steps.map((s) => s.ackedPerSec));
  const at1000 = bot.find((s) => s.rate === 1_000);
  const ms = (n: number) => n.toFixed(1);
  const rows: [string, string][] = [
    [
      "machine",
      `${availableParallelism()} cores, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" ")}`,
    ],
  ];
  // Per ack: what the sender saw, what the acknowledging process saw, and what it cost that process.
  const acks = (step: StepFigures) =>
    `acked ${step.ackedPerSec.toFixed(0)}/s, ack p50 ${ms(step.p50Ms)} p99 ${ms(step.p99Ms)} ms (in process p50 ${ms(step.acker.serverP50Ms)} ` +
    `p99 ${ms(step.acker.serverP99Ms)} ms, ${((step.acker.cpuMs / Math.max(1, step.acker.requests)) * 1_000).toFixed(0)} µs CPU each, ` +
    `loop lag p99 ${ms(step.acker.loopP99Ms)} max ${ms(step.acker.loopMaxMs)} ms), ${step.failed} failed${step.failed > 0 ? ` (${JSON.stringify(step.failures)})` : ""}, sender late p99 ${ms(step.senderLateP99Ms)} ms`;
  for (const [i, step] of bot.entries()) {
    const b = bare[i] as StepFigures;
    const work = step.worker as Vitals;
    rows.push(
      [`${step.rate}/s offered, bot`, acks(step)],
      [
        `${step.rate}/s offered, bot worker`,
        `handled ${step.handledPerSec?.toFixed(0)}/s (backlog done ${step.drainSeconds?.toFixed(1)} s after the step), ` +
          `${((work.cpuMs / Math.max(1, step.acked)) * 1_000).toFixed(0)} µs worker CPU per click`,
      ],
      [`${step.rate}/s offered, bare`, acks(b)],
    );
  }
  const ratio = best(bot) / best(bare);
  rows.push(
    ["bot acked (best step)", `${best(bot).toFixed(0)}/s`],
    ["bare Bolt acked (best step)", `${best(bare).toFixed(0)}/s`],
    ["bot / bare", `${(ratio * 100).toFixed(0)}% (target ≥ 60%)`],
    ["bot p99 ack at 1,000/s", `${at1000?.p99Ms.toFixed(1)} ms (target < 100)`],
    ["answers sent (response_url)", String(lost.answers)],
    ["lost effects (rows / answers)", `${lost.lostRows} / ${lost.lostAnswers} (target 0)`],
  );
  const figures: Record<string, number> = {
    botBestPerSec: Math.round(best(bot)),
    bareBestPerSec: Math.round(best(bare)),
    ratioPct: Math.round(ratio * 100),
    botP99At1000Ms: round(at1000?.p99Ms ?? Number.NaN),
    lostRows: lost.lostRows,
    lostAnswers: lost.lostAnswers,
  };
  for (const step of bot)
    Object.assign(figures, {
      [`bot${step.rate}P50Ms`]: round(step.p50Ms),
      [`bot${step.rate}P99Ms`]: round(step.p99Ms),
      [`bot${step.rate}PerSec`]: Math.round(step.ackedPerSec),
      [`bot${step.rate}HandledPerSec`]: Math.round(step.handledPerSec ?? 0),
    });
  for (const step of bare)
    Object.assign(figures, {
      [`bare${step.rate}P50Ms`]: round(step.p50Ms),
      [`bare${step.rate}P99Ms`]: round(step.p99Ms),
      [`bare${step.rate}PerSec`]: Math.round(step.ackedPerSec),
    });
  return { rows, figures };
}

/** The load-generator process, forked once for the whole run. */
class LoadGenerator {
  private readonly child = fork(fileURLToPath(new URL("./load-generator.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });

  offer(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve) => {
      this.child.once("message", (message) => resolve(message as LoadResult));
      this.child.send(job);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

/** Offers `rate` requests a second for `ms`; latency is until the whole ack arrived. */
async function runStep(load: LoadGenerator, target: BenchProcess, url: string, rate: number, ms: number, body: () => string): Promise<StepFigures> {
  const bodies = Array.from({ length: Math.round((rate * ms) / 1000) }, body);
  await target.vitals();
  const result = await load.offer({ url, rate, secret: SECRET, bodies });
  const acker = await target.vitals();
  const latencies = result.latencies.sort((a, b) => a - b);
  return {
    rate,
    sent: bodies.length,
    acked: latencies.length,
    failed: result.failed,
    failures: result.failures,
    ackedPerSec: latencies.length / result.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    seconds: result.seconds,
    senderLateP99Ms: result.lateP99Ms,
    acker,
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

/** Waits until every click acknowledged so far has its completion row (or DRAIN_MS pass); how long it took. */
async function drain(completions: () => Promise<number>, acked: () => number): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  await waitFor(async () => (await completions()) >= acked(), DRAIN_MS);
  return { rows: await completions(), seconds: (performance.now() - started) / 1000 };
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
