// Stage 7: request metrics in the Prometheus text format, kept in memory, served at /metrics.
// Labelled by route name, never by path: one series per short code would be millions of series.

/** Upper bounds of the latency buckets, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The route a request is for, as the app routes it.
 * @param {string | undefined} method
 * @param {string} path
 */
export function routeOf(method, path) {
  if (path === "/healthz" || path === "/readyz" || path === "/metrics") return path.slice(1);
  if (method === "POST" && path === "/links") return "create";
  if (method === "GET" && path === "/links") return "list";
  if (method === "GET" && /^\/links\/[^/]+$/.test(path)) return "stats";
  if (method === "GET" && /^\/[^/]+$/.test(path)) return "redirect";
  return "other";
}

export function createMetrics() {
  /** @type {Map<string, number>} `route code` -> requests */
  const requests = new Map();
  /** @type {Map<string, { buckets: number[], sum: number, count: number }>} route -> latency histogram */
  const latency = new Map();

  return {
    /**
     * @param {string} route
     * @param {number} status
     * @param {number} seconds
     */
    observe(route, status, seconds) {
      const key = `${route} ${status}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const histogram = latency.get(route) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      for (const [i, bound] of BUCKETS.entries()) if (seconds <= bound) histogram.buckets[i] = (histogram.buckets[i] ?? 0) + 1;
      histogram.sum += seconds;
      histogram.count += 1;
      latency.set(route, histogram);
    },

    /** @param {string} version */
    render(version) {
      const lines = [
        "# HELP shortlinks_build_info The running version.",
        "# TYPE shortlinks_build_info gauge",
        `shortlinks_build_info{version="${version}"} 1`,
        "# HELP http_requests_total Requests answered, by route and status code.",
        "# TYPE http_requests_total counter",
      ];
      for (const [key, n] of requests) {
        const [route, code] = key.split(" ");
        lines.push(`http_requests_total{route="${route}",code="${code}"} ${n}`);
      }
      lines.push("# HELP http_request_duration_seconds Time to answer, by route.", "# TYPE http_request_duration_seconds histogram");
      for (const [route, h] of latency) {
        for (const [i, bound] of BUCKETS.entries()) lines.push(`http_request_duration_seconds_bucket{route="${route}",le="${bound}"} ${h.buckets[i]}`);
        lines.push(`http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
        lines.push(`http_request_duration_seconds_sum{route="${route}"} ${h.sum}`, `http_request_duration_seconds_count{route="${route}"} ${h.count}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
