import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed once at start; every other module receives the
 * typed slice it needs. A wrong or missing setting stops the start with one line naming it.
 */
const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const timezoneSchema = z.string().refine(isValidTimezone, "is not an IANA timezone such as Europe/Berlin");

export const configSchema = z.object({
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** /metrics listens apart from PORT: on this address (127.0.0.1, this machine only, unless widened) and port. */
  METRICS_HOST: z.preprocess(emptyToUndefined, z.union([z.ipv4(), z.ipv6(), z.literal("localhost")]).default("127.0.0.1")),
  METRICS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(9464)),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString,
  DATABASE_URL: optionalString,
  /** Connections each process keeps to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().default("./.data"),
  /** Unset: 127.0.0.1:6379, or a private redis-server for `npm start` (role all) when nothing answers there. */
  REDIS_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w{}:-]+$/, "may hold letters, digits, _ - : { } only")
    .default("mentor"),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
  CURRICULUM_DIR: z.string().default("./curriculum"),
  DEFAULT_TIMEZONE: timezoneSchema.default("UTC"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  /** How long a worker holds a job before another may take it over (a dead worker's jobs wait this long). */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  CONSOLE_USER: z.string().min(1).max(40).default("you"),
  /** A pair that met within this many weeks gets a fit penalty when matched again. */
  PAIRING_COOLDOWN_WEEKS: z.coerce.number().int().min(0).max(104).default(12),
  /** 32 bytes, base64 or hex: encrypts OAuth tokens at rest (AES-256-GCM). */
  ENCRYPTION_KEY: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_ADMIN_ROLE: optionalString,
  DISCORD_API_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** The dashboard's public address (https://mentor.example.com): sign-in redirects and links. Unset: http://127.0.0.1:PORT. */
  DASHBOARD_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** Signs the dashboard's session cookie; at least 32 characters, the same on every web replica. Unset: a random one per process. */
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  /** How long a dashboard sign-in lasts. */
  SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** The dashboard sits behind a TLS proxy: trust its X-Forwarded-Proto/-For, so the session cookie is Secure. */
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.stringbool().default(false)),
  /** "Sign in with Slack" on the dashboard: the app's client id and secret (default: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET). */
  SLACK_SIGNIN_CLIENT_ID: optionalString,
  SLACK_SIGNIN_CLIENT_SECRET: optionalString,
  /** Discord OAuth2 client secret: "Sign in with Discord" on the dashboard. */
  DISCORD_CLIENT_SECRET: optionalString,
  /** Retire members who leave a Discord server: needs the Server Members Intent (privileged) switched on. */
  DISCORD_MEMBER_EVENTS: z.preprocess(emptyToUndefined, z.stringbool().default(false)),
  /** The first wait before an answer to a Discord interaction is sent again after a 5xx; it doubles each time, up to a minute. */
  DISCORD_WEBHOOK_RETRY_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(60_000).default(1_000)),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Where `npm start` and the npm scripts look for settings besides the environment. */
export const ENV_FILE = ".env";

/**
 * The environment with the settings of a .env file under it: a variable the environment sets
 * (even to "") wins over the file, as with `node --env-file` and docker compose. No file: the
 * environment alone.
 */
export function withEnvFile(env: Record<string, string | undefined>, file: string = ENV_FILE): Record<string, string | undefined> {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return env;
    throw new ConfigError(`Could not read the settings file ${file}: ${(error as Error).message}`);
  }
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  return { ...parseEnv(content), ...defined };
}

export function loadConfig(env: Record<string, string | undefined> = withEnvFile(process.env)): Config {
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((key) => [key, env[key]]));
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "setting");
    throw new ConfigError(`Setting ${name} is invalid: ${issue?.message ?? "unknown problem"} (got ${JSON.stringify(env[name] ?? null)}).`);
  }
  return parsed.data;
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
