import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../adapters/console/adapter.js";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis } from "./fresh.js";
import { requirePort } from "./ports.js";

export interface TestApp {
  app: App;
  /** The HTTP server's port (/healthz, /readyz, /metrics). */
  port: number;
  console: ConsoleAdapter;
  /** Types a line into the console and waits until it has been handled. */
  type(line: string): Promise<void>;
  /** Everything the console printed since the last `take`. */
  take(): string;
  /** Moves the app's clock. */
  setNow(date: Date): void;
  close(): Promise<void>;
}

/** The whole app on a fresh database and Redis prefix, driven through the console adapter. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    now?: Date;
    workers?: boolean;
    /** A Redis prefix shared with another app (its owner cleans it up); by default a fresh one. */
    redis?: FreshRedis;
  } = {},
): Promise<TestApp> {
  const database: FreshDatabase = await freshMigratedDatabase();
  const redis: FreshRedis = options.redis ?? freshRedis();
  let now = options.now ?? new Date();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const consoleAdapter = new ConsoleAdapter({ input, output, firstUser: "you", filesDir: mkdtempSync(path.join(tmpdir(), "mentor-files-")) });
  const config = loadConfig({ DATABASE_URL: database.url, QUEUE_PREFIX: redis.prefix, PORT: "0", METRICS_PORT: "0", WORKER_CONCURRENCY: "4", ...options.env });
  // A shared prefix keeps its connection open for the next app; each app gets its own.
  const connection = options.redis ? redis.connection.duplicate() : redis.connection;
  connection.on("error", () => {});
  const app = await createApp(config, { logger: silentLogger, redis: connection, adapters: [consoleAdapter], now: () => now });
  const port = requirePort(await app.start(options.workers === false ? "web" : "all"));
  return {
    app,
    port,
    console: consoleAdapter,
    async type(line) {
      await consoleAdapter.handleInput(line);
    },
    take() {
      const text = printed;
      printed = "";
      return text;
    },
    setNow(date) {
      now = date;
    },
    async close() {
      await app.stop();
      if (options.redis) await connection.quit();
      else await redis.cleanup();
      await database.drop();
    },
  };
}
