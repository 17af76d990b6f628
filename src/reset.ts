import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { DEFAULT_REDIS_URL, redactUrl } from "../jobs/redis.js";
import type { Config } from "./config.js";
import { counted } from "./core/text.js";
import { lockDataDir } from "./data-lock.js";
import { openDatabase } from "./db/connection.js";
import { queuePrefixOf } from "./db/installation.js";

/** A reset that must not run: said in one sentence, nothing removed. */
export class ResetRefused extends Error {}

export interface ResetReport {
  /** Rows of the embedded database, by what they are, before it was removed. */
  rows: Record<string, number>;
  files: number;
  privateRedis: boolean;
  /** Keys removed from a Redis server, or why none were. */
  redis: { removed: number; prefix: string; url: string } | { skipped: string };
}

/** What the report counts: the facts a person would miss. */
const COUNTED: [string, string, string][] = [
  ["workspaces", "workspace", "workspaces"],
  ["members", "member", "members"],
  ["lesson_completions", "lesson done", "lessons done"],
  ["quiz_answers", "quiz answer", "quiz answers"],
  ["pairs", "pair", "pairs"],
  ["checkins", "check-in", "check-ins"],
];

/**
 * `npm run reset`: clears the embedded data (DATA_DIR: PGlite, a private Redis's files, saved
 * attachments) and this installation's keys in Redis, together, so a fresh start never meets
 * jobs left by the old database. Only keys under QUEUE_PREFIX and this database's own namespace
 * are removed: other bots on the same Redis keep theirs. Refused while a bot uses DATA_DIR.
 */
export async function resetData(config: Config): Promise<ResetReport | undefined> {
  if (config.DATABASE_URL) {
    throw new ResetRefused(
      "DATABASE_URL is set, and npm run reset clears only the embedded database in DATA_DIR: drop that PostgreSQL database with your own tools. Nothing was removed.",
    );
  }
  if (!existsSync(config.DATA_DIR)) return undefined;
  const lock = lockDataDir(config.DATA_DIR);
  let connection: { redis: Redis; url: string } | { skipped: string } | undefined;
  try {
    connection = await connectRedis(config);
    const { rows, namespace } = await readDatabase(config.DATA_DIR);
    const redis =
      "skipped" in connection
        ? connection
        : namespace === undefined
          ? { skipped: "the database had no queue namespace yet" }
          : await removeKeys(connection.redis, connection.url, queuePrefixOf(config.QUEUE_PREFIX, namespace));
    const files = countFiles(path.join(config.DATA_DIR, "files"));
    const privateRedis = existsSync(path.join(config.DATA_DIR, "redis"));
    for (const entry of readdirSync(config.DATA_DIR)) {
      if (entry !== "mentor.lock") rmSync(path.join(config.DATA_DIR, entry), { recursive: true, force: true });
    }
    return { rows, files, privateRedis, redis };
  } finally {
    if (connection && "redis" in connection) connection.redis.disconnect();
    lock.release();
    // Empty now, unless something above failed: then it stays, with what is left in it.
    try {
      rmdirSync(config.DATA_DIR);
    } catch {}
  }
}

async function readDatabase(dataDir: string): Promise<{ rows: Record<string, number>; namespace: string | undefined }> {
  const rows: Record<string, number> = {};
  if (!existsSync(path.join(dataDir, "pglite"))) return { rows, namespace: undefined };
  const database = await openDatabase({ dataDir });
  try {
    const tables = await database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
    const present = new Set(tableRows<{ name: string }>(tables).map((t) => t.name));
    for (const [table] of COUNTED) {
      if (!present.has(table)) continue;
      const [row] = tableRows<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from ${sql.identifier(table)}`));
      rows[table] = row?.count ?? 0;
    }
    if (!present.has("installation")) return { rows, namespace: undefined };
    const [installation] = tableRows<{ namespace: string }>(await database.db.execute(sql`select queue_namespace as namespace from installation`));
    return { rows, namespace: installation?.namespace };
  } finally {
    await database.close();
  }
}

/** node-postgres answers with `.rows`, PGlite with the rows themselves. */
function tableRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/**
 * Connects to the Redis the bot used, before the embedded database is opened: opening and
 * closing PGlite keeps the event loop busy for a while, long enough to time a connection out.
 */
async function connectRedis(config: Config): Promise<{ redis: Redis; url: string } | { skipped: string }> {
  const url = config.REDIS_URL ?? DEFAULT_REDIS_URL;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return { redis, url };
  } catch {
    redis.disconnect();
    if (config.REDIS_URL) {
      throw new ResetRefused(
        `Nothing answers at REDIS_URL=${redactUrl(url)}, so this database's jobs there could not be removed with it: start that Redis and run npm run reset again. Nothing was removed.`,
      );
    }
    // REDIS_URL unset and nothing at 127.0.0.1:6379: the bot ran a private Redis, whose files are in DATA_DIR.
    return { skipped: `nothing answers at ${redactUrl(url)}` };
  }
}

async function removeKeys(redis: Redis, url: string, prefix: string): Promise<ResetReport["redis"]> {
  let removed = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== "0");
  return { removed, prefix, url: redactUrl(url) };
}

function countFiles(directory: string): number {
  if (!existsSync(directory)) return 0;
  return readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

/** The report in sentences: what was removed, with counts. */
export function describeReset(dataDir: string, report: ResetReport | undefined): string {
  if (!report) return `Nothing to reset: ${dataDir} does not exist.`;
  const rows = COUNTED.filter(([table]) => table in report.rows).map(([table, one, many]) => counted(report.rows[table] ?? 0, one, many));
  const parts = [
    rows.length > 0 ? `the embedded database (${rows.join(", ")})` : "no database",
    counted(report.files, "saved file"),
    ...(report.privateRedis ? ["the private Redis's files"] : []),
  ];
  const redis =
    "skipped" in report.redis
      ? `No Redis keys were removed: ${report.redis.skipped}.`
      : `Removed ${counted(report.redis.removed, "Redis key")} under ${report.redis.prefix}: at ${report.redis.url}; keys under other prefixes are untouched.`;
  return `Removed ${dataDir}: ${parts.join(", ")}.\n${redis}\nThe next npm start begins with an empty database.`;
}
