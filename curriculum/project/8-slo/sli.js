// The redirect availability SLI from access logs, and the burn-rate alerts of SLO.md evaluated
// on them, at the time of the last line:
//   node 8-slo/sli.js access.log [more.log ...]      (or the log on stdin)
import { readFileSync } from "node:fs";

const SLO = 0.999;
const BUDGET = 1 - SLO;
const MINUTE = 60_000;
/** @type {Record<string, number>} */
const WINDOWS = { "5m": 5 * MINUTE, "30m": 30 * MINUTE, "1h": 60 * MINUTE, "6h": 360 * MINUTE, "3d": 4320 * MINUTE, "30d": 43_200 * MINUTE };
/** The Site Reliability Workbook's multi-window, multi-burn-rate alerts for a 30-day SLO. */
const ALERTS = [
  { severity: "page", long: "1h", short: "5m", burn: 14.4, spends: "2% of the budget in 1 hour" },
  { severity: "page", long: "6h", short: "30m", burn: 6, spends: "5% of the budget in 6 hours" },
  { severity: "ticket", long: "3d", short: "6h", burn: 1, spends: "10% of the budget in 3 days" },
];

const text =
  process.argv.length > 2
    ? process.argv
        .slice(2)
        .map((file) => readFileSync(file, "utf8"))
        .join("\n")
    : readFileSync(0, "utf8");
/** Redirects only: the SLI is what a visitor following a link sees. A 5xx is bad; anything else is good. */
const redirects = text
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line))
  .filter((entry) => entry.route === "redirect")
  .map((entry) => ({ at: Date.parse(entry.time), bad: entry.status >= 500 }));
if (redirects.length === 0) {
  console.log("no redirects in the log");
  process.exit(1);
}
const now = redirects.reduce((latest, r) => Math.max(latest, r.at), 0);
const first = redirects.reduce((earliest, r) => Math.min(earliest, r.at), now);

/** @param {string} window */
function burnRate(window) {
  const inWindow = redirects.filter((r) => r.at > now - (WINDOWS[window] ?? 0));
  const bad = inWindow.filter((r) => r.bad).length;
  const ratio = inWindow.length > 0 ? bad / inWindow.length : 0;
  return { requests: inWindow.length, bad, availability: 1 - ratio, burn: ratio / BUDGET };
}

console.log(`SLO: ${SLO * 100}% of redirects without a server error over 30 days; the log covers ${((now - first) / MINUTE).toFixed(1)} minutes`);
console.log("window  requests  errors  availability  burn rate");
for (const window of Object.keys(WINDOWS)) {
  const { requests, bad, availability, burn } = burnRate(window);
  // Like rate() in Prometheus, a window longer than the data is computed over the data there is.
  const partial = (WINDOWS[window] ?? 0) > now - first ? "  (longer than the log)" : "";
  console.log(
    `${window.padEnd(6)}  ${String(requests).padStart(8)}  ${String(bad).padStart(6)}  ${(availability * 100).toFixed(3).padStart(11)}%  ${burn.toFixed(1).padStart(9)}${partial}`,
  );
}
for (const alert of ALERTS) {
  const long = burnRate(alert.long).burn;
  const short = burnRate(alert.short).burn;
  const firing = long > alert.burn && short > alert.burn;
  console.log(`${alert.severity.padEnd(6)}  burn > ${alert.burn} over ${alert.long} and ${alert.short} (${alert.spends}): ${firing ? "FIRING" : "ok"}`);
}
