import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Prometheus metrics, one registry per app so tests and replicas never share counters. */
export interface Metrics {
  registry: Registry;
  commands: Counter<"command" | "outcome" | "reason">;
  errors: Counter<"kind">;
  jobDuration: Histogram<"job" | "outcome">;
  queueDepth: Gauge<"queue" | "state">;
}

export function createMetrics(collectQueueDepths?: () => Promise<Record<string, Record<string, number>>>): Metrics {
  const registry = new Registry();
  const commands = new Counter({
    name: "mentor_commands_total",
    help: "Commands handled, by command and outcome (ok, refused); a refusal also by its reason (the UserError code).",
    labelNames: ["command", "outcome", "reason"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: "mentor_errors_total",
    help: "Unexpected errors, by where they happened.",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: "mentor_job_duration_seconds",
    help: "Job processing time, by job name and outcome.",
    labelNames: ["job", "outcome"] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: "mentor_queue_depth",
    help: "Jobs per queue and state, read at scrape time.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      if (!collectQueueDepths) return;
      const depths = await collectQueueDepths().catch(() => ({}));
      for (const [queue, states] of Object.entries(depths)) {
        for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count);
      }
    },
  });
  return { registry, commands, errors, jobDuration, queueDepth };
}
