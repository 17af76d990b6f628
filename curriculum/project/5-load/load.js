// An open-loop load test: requests start on a fixed schedule whether or not earlier ones have
// answered, and each latency counts from the scheduled start, so a stall is not hidden by the
// generator waiting politely (coordinated omission).
//   node 5-load/load.js URL [--rate 200] [--duration 10] [--header "authorization: Bearer sk_..."]
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rate: { type: "string", default: "200" }, duration: { type: "string", default: "10" }, header: { type: "string", multiple: true, default: [] } },
});
const target = new URL(positionals[0] ?? "");
const rate = Number(values.rate);
const total = Math.round(rate * Number(values.duration));
const headers = Object.fromEntries(values.header.map((h) => [h.slice(0, h.indexOf(":")).trim(), h.slice(h.indexOf(":") + 1).trim()]));
// Up to 256 connections: if all are busy, requests wait for one, and that wait counts as latency.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** @type {number[]} */
const latencies = [];
/** @type {Map<string, number>} */
const outcomes = new Map();
const count = (/** @type {string} */ outcome) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

/** @param {number} scheduled */
function send(scheduled) {
  return new Promise((resolve) => {
    const req = http.get(target, { agent, headers, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => {
        latencies.push(performance.now() - scheduled);
        count(String(res.statusCode));
        resolve(undefined);
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => {
      count(error.message === "timeout" ? "timeout" : "connection error");
      resolve(undefined);
    });
  });
}

const start = performance.now();
const inFlight = [];
let lateStarts = 0;
for (let i = 0; i < total; i++) {
  const scheduled = start + (i * 1000) / rate;
  const wait = scheduled - performance.now();
  if (wait > 0) await sleep(wait);
  else if (wait < -10) lateStarts++; // this generator fell behind its own schedule
  inFlight.push(send(scheduled));
}
await Promise.all(inFlight);
const seconds = (performance.now() - start) / 1000;
agent.destroy();

latencies.sort((a, b) => a - b);
/** Nearest-rank percentile, in milliseconds. */
const pct = (/** @type {number} */ p) => (latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN).toFixed(1);
const statuses = [...outcomes].map(([outcome, n]) => `${outcome} x${n}`).join(", ");
console.log(`target      GET ${target.href} at ${rate}/s for ${values.duration} s (open loop)`);
console.log(`requests    ${total} sent, ${latencies.length} answered: ${statuses}`);
console.log(`throughput  ${(latencies.length / seconds).toFixed(1)}/s answered`);
console.log(`latency ms  p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${pct(100)}`);
if (lateStarts > 0) console.log(`warning     ${lateStarts} requests started over 10 ms late: the generator is short of CPU, so run it elsewhere`);
