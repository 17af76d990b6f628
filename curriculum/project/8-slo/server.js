// Stage 8, an SLO and its alert: stage 7 that also writes one JSON line per answered request to
// stdout, the access log that sli.js reads. SLO.md defines the SLO, alerts.yml alerts on it.
import { serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "../3-auth/app.js";
import { limit, port, publicUrl } from "../3-auth/config.js";
import { slowClientLimits } from "../4-harden/slow-clients.js";
import { checkTarget } from "../4-harden/target-url.js";
import * as links from "../6-outbox/links.js";
import { createMetrics } from "../7-ci/metrics.js";
import { drainOnSigterm, withOperations } from "../7-ci/operations.js";

const pool = createPool();
const readiness = { ready: true };
const app = shortlinks({ pool, links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit });
const handler = withOperations(app, {
  metrics: createMetrics(),
  version: process.env.APP_VERSION ?? "dev",
  readiness,
  // The route, not the path: the log never holds a short code or an API key.
  onAnswer: ({ method, route, status, seconds }) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), method, route, status, ms: Math.round(seconds * 10_000) / 10 })}\n`),
});
const server = serve(handler, port, slowClientLimits);
drainOnSigterm(server, pool, readiness, Number(process.env.DRAIN_DELAY_MS ?? 5_000));
