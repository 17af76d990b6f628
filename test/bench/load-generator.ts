import { Agent, request } from "node:http";
import { signature } from "../emulators/slack/workspace-driver.js";

/**
 * Runs in its own process so the load it offers does not compete with the app's event loop:
 * sends each body at its scheduled instant (open loop), signed at send time, and reports
 * every acknowledgement's latency. One process serves every step of a run, as Slack keeps its
 * connections: warm code and open keep-alive connections, not a cold start in each step.
 */
export interface LoadJob {
  url: string;
  rate: number;
  secret: string;
  bodies: string[];
}

export interface LoadResult {
  latencies: number[];
  failed: number;
  /** Why requests failed: an HTTP status or a socket error code, with how often. */
  failures: Record<string, number>;
  seconds: number;
  /** How late requests left against their schedule, 99th percentile: this process's own lag. */
  lateP99Ms: number;
  /** When body 0 was due, as epoch milliseconds: body i was due `i * 1000 / rate` ms later. */
  startedAtMs: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function post(url: string, raw: string, secret: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(raw),
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(secret, ts, raw),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(raw);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const fail = (reason: string) => {
    failures[reason] = (failures[reason] ?? 0) + 1;
  };
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const late: number[] = [];
  for (const [i, raw] of job.bodies.entries()) {
    const due = started + (i * 1000) / job.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    late.push(Math.max(0, t0 - due));
    inFlight.push(
      post(job.url, raw, job.secret).then(
        (status) => {
          if (status === 200) latencies.push(performance.now() - t0);
          else fail(`HTTP ${status}`);
        },
        (error: NodeJS.ErrnoException) => fail(error.code ?? error.message),
      ),
    );
  }
  await Promise.all(inFlight);
  late.sort((a, b) => a - b);
  const failed = Object.values(failures).reduce((n, count) => n + count, 0);
  return {
    latencies,
    failed,
    failures,
    seconds: (performance.now() - started) / 1000,
    lateP99Ms: late[Math.floor(late.length * 0.99)] ?? 0,
    startedAtMs: performance.timeOrigin + started,
  };
}

// Forked by the suite: each job in over IPC, its result out; gone with the parent's channel.
process.on("message", (job: LoadJob) => {
  run(job).then((result) => process.send?.(result));
});
process.once("disconnect", () => {
  agent.destroy();
  process.exit(0);
});
