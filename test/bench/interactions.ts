import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { freshDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import type { ProcessRole, Ready, Request, StartMessage, Vitals } from "./interactions-process.js";
import { type RunFigures, report, type StepFigures } from "./interactions-report.js";
import type { LoadJob, LoadResult } from "./load-generator.js";
import { type BenchResult, type BenchSuite, percentile } from "./suite.js";

/**
 * "Mark as done" clicks (block_actions) as signed HTTP requests, offered at a rising rate (open
 * loop: a request leaves on schedule whether or not earlier ones were answered), to the bot as
 * deployed: a `web` process that verifies, acknowledges and hands off, and a `worker` process that
 * looks the person up, records the completion in Postgres and answers through the response_url.
 * The same load goes to a bare Bolt app that only acknowledges, in its own process too, as the
 * ceiling to compare with. The emulator (users.info, response_url) and the measuring run here;
 * the load comes from a generator process of its own.
 * Beside what the sender saw, the acknowledging process reports each step's latency from a
 * request's arrival in it to its answer, its CPU per ack and its event-loop lag: on a shared
 * machine, the gap between the sender's and the process's latency is time spent waiting for a CPU.
 * CPU per ack and per handled click is the figure that a busier or slower machine changes least.
 * Lost effects: clicks acknowledged 200 whose completion row or answer never appeared.
 *
 * BENCH_RUNS=n (default 1) measures n runs, each the bare app's steps then the bot's, in the same
 * processes, and prints each run's ratio and their spread. BENCH_RATES=250,1000 picks the steps;
 * BENCH_CPU_PROF=dir has each process write a V8 CPU profile under dir/<role> when it stops.
 */
const RATES = process.env.BENCH_RATES ? process.env.BENCH_RATES.split(",").map(Number) : [250, 500, 1_000, 1_500, 2_000, 3_000, 4_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const STEP_MS = 4_000;
const TEAM = "TBENCH";
const CHANNEL = "CBENCH";
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench";
const DRAIN_MS = 90_000;
/** Warm-up: JIT, connection pools, and every person's users.info answer cached and member row made. */
const WARM_UP_RATE = 500;

export const interactionsSuite: BenchSuite = {
  name: "interactions",
  description: "signed button clicks to a web process handing off to a worker process, against a bare Bolt app",
  run: runInteractions,
};

async function runInteractions(): Promise<BenchResult> {
  const emulator = new SlackEmulator({ limits: { tierScale: 100 } });
  const apiUrl = await emulator.start();
  emulator.addWorkspace(TEAM, TOKEN);
  emulator.addChannel(TEAM, CHANNEL);
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
    // Every click names a new (person, lesson) pair, so each acknowledged click is one new row:
    // as many people as that takes, over the lessons that Mark as done records (not checkpoints).
    const { lessonIds } = web.ready;
    // Warm-up: each person marks a lesson no measured click names (the last one), so the steps find every member made.
    const warmUpLesson = lessonIds.pop() as string;
    const clicks = RUNS * RATES.reduce((n, rate) => n + (rate * STEP_MS) / 1_000, 0);
    const users = Math.ceil(clicks / lessonIds.length);
    for (let u = 0; u < users; u++) emulator.addUser(TEAM, { id: userId(u), name: `User ${u}`, tz: "Europe/Berlin" });
    const botUrl = `http://127.0.0.1:${web.ready.port}/slack/events`;
    const bareUrl = `http://127.0.0.1:${bare.ready.port}/slack/events`;
    const bareClick = () => clickBody(emulator, userId(0), "x");
    let sequence = 0;
    let failed = 0;
    const click = (lesson: (i: number) => string) => () => {
      const i = sequence++;
      return clickBody(emulator, userId(i % users), lesson(i));
    };
    const measuredClick = click((i) => lessonIds[Math.floor(i / users) % lessonIds.length] as string);
    const completions = async () => Number((await pool.query<{ n: string }>("select count(*) as n from lesson_completions")).rows[0]?.n);
    const redisCpu = new RedisCpu();

    await runStep(load, bare, bareUrl, 200, 1_000, bareClick, redisCpu);
    const warmUp = await runStep(
      load,
      web,
      botUrl,
      WARM_UP_RATE,
      (users / WARM_UP_RATE) * 1_000,
      click(() => warmUpLesson),
      redisCpu,
    );
    failed += warmUp.failed;
    await drain(completions, () => sequence - failed);
    [sequence, failed] = [0, 0];
    const warmUpRows = await completions();
    const runs: RunFigures[] = [];
    for (let r = 0; r < RUNS; r++) {
      // The bare app first, while the bot is idle; then the bot, each step after the last one's
      // effects are done, so a step's figures belong to its rate and not to an earlier backlog.
      const run: RunFigures = { bare: [], bot: [] };
      for (const rate of RATES) run.bare.push(await runStep(load, bare, bareUrl, rate, STEP_MS, bareClick, redisCpu));
      for (const rate of RATES) {
        const before = await completions();
        await worker.vitals();
        const step = await runStep(load, web, botUrl, rate, STEP_MS, measuredClick, redisCpu);
        failed += step.failed;
        const drained = await drain(completions, () => warmUpRows + sequence - failed);
        step.handledPerSec = (drained.rows - before) / (step.seconds + drained.seconds);
        step.drainSeconds = drained.seconds;
        step.worker = await worker.vitals();
        step.answerP99Ms = clickToAnswerP99(step, emulator);
        step.redisCpuMs += await redisCpu.since();
        step.load = loadavg()[0] as number;
        run.bot.push(step);
      }
      runs.push(run);
    }
    await redisCpu.close();
    // Every acknowledged click is answered once through its response_url.
    const expected = warmUpRows + sequence - failed;
    await waitFor(async () => emulator.callsTo("response_url").length >= expected, DRAIN_MS);
    const answers = emulator.callsTo("response_url").filter((c) => c.ok).length;
    const rows = await completions();
    return report(runs, { lostRows: Math.max(0, expected - rows), lostAnswers: Math.max(0, expected - answers), answers });
  } finally {
    load.stop();
    for (const child of processes.reverse()) await child.stop();
    await pool.end();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  }
}

/** Redis server CPU (user + system) used since the last reading: the hand-off's cost that neither process shows. */
class RedisCpu {
  private readonly connection = new Redis(TEST_REDIS_URL);
  private last: Promise<number> = this.read();

  async since(): Promise<number> {
    const [before, now] = [await this.last, await this.read()];
    this.last = Promise.resolve(now);
    return now - before;
  }

  close(): Promise<"OK"> {
    return this.connection.quit();
  }

  private async read(): Promise<number> {
    const info = await this.connection.info("cpu");
    const seconds = (name: string) => Number(info.match(new RegExp(`^${name}:([0-9.]+)`, "m"))?.[1] ?? 0);
    return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1_000;
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
async function runStep(
  load: LoadGenerator,
  target: BenchProcess,
  url: string,
  rate: number,
  ms: number,
  body: () => string,
  redisCpu: RedisCpu,
): Promise<StepFigures> {
  const bodies = Array.from({ length: Math.round((rate * ms) / 1000) }, body);
  await target.vitals();
  await redisCpu.since();
  const result = await load.offer({ url, rate, secret: SECRET, bodies });
  const acker = await target.vitals();
  const latencies = result.latencies.sort((a, b) => a - b);
  schedules.set(rate, { bodies, startedAtMs: result.startedAtMs });
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
    redisCpuMs: await redisCpu.since(),
    load: loadavg()[0] as number,
  };
}

/** The last step's bodies at each rate and when its schedule started: to time each click to its answer. */
const schedules = new Map<number, { bodies: string[]; startedAtMs: number }>();

/**
 * From each click's scheduled send (the load generator sends body i at its start plus i / rate) to
 * its answer arriving at the emulator's response_url, p99 over the step's answered clicks: what a
 * person waits for "Marked done", the ack, the hand-off and the worker included.
 */
function clickToAnswerP99(step: StepFigures, emulator: SlackEmulator): number {
  const schedule = schedules.get(step.rate);
  if (!schedule) return Number.NaN;
  const answeredAt = new Map(emulator.callsTo("response_url").map((call) => [call.path, call.at]));
  const waits: number[] = [];
  for (const [i, body] of schedule.bodies.entries()) {
    const payload = JSON.parse(new URLSearchParams(body).get("payload") ?? "{}") as { response_url?: string };
    const at = payload.response_url ? answeredAt.get(new URL(payload.response_url).pathname) : undefined;
    if (at !== undefined) waits.push(at - (schedule.startedAtMs + (i * 1000) / step.rate));
  }
  return percentile(
    waits.sort((a, b) => a - b),
    99,
  );
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
