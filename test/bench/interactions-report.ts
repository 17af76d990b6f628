import { availableParallelism, loadavg } from "node:os";
import type { Vitals } from "./interactions-process.js";
import type { BenchResult } from "./suite.js";

export interface StepFigures {
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
  /** Redis server CPU during the step (and, for the bot, until its backlog drained); Redis may serve others too. */
  redisCpuMs: number;
  /** The machine's 1-minute load average at the step's end. */
  load: number;
  /** Clicks fully handled (row written) per second, from the step's start until its backlog drained. */
  handledPerSec?: number;
  drainSeconds?: number;
  /** The worker process, from the step's start until its backlog drained. */
  worker?: Vitals;
  /** From a click's scheduled send to its answer reaching the response_url, p99 over the step's answered clicks. */
  answerP99Ms?: number;
}

/** One run: the bare app's steps, then the bot's at the same rates. */
export interface RunFigures {
  bot: StepFigures[];
  bare: StepFigures[];
}

export interface Lost {
  lostRows: number;
  lostAnswers: number;
  answers: number;
}

const ms = (n: number) => n.toFixed(1);
const us = (totalMs: number, count: number) => ((totalMs / Math.max(1, count)) * 1_000).toFixed(0);
const best = (steps: StepFigures[]) => Math.max(...steps.map((s) => s.ackedPerSec));
const ratioOf = (run: RunFigures) => best(run.bot) / best(run.bare);
const round = (n: number) => Number(n.toFixed(2));

/** Per ack: what the sender saw, what the acknowledging process saw, and what it cost that process and Redis. */
function acks(step: StepFigures): string {
  const failures = step.failed > 0 ? ` (${JSON.stringify(step.failures)})` : "";
  return (
    `acked ${step.ackedPerSec.toFixed(0)}/s, ack p50 ${ms(step.p50Ms)} p99 ${ms(step.p99Ms)} ms (in process p50 ${ms(step.acker.serverP50Ms)} ` +
    `p99 ${ms(step.acker.serverP99Ms)} ms, ${us(step.acker.cpuMs, step.acker.requests)} µs CPU each, ` +
    `loop lag p99 ${ms(step.acker.loopP99Ms)} max ${ms(step.acker.loopMaxMs)} ms), ${step.failed} failed${failures}, ` +
    `sender late p99 ${ms(step.senderLateP99Ms)} ms, load ${step.load.toFixed(1)}`
  );
}

function worker(step: StepFigures): string {
  const work = step.worker as Vitals;
  return (
    `handled ${step.handledPerSec?.toFixed(0)}/s (backlog done ${step.drainSeconds?.toFixed(1)} s after the step), ` +
    `${us(work.cpuMs, step.acked)} µs worker CPU per click, ${us(step.redisCpuMs, step.acked)} µs Redis CPU per click, load ${step.load.toFixed(1)}`
  );
}

