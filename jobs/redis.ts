import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { Redis } from "ioredis";
import type { Logger } from "../src/core/logger.js";
import { type DataDirLock, lockDataDir } from "../src/data-lock.js";

export interface RedisHandle {
  /** A connection for BullMQ and the bot (maxRetriesPerRequest null, as BullMQ workers need). */
  connection: Redis;
  url: string;
  /** Set when this process started its own redis-server. */
  private: boolean;
  close(): Promise<void>;
}

export class RedisUnavailableError extends Error {}

/** Where Redis is looked for when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
/** How often a process waiting for Redis asks again (by default), and says again that it waits. */
const RETRY_MS = 2_000;
const REMIND_MS = 30_000;

export interface ConnectRedisOptions {
  /** REDIS_URL as set, or undefined when it is not. */
  url: string | undefined;
  /** The process's role: only `all` may start a private server. */
  role: "all" | "web" | "worker";
  dataDir: string;
  logger: Logger;
  /** Where an unset REDIS_URL looks: DEFAULT_REDIS_URL. */
  localUrl?: string;
  /** How often a process waiting for Redis asks again: RETRY_MS. */
  retryMs?: number;
}

/**
 * Connects to Redis. With REDIS_URL set, or in a `web` or `worker` process, Redis is a shared
 * server that may be down for a while (a restart, a failover): the process says so and waits
 * for it. Starting a private server there would split the queues in two. Only a process in role
 * `all` with no REDIS_URL (a laptop: `npm start`) falls back, when nothing answers at
 * 127.0.0.1:6379 and `redis-server` is on the PATH, to a private server under DATA_DIR/redis,
 * stopped when the process stops.
 */
export async function connectRedis(options: ConnectRedisOptions): Promise<RedisHandle> {
  const url = options.url ?? options.localUrl ?? DEFAULT_REDIS_URL;
  if (await answers(url)) return wrap(url, undefined);
  if (options.url !== undefined || options.role !== "all") return waitFor(url, options.logger, options.retryMs ?? RETRY_MS);
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      `Nothing answers at ${url}. Start Redis (docker compose up -d redis, or install the redis-server package), or set REDIS_URL to a running Redis 7.`,
    );
  }
  const lock = lockDataDir(options.dataDir);
  try {
    const { url: privateUrl, child } = await startPrivateRedis(options.dataDir);
    return wrap(privateUrl, child, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function waitFor(url: string, logger: Logger, retryMs: number): Promise<RedisHandle> {
  const started = Date.now();
  let remindAt = started;
  for (;;) {
    if (Date.now() >= remindAt) {
      const waited = Math.round((Date.now() - started) / 1000);
      logger.warn(`Nothing answers at REDIS_URL=${redactUrl(url)}${waited ? ` (waited ${waited} s)` : ""}; waiting for it, asking every ${retryMs / 1000} s.`);
      remindAt += REMIND_MS;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    if (await answers(url)) {
      logger.warn(`Redis at ${redactUrl(url)} answers; starting.`);
      return wrap(url, undefined);
    }
  }
}

export function createRedisConnection(url: string): Redis {
  const connection = new Redis(url, {
    maxRetriesPerRequest: null,
    // Keep retrying after a Redis restart; the process recovers without restarting itself.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  // Errors are reported through /readyz and the job system; an unhandled 'error' event would crash.
  connection.on("error", () => {});
  return connection;
}

function wrap(url: string, child: ChildProcess | undefined, lock?: DataDirLock): RedisHandle {
  const connection = createRedisConnection(url);
  return {
    connection,
    url,
    private: child !== undefined,
    async close() {
      await connection.quit().catch(() => connection.disconnect());
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      }
      lock?.release();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_500 });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

async function startPrivateRedis(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const directory = path.resolve(dataDir, "redis");
  mkdirSync(directory, { recursive: true });
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--maxmemory-policy", "noeviction", "--save", ""],
    { stdio: "ignore" },
  );
  // If this process dies without cleaning up, the private server must not outlive it.
  process.once("exit", () => child.kill("SIGTERM"));
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new RedisUnavailableError(`Started redis-server on port ${port} but it did not answer within 5 s.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}
