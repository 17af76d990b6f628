import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { CommandEvent } from "../../src/core/events.js";
import { silentLogger } from "../../src/core/logger.js";
import { freshDatabase, freshRedis } from "../helpers/fresh.js";
import type { BenchSuite } from "./suite.js";
import { percentile } from "./suite.js";

const COMMANDS = ["help", "timezone", "lesson next", "progress", "lessons status", "nosuch", "admin run nothing", "lesson what-is-a-backend"];
const TOTAL = 20_000;
const IN_FLIGHT = 32;

/**
 * Commands parsed, permission-checked and answered through the core, with the real Postgres
 * behind it and no platform: the ceiling every adapter's throughput sits under.
 */
export const routerSuite: BenchSuite = {
  name: "router",
  description: "commands through the core (real Postgres, no platform)",
  async run() {
    const database = await freshDatabase("bench");
    const redis = freshRedis("bench");
    const app = await createApp(loadConfig({ DATABASE_URL: database.url, QUEUE_PREFIX: redis.prefix, PORT: "0" }), {
      logger: silentLogger,
      redis: redis.connection,
    });
    let peakRss = process.memoryUsage().rss;
    const latencies: number[] = [];
    let answered = 0;
    const event = (i: number): CommandEvent => ({
      kind: "command",
      text: COMMANDS[i % COMMANDS.length] as string,
      actor: { user: `bench:w1:u${i % 200}`, workspace: "bench:w1", displayName: `user${i % 200}`, platformAdmin: i % 10 === 0 },
      conversation: "bench:w1:c1",
      respond: {
        async reply() {
          answered++;
        },
      },
    });
    // Warm-up: member rows exist, code paths are compiled.
    for (let i = 0; i < 400; i++) await app.core.handle(event(i));
    answered = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < TOTAL) {
          const i = next++;
          const t0 = performance.now();
          await app.core.handle(event(i));
          latencies.push(performance.now() - t0);
          if (i % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await app.stop();
    await redis.cleanup();
    await database.drop();
    latencies.sort((a, b) => a - b);
    const perSecond = TOTAL / seconds;
    return {
      rows: [
        ["commands", String(TOTAL)],
        ["answered", String(answered)],
        ["commands per second", perSecond.toFixed(0)],
        ["p50 latency (ms)", percentile(latencies, 50).toFixed(2)],
        ["p99 latency (ms)", percentile(latencies, 99).toFixed(2)],
        ["peak RSS (MiB)", (peakRss / 2 ** 20).toFixed(1)],
      ],
      figures: {
        commands: TOTAL,
        answered,
        commandsPerSecond: Math.round(perSecond),
        p50Ms: Number(percentile(latencies, 50).toFixed(3)),
        p99Ms: Number(percentile(latencies, 99).toFixed(3)),
        peakRssMiB: Number((peakRss / 2 ** 20).toFixed(1)),
      },
    };
  },
};
