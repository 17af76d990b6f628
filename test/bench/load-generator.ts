import { Agent, request } from "node:http";
import { signature } from "../emulators/slack/workspace-driver.js";

/**
 * Runs in its own process so the load it offers does not compete with the app's event loop:
 * sends each body at its scheduled instant (open loop), signed at send time, and reports
 * every acknowledgement's latency.
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
  seconds: number;
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
  let failed = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const [i, raw] of job.bodies.entries()) {
    const wait = started + (i * 1000) / job.rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    inFlight.push(
      post(job.url, raw, job.secret).then(
        (status) => {
          if (status === 200) latencies.push(performance.now() - t0);
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failed, seconds: (performance.now() - started) / 1000 };
}

// Forked by the suite: one job in over IPC, one result out.
process.once("message", (job: LoadJob) => {
  run(job).then((result) => {
    agent.destroy();
    process.send?.(result, () => process.exit(0));
  });
});
