// The canary's rollback criterion, as code: reads /metrics of the baseline and the canary twice,
// `--window` seconds apart, and compares their server-error ratios over that window.
//   node 7-ci/canary-check.js --baseline http://10.0.0.5:3000 --canary http://10.0.0.9:3000 --window 300
// Exit status: 0 promote, 1 roll back, 2 not enough traffic to judge yet.
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    baseline: { type: "string" },
    canary: { type: "string" },
    window: { type: "string", default: "300" },
    "min-requests": { type: "string", default: "200" },
  },
});
if (!values.baseline || !values.canary) {
  console.error("usage: node 7-ci/canary-check.js --baseline URL --canary URL [--window SECONDS] [--min-requests N]");
  process.exit(2);
}
const minRequests = Number(values["min-requests"]);

/** Requests and server errors (5xx) so far, over the routes users call. */
async function counts(/** @type {string} */ base) {
  const text = await (await fetch(new URL("/metrics", base))).text();
  let requests = 0;
  let errors = 0;
  for (const [, route, code, n] of text.matchAll(/^http_requests_total\{route="([^"]+)",code="(\d+)"\} (\d+)$/gm)) {
    if (route === "healthz" || route === "readyz" || route === "metrics") continue;
    requests += Number(n);
    if (code?.startsWith("5")) errors += Number(n);
  }
  return { requests, errors };
}

/**
 * What happened between two readings.
 * @param {{ requests: number, errors: number }} then
 * @param {{ requests: number, errors: number }} now
 */
function between(then, now) {
  const requests = now.requests - then.requests;
  const errors = now.errors - then.errors;
  return { requests, errors, ratio: requests > 0 ? errors / requests : 0 };
}

const [baseline0, canary0] = await Promise.all([counts(values.baseline), counts(values.canary)]);
await sleep(Number(values.window) * 1000);
const [baseline1, canary1] = await Promise.all([counts(values.baseline), counts(values.canary)]);
const baseline = between(baseline0, baseline1);
const canary = between(canary0, canary1);
const percent = (/** @type {number} */ r) => `${(r * 100).toFixed(2)}%`;
console.log(`baseline: ${baseline.requests} requests, ${baseline.errors} server errors (${percent(baseline.ratio)})`);
console.log(`canary:   ${canary.requests} requests, ${canary.errors} server errors (${percent(canary.ratio)})`);

// The criterion (CANARY.md): roll back when the canary's error ratio is over 0.5% and over twice
// the baseline's, on at least --min-requests canary requests, or sooner once 10 of them failed (a
// canary failing everything on little traffic must not wait). Promote only on enough requests.
const failsMore = canary.ratio > 0.005 && canary.ratio > 2 * baseline.ratio;
if (failsMore && (canary.requests >= minRequests || canary.errors >= 10)) {
  console.log("roll back: the canary fails more than twice as often as the baseline, and over 0.5%");
  process.exit(1);
}
if (canary.requests < minRequests) {
  console.log(`wait: ${canary.requests} canary requests, fewer than ${minRequests}; not enough to promote`);
  process.exit(2);
}
console.log("promote: the canary's error ratio is within the criterion");
