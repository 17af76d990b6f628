// Stage 7: what a deploy needs from the service: /readyz for the load balancer, /metrics for the
// canary comparison, the version it runs, and a shutdown that finishes the requests in flight.
import { setTimeout as sleep } from "node:timers/promises";
import { sendJson } from "../1-run/http.js";
import { routeOf } from "./metrics.js";

/** @typedef {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, url: URL) => Promise<void>} Handler */
/** @typedef {{ method: string, route: string, status: number, seconds: number }} Answer */

/**
 * The app with /healthz, /readyz and /metrics in front; every answered request is counted.
 * @param {Handler} app
 * @param {object} options
 * @param {ReturnType<typeof import("./metrics.js").createMetrics>} options.metrics
 * @param {string} options.version
 * @param {{ ready: boolean }} options.readiness false while draining
 * @param {(answer: Answer) => void} [options.onAnswer] called as each response finishes
 * @returns {Handler}
 */
export function withOperations(app, { metrics, version, readiness, onAnswer }) {
  return async (req, res, url) => {
    const route = routeOf(req.method, url.pathname);
    const started = performance.now();
    res.on("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.observe(route, res.statusCode, seconds);
      onAnswer?.({ method: req.method ?? "", route, status: res.statusCode, seconds });
    });
    // Liveness: the process answers. Readiness: it should get traffic (not while draining).
    if (route === "healthz") return sendJson(res, 200, { status: "ok", version });
    if (route === "readyz") return sendJson(res, readiness.ready ? 200 : 503, { ready: readiness.ready, version });
    if (route === "metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      return void res.end(metrics.render(version));
    }
    return app(req, res, url);
  };
}

/**
 * On SIGTERM (a rollout or a scale-down): stop being ready, wait for the load balancer to notice,
 * then stop accepting connections, let the requests in flight finish, and close the pool.
 * @param {import("node:http").Server} server
 * @param {import("pg").Pool} pool
 * @param {{ ready: boolean }} readiness
 * @param {number} delayMs how long the load balancer takes to see /readyz fail
 */
export function drainOnSigterm(server, pool, readiness, delayMs) {
  process.once("SIGTERM", async () => {
    readiness.ready = false;
    console.log(`draining: not ready, closing in ${delayMs} ms`);
    await sleep(delayMs);
    // Requests still running after 10 s are cut off rather than holding the deploy.
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
    server.close(() => {
      pool.end().then(() => console.log("drained and closed"));
    });
  });
}