/** The lowest, middle and highest of a few figures: "62% (61-65%)". */
function spread(values: number[], format: (n: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  return sorted.length === 1 ? format(median) : `${format(median)} median (${format(sorted[0] as number)}-${format(sorted.at(-1) as number)})`;
}

const cpuPerAck = (step: StepFigures) => step.acker.cpuMs / Math.max(1, step.acker.requests);

/**
 * Whether the bare app's best is its ceiling or just the top step's offered rate: a bare app that
 * acknowledged (nearly) every click of the top step could have taken more, and "bot / bare" then
 * compares the bot's ceiling with a floor of the bare app's.
 */
function bareCeiling(runs: RunFigures[]): string {
  const top = Math.max(...runs.flatMap((run) => run.bare.map((s) => s.rate)));
  const bareBest = Math.max(...runs.map((run) => best(run.bare)));
  if (bareBest < 0.98 * top) return `reached (${bareBest.toFixed(0)}/s, below the top step's ${top}/s)`;
  return `not reached: it acknowledged ${bareBest.toFixed(0)}/s of the top step's ${top}/s, so "bot / bare" overstates the bot (add higher steps with BENCH_RATES)`;
}

/** The bare app's CPU per ack over the web process's at one step: how much dearer a bot ack is, on any machine. */
function cpuPerAckRatio(runs: RunFigures[], rate: number, format: (n: number) => string): string {
  const ratios = runs.flatMap((run) => {
    const bot = run.bot.find((s) => s.rate === rate);
    const bare = run.bare.find((s) => s.rate === rate);
    return bot && bare ? [cpuPerAck(bare) / cpuPerAck(bot)] : [];
  });
  return ratios.length > 0 ? spread(ratios, format) : "not measured";
}

export function report(runs: RunFigures[], lost: Lost): BenchResult {
  const loads = loadavg().map((n) => n.toFixed(1));
  const rows: [string, string][] = [["machine", `${availableParallelism()} cores, load average ${loads.join(" ")} at the end`]];
  for (const [r, run] of runs.entries()) {
    const label = runs.length > 1 ? `run ${r + 1}, ` : "";
    for (const [i, step] of run.bot.entries()) {
      rows.push(
        [`${label}${step.rate}/s offered, bot`, acks(step)],
        [`${label}${step.rate}/s offered, bot worker`, worker(step)],
        [`${label}${step.rate}/s offered, bare`, acks(run.bare[i] as StepFigures)],
      );
    }
    rows.push([`${label}bot / bare`, `${(ratioOf(run) * 100).toFixed(0)}% (bot ${best(run.bot).toFixed(0)}/s, bare ${best(run.bare).toFixed(0)}/s)`]);
  }
  const pct = (n: number) => `${(n * 100).toFixed(0)}%`;
  const at = (rate: number) => runs.map((run) => run.bot.find((s) => s.rate === rate)).filter((s): s is StepFigures => s !== undefined);
  const atRate = (rate: number, figure: (s: StepFigures) => number, format: (n: number) => string) =>
    at(rate).length > 0 ? spread(at(rate).map(figure), format) : "not measured";
  const perClick = (n: number) => `${n.toFixed(0)} µs`;
  rows.push(
    [`bot / bare, ${runs.length} run(s)`, `${spread(runs.map(ratioOf), pct)} (target ≥ 60% on every run)`],
    ["bare app's ceiling", bareCeiling(runs)],
    ["CPU per ack, bare / web at 2,000/s", cpuPerAckRatio(runs, 2_000, pct)],
    [
      "bot p99 ack at 1,000/s",
      `${atRate(
        1_000,
        (s) => s.p99Ms,
        (n) => `${ms(n)} ms`,
      )} (target < 100)`,
    ],
    [
      "click-to-answer p99 at 1,000/s",
      `${atRate(
        1_000,
        (s) => s.answerP99Ms ?? Number.NaN,
        (n) => `${ms(n)} ms`,
      )} (target < 1,000)`,
    ],
    ["web CPU per ack at 1,000/s", atRate(1_000, (s) => cpuPerAck(s) * 1_000, perClick)],
    [
      "worker handled at 2,000/s",
      `${atRate(
        2_000,
        (s) => s.handledPerSec ?? 0,
        (n) => `${n.toFixed(0)}/s`,
      )} (target ≥ 1,500/s)`,
    ],
    ["worker CPU per click at 2,000/s", atRate(2_000, (s) => ((s.worker?.cpuMs ?? 0) / Math.max(1, s.acked)) * 1_000, perClick)],
    ["Redis CPU per click at 2,000/s", atRate(2_000, (s) => (s.redisCpuMs / Math.max(1, s.acked)) * 1_000, perClick)],
    ["answers sent (response_url)", String(lost.answers)],
    ["lost effects (rows / answers)", `${lost.lostRows} / ${lost.lostAnswers} (target 0)`],
  );
  return { rows, figures: figures(runs, lost) };
}

function figures(runs: RunFigures[], lost: Lost): Record<string, number> {
  const result: Record<string, number> = { runs: runs.length, lostRows: lost.lostRows, lostAnswers: lost.lostAnswers };
  for (const [r, run] of runs.entries()) {
    const p = runs.length > 1 ? `run${r + 1}` : "";
    Object.assign(result, {
      [`${p}botBestPerSec`]: Math.round(best(run.bot)),
      [`${p}bareBestPerSec`]: Math.round(best(run.bare)),
      [`${p}ratioPct`]: Math.round(ratioOf(run) * 100),
    });
    for (const step of run.bot)
      Object.assign(result, {
        [`${p}bot${step.rate}P50Ms`]: round(step.p50Ms),
        [`${p}bot${step.rate}P99Ms`]: round(step.p99Ms),
        [`${p}bot${step.rate}PerSec`]: Math.round(step.ackedPerSec),
        [`${p}bot${step.rate}HandledPerSec`]: Math.round(step.handledPerSec ?? 0),
        [`${p}bot${step.rate}AnswerP99Ms`]: round(step.answerP99Ms ?? Number.NaN),
        [`${p}bot${step.rate}WebCpuUsPerAck`]: Math.round((step.acker.cpuMs / Math.max(1, step.acker.requests)) * 1_000),
        [`${p}bot${step.rate}WorkerCpuUsPerClick`]: Math.round(((step.worker?.cpuMs ?? 0) / Math.max(1, step.acked)) * 1_000),
        [`${p}bot${step.rate}RedisCpuUsPerClick`]: Math.round((step.redisCpuMs / Math.max(1, step.acked)) * 1_000),
        [`${p}bot${step.rate}Load`]: round(step.load),
      });
    for (const step of run.bare)
      Object.assign(result, {
        [`${p}bare${step.rate}P50Ms`]: round(step.p50Ms),
        [`${p}bare${step.rate}P99Ms`]: round(step.p99Ms),
        [`${p}bare${step.rate}PerSec`]: Math.round(step.ackedPerSec),
        [`${p}bare${step.rate}CpuUsPerAck`]: Math.round((step.acker.cpuMs / Math.max(1, step.acker.requests)) * 1_000),
      });
  }
  return result;
}
