// Stage 7, CI and a canary: stage 6 with /readyz, /metrics, its version, and a graceful shutdown
// (operations.js). test/ is what CI runs, ci.yml the pipeline, CANARY.md the rollout plan.
import { serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "../3-auth/app.js";
import { limit, port, publicUrl } from "../3-auth/config.js";
import { slowClientLimits } from "../4-harden/slow-clients.js";
import { checkTarget } from "../4-harden/target-url.js";
import * as links from "../6-outbox/links.js";
import { createMetrics } from "./metrics.js";
import { drainOnSigterm, withOperations } from "./operations.js";

const pool = createPool();
const readiness = { ready: true };
const app = shortlinks({ pool, links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit });
const handler = withOperations(app, { metrics: createMetrics(), version: process.env.APP_VERSION ?? "dev", readiness });
const server = serve(handler, port, slowClientLimits);
drainOnSigterm(server, pool, readiness, Number(process.env.DRAIN_DELAY_MS ?? 5_000));
