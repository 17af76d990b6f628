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
  /** Becomes `name` (`/as name`), types each line, and returns everything printed since the last `take`. */
  as(name: string, ...lines: string[]): Promise<string>;
  /** Everything the console printed since the last `take`. */
  take(): string;
  /** Sends keys to the console's input as a terminal would (with `terminal: true`: raw key presses, "\r" for Enter, "\x03" for Ctrl-C). */
  keys(data: string): void;
  /** Everything printed so far and not yet taken, once it contains `text` (waits up to 10 s). */
  until(text: string): Promise<string>;
  /** True once the console's input ended (/quit, Ctrl-D, a second Ctrl-C): what makes `npm start` stop. */
  inputEnded(): boolean;
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
    /** The console as a person at a terminal sees it: a prompt, readline keys, ANSI styles. */
    terminal?: boolean;
    /** A database shared with another app, e.g. the same bot restarted (its owner drops it); by default a fresh one. */
    database?: FreshDatabase;
  } = {},
): Promise<TestApp> {
  const database: FreshDatabase = options.database ?? (await freshMigratedDatabase());
  const redis: FreshRedis = options.redis ?? freshRedis();
  let now = options.now ?? new Date();
  const input = new PassThrough();
  const output = new PassThrough();
  if (options.terminal) {
    // What readline asks of a terminal: that it is one, raw mode, and its width.
    Object.assign(input, { isTTY: true, setRawMode: () => input });
    Object.assign(output, { isTTY: true, columns: 80 });
  }
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  let ended = false;
  const consoleAdapter = new ConsoleAdapter({
    onInputEnd: () => {
      ended = true;
    },
    input,
    output,
    firstUser: "you",
    filesDir: mkdtempSync(path.join(tmpdir(), "mentor-files-")),
    ...(options.terminal ? { interactive: true, style: "ansi" as const } : {}),
  });
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
    async as(name, ...lines) {
      for (const line of [`/as ${name}`, ...lines]) await consoleAdapter.handleInput(line);
      const shown = printed;
      printed = "";
      return shown;
    },
    inputEnded: () => ended,
    keys(data) {
      input.write(data);
    },
    async until(text) {
      for (let waited = 0; !printed.includes(text); waited += 20) {
        if (waited > 10_000) throw new Error(`The console never printed ${JSON.stringify(text)}; it printed:\n${printed}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const shown = printed;
      printed = "";
      return shown;
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
      if (!options.database) await database.drop();
    },
  };
}
