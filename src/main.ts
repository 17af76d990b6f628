import { ConsoleAdapter } from "../adapters/console/adapter.js";
import { RedisUnavailableError } from "../jobs/redis.js";
import { type App, createApp, type Role } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { PlatformUnavailableError } from "./core/adapter.js";
import { createLogger } from "./core/logger.js";
import { installCrashPolicy } from "./crash-policy.js";
import { DataDirBusyError } from "./data-lock.js";
import { PortInUseError } from "./http/server.js";
import { CurriculumError } from "./lessons/curriculum-loader.js";

/** How long the console waits, at the end of piped input, for the work it caused. */
const CONSOLE_DRAIN_MS = 30_000;

/**
 * Entry point. `npm start` runs every role in one process with the console platform when no
 * Slack or Discord credentials are set; `ROLE=web|worker` (or `--role`) runs one role.
 */
async function main(): Promise<void> {
  const loaded = loadConfig();
  const role = roleFromArgs() ?? loaded.ROLE;
  const config = { ...loaded, ROLE: role };
  const interactive = process.stdout.isTTY === true;
  // In the console, stdout is the conversation: logs go to stderr, quietly unless asked.
  const logger = createLogger({ level: config.LOG_LEVEL ?? "warn", pretty: interactive });

  let app: App | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      const timer = setTimeout(() => process.exit(code), config.SHUTDOWN_TIMEOUT_MS).unref();
      await app?.stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
      clearTimeout(timer);
      process.exit(code);
    })();
    return stopping;
  };
  installCrashPolicy(process, logger, stop);
  process.once("SIGTERM", () => void stop(0));
  process.once("SIGINT", () => void stop(0));

  const console = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    firstUser: config.CONSOLE_USER,
    filesDir: `${config.DATA_DIR}/files`,
    interactive: process.stdin.isTTY === true && interactive,
    style: interactive ? "ansi" : "plain",
    settle: process.stdin.isTTY ? undefined : () => app?.jobs.waitIdle(CONSOLE_DRAIN_MS) ?? Promise.resolve(),
    onInputEnd: () => {
      void (async () => {
        const drained = await app?.jobs.waitIdle(CONSOLE_DRAIN_MS);
        if (drained === false) logger.warn("input ended with work still pending after 30 s; stopping anyway");
        await stop(0);
      })();
    },
  });
  app = await createApp(config, { logger, fallbackAdapters: role === "worker" ? [] : [console] });
  // The platform adapter logged why; a supervisor sees the non-zero exit and restarts or alerts.
  app.onFatal(() => void stop(1));
  const port = await app.start(role);
  logger.info({ role, port, database: app.database.kind }, "mentor bot started");
}

function roleFromArgs(): Role | undefined {
  const index = process.argv.indexOf("--role");
  const value = index === -1 ? undefined : process.argv[index + 1];
  if (value === undefined) return undefined;
  if (value === "all" || value === "web" || value === "worker") return value;
  throw new ConfigError(`--role must be all, web or worker (got ${JSON.stringify(value)}).`);
}

main().catch((error: unknown) => {
  // Already logged, in one line, by the adapter that failed.
  if (error instanceof PlatformUnavailableError) process.exit(1);
  const known = [ConfigError, RedisUnavailableError, CurriculumError, PortInUseError, DataDirBusyError].some((kind) => error instanceof kind);
  process.stderr.write(`${known ? (error as Error).message : `Could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`);
  process.exit(1);
});
