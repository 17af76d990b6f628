import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { buildBundle } from "../../scripts/bundle.mjs";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { freshDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { rssMb, treeCpuMs } from "./process-tree.js";
import type { BenchResult, BenchSuite } from "./suite.js";

/**
 * How long the bot takes to start, as a person and a deployment start it: `npm start` (the
 * console) on a data folder used before and on an empty one, and `node scripts/start.mjs` in
 * the `web` and `worker` roles (Slack over HTTP, against the emulator, on PostgreSQL). Each is
 * run RUNS times; the table shows the median and the spread. Beside every wall time, the CPU
 * (user + system) the process tree used until then: on a shared machine, wall time includes
 * waiting for a CPU, the CPU time does not.
 */
const RUNS = 3;
const ROOT = path.resolve(import.meta.dirname, "../..");
const BANNER = /Mentor bot console/;
const HELP_ANSWER = /What I can do/;
const STARTED = /mentor bot started/;
/** How long a web process idles after it is ready before its resident memory is read. */
const IDLE_MS = 3_000;

export const startupSuite: BenchSuite = {
  name: "startup",
  description: "time (and CPU) from the start command to the console banner, a first answer, and web/worker readiness",
  run: runStartup,
};

interface Sample {
  ms: number;
  cpuMs: number;
}

async function runStartup(): Promise<BenchResult> {
  const rebuildStarted = performance.now();
  await buildBundle();
  const rebuildMs = performance.now() - rebuildStarted;
  const redis = freshRedis("bench-startup");
  const dataDir = mkdtempSync(path.join(tmpdir(), "mentor-startup-"));
  const consoleEnv = { QUEUE_PREFIX: redis.prefix, REDIS_URL: TEST_REDIS_URL };
  const emulator = new SlackEmulator();
  const database = await freshDatabase("startup");
  try {
    // Restarts: the folder is made (database created and migrated, curriculum synced) once first.
    await runConsole({ ...consoleEnv, DATA_DIR: dataDir });
    const restart: Record<string, Sample[]> = { banner: [], answer: [] };
    for (let i = 0; i < RUNS; i++) pushAll(restart, await runConsole({ ...consoleEnv, DATA_DIR: dataDir }));
    const empty: Record<string, Sample[]> = { banner: [], answer: [] };
    for (let i = 0; i < RUNS; i++) {
      const fresh = mkdtempSync(path.join(tmpdir(), "mentor-startup-"));
      pushAll(empty, await runConsole({ ...consoleEnv, DATA_DIR: fresh }));
      rmSync(fresh, { recursive: true, force: true });
    }

    const apiUrl = await emulator.start();
    emulator.addWorkspace("TSTART", "xoxb-startup");
    const serverEnv = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: redis.prefix,
      PORT: "0",
      METRICS_PORT: "0",
      LOG_LEVEL: "info",
      SLACK_API_URL: apiUrl,
      SLACK_SIGNING_SECRET: "startup-secret",
      SLACK_BOT_TOKEN: "xoxb-startup",
    };
    // The first web start migrates the database and syncs the curriculum; the measured ones restart.
    await runServer("web", serverEnv, false);
    const web: Sample[] = [];
    const rss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await runServer("web", serverEnv, true);
      web.push(run.ready);
      rss.push(run.rssMb ?? Number.NaN);
    }
    const worker: Sample[] = [];
    for (let i = 0; i < RUNS; i++) worker.push((await runServer("worker", serverEnv, false)).ready);

    const rows: [string, string][] = [
      [
        "machine",
        `${availableParallelism()} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(" ")}`,
      ],
      ["runs each", `${RUNS}: median (min–max); CPU is user + system of the whole process tree`],
      ["bundle rebuild (stale sources)", `${seconds(rebuildMs)} s`],
      ["console restart: banner", line(restart.banner ?? [], "target 1.5 s")],
      ["console restart: /mentor help answered", line(restart.answer ?? [])],
      ["console empty folder: banner", line(empty.banner ?? [], "target 3 s")],
      ["console empty folder: /mentor help answered", line(empty.answer ?? [])],
      ["web ready (restart)", line(web, "target 1.5 s")],
      ["worker ready (restart)", line(worker, "target 1.5 s")],
      ["web idle RSS", `${median(rss).toFixed(0)} MB (${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)}), target < 150 MB`],
    ];
    const figures: Record<string, number> = { rebuildMs: Math.round(rebuildMs), webIdleRssMb: Math.round(median(rss)) };
    const named: [string, Sample[]][] = [
      ["restartBanner", restart.banner ?? []],
      ["restartAnswer", restart.answer ?? []],
      ["emptyBanner", empty.banner ?? []],
      ["emptyAnswer", empty.answer ?? []],
      ["webReady", web],
      ["workerReady", worker],
    ];
    for (const [name, samples] of named) {
      figures[`${name}Ms`] = Math.round(median(samples.map((s) => s.ms)));
      figures[`${name}CpuMs`] = Math.round(median(samples.map((s) => s.cpuMs)));
    }
    return { rows, figures };
  } finally {
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm start` with its input a pipe: the banner, then `/mentor help` answered, then input ends and it exits. */
async function runConsole(env: Record<string, string>): Promise<Record<"banner" | "answer", Sample>> {
  const child = spawnBot("npm", ["start", "--silent"], env);
  try {
    const banner = await child.waitFor(BANNER);
    child.process.stdin.write("/mentor help\n");
    const answer = await child.waitFor(HELP_ANSWER);
    child.process.stdin.end();
    await child.exited;
    return { banner, answer };
  } finally {
    child.process.kill("SIGKILL");
  }
}

/** A web or worker process until it logs that it started; for web, its memory once it has idled. */
async function runServer(role: "web" | "worker", env: Record<string, string>, measureRss: boolean): Promise<{ ready: Sample; rssMb?: number }> {
  const child = spawnBot(process.execPath, ["scripts/start.mjs"], { ...env, ROLE: role });
  try {
    const ready = await child.waitFor(STARTED);
    let rss: number | undefined;
    if (measureRss) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      rss = rssMb(child.process.pid as number);
    }
    child.process.kill("SIGTERM");
    await child.exited;
    return { ready, rssMb: rss };
  } finally {
    child.process.kill("SIGKILL");
  }
}

function spawnBot(command: string, args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child: ChildProcessWithoutNullStreams = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    process: child,
    exited,
    /** Polls often (5 ms) so that the figure is the output's time, not the poll's. */
    async waitFor(pattern: RegExp): Promise<Sample> {
      const deadline = Date.now() + 600_000;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`nothing matched ${pattern} within 600 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return { ms: performance.now() - started, cpuMs: treeCpuMs(child.pid as number) };
    },
  };
}

function pushAll(into: Record<string, Sample[]>, run: Record<string, Sample>): void {
  for (const [key, sample] of Object.entries(run)) into[key] = [...(into[key] ?? []), sample];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function line(samples: Sample[], target?: string): string {
  const spread = (values: number[]) => `${seconds(median(values))} s (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;
  const wall = spread(samples.map((s) => s.ms));
  const cpu = spread(samples.map((s) => s.cpuMs));
  return `${wall}, CPU ${cpu}${target ? `, ${target}` : ""}`;
}
