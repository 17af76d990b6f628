import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unmetExpectations } from "./lab-expect.js";
import { type StepProcess, startStep, waitUntilReady } from "./lab-process.js";
import { isRunStep, type Lab, type Need, PORT_VARIABLES } from "./lab-schema.js";
import { freePort, freshMongo, freshPostgres, type LabServices, type Provisioned, privateRedis } from "./lab-services.js";

export type LabStatus = "passed" | "failed" | "skipped";

export interface LabResult {
  lab: Lab;
  status: LabStatus;
  seconds: number;
  /** For a skip, the missing needs; for a failure, the step and what went wrong. */
  note: string;
  /** For a failure: the tail of the failing step's output. */
  output?: string;
}

export interface LabContext {
  services: LabServices;
  hasNeed(need: Need): Promise<boolean>;
  /** The curriculum folder the lab was loaded from, absolute; a lab reads files of the course (the project) through $CURRICULUM_DIR. */
  curriculumDir: string;
}

/**
 * Inherited settings that would point a lab at shared services instead of its own, and the
 * variables `npm run` sets (npm_config_local_prefix and the like), which would point a lab's own
 * npm commands at this repository instead of the lab's folder.
 */
const PRIVATE_ENV = /^(PG[A-Z]+|DATABASE_URL|REDIS_[A-Z_]+|MONGODB_URL|OTEL_[A-Z_]+|JAEGER_[A-Z_]+|PORT\d*|npm_\w+|INIT_CWD)$/;

class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

const tail = (text: string, lines = 15) => text.trimEnd().split("\n").slice(-lines).join("\n");

/**
 * Runs one lab in a fresh working directory with its own database, Redis and ports, step by step,
 * within its timeout; the first unmet expectation fails it. Everything it started is stopped and
 * removed afterwards, whatever happened.
 */
export async function runLab(lab: Lab, context: LabContext): Promise<LabResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const missing: Need[] = [];
  for (const need of lab.needs) if (!(await context.hasNeed(need))) missing.push(need);
  if (missing.length > 0) return { lab, status: "skipped", seconds: seconds(), note: `missing ${missing.join(", ")}` };

  const deadline = Date.now() + lab.timeout * 1000;
  const cwd = mkdtempSync(path.join(tmpdir(), "lab-"));
  const provisioned: Provisioned[] = [];
  const background: StepProcess[] = [];
  try {
    const env = await labEnvironment(lab, context, cwd, deadline, provisioned);
    for (const [index, step] of lab.steps.entries()) {
      const label = step.name ?? `step ${index + 1}`;
      if (!isRunStep(step)) {
        const target = path.join(cwd, step.file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, step.content);
        continue;
      }
      const running = startStep(step, cwd, env);
      if (step.background) {
        background.push(running);
        if (!step.ready) continue;
        const variable = step.port ?? "PORT";
        const port = Number(env[variable]);
        if (!(await waitUntilReady(running, step.ready, port, deadline))) {
          const why = running.exited() ? "exited before it answered" : `did not answer within the lab's ${lab.timeout} s`;
          throw new StepFailure(label, `${why} (${step.ready} on $${variable}, port ${port})`, running.output());
        }
        continue;
      }
      const outcome = await beforeDeadline(running.outcome, deadline);
      running.kill(); // what a foreground step leaves running is stopped with it
      if (!outcome) throw new StepFailure(label, `timed out: the lab's ${lab.timeout} s ran out during this step`, running.output());
      const unmet = unmetExpectations(outcome, step.exit, step.expect);
      if (unmet.length > 0) throw new StepFailure(label, unmet.join("; "), outcome.output);
    }
    return { lab, status: "passed", seconds: seconds(), note: "" };
  } catch (error) {
    if (error instanceof StepFailure) return { lab, status: "failed", seconds: seconds(), note: `${error.step}: ${error.message}`, output: tail(error.output) };
    return { lab, status: "failed", seconds: seconds(), note: `setting up: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    for (const leftover of background) leftover.kill();
    for (const resource of provisioned.reverse()) await resource.release().catch(() => {});
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The promise's value, or undefined once the deadline passes; the timer never outlives the race. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), undefined);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function labEnvironment(lab: Lab, context: LabContext, cwd: string, deadline: number, provisioned: Provisioned[]): Promise<NodeJS.ProcessEnv> {
  const { services } = context;
  const env: NodeJS.ProcessEnv = { PAGER: "cat", PSQL_PAGER: "cat", NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env)) if (!PRIVATE_ENV.test(key)) env[key] = value;
  env.CURRICULUM_DIR = path.resolve(context.curriculumDir);
  for (const variable of PORT_VARIABLES) env[variable] = String(await freePort());
  const add = async (resource: Promise<Provisioned> | Provisioned) => {
    const ready = await resource;
    provisioned.push(ready);
    Object.assign(env, ready.env);
  };
  if (lab.needs.includes("postgres")) await add(freshPostgres(services.postgresAdminUrl, lab.lesson));
  if (lab.needs.includes("redis")) await add(privateRedis(cwd, deadline));
  if (lab.needs.includes("mongodb")) await add(freshMongo(services.mongodbUrl, lab.lesson));
  if (lab.needs.includes("jaeger")) Object.assign(env, { JAEGER_URL: services.jaegerUrl, OTEL_EXPORTER_OTLP_ENDPOINT: services.otlpUrl });
  return env;
}
