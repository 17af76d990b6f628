import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { Redis } from "ioredis";

export interface RedisHandle {
  /** A connection for BullMQ and the bot (maxRetriesPerRequest null, as BullMQ workers need). */
  connection: Redis;
  url: string;
  /** Set when this process started its own redis-server. */
  private: boolean;
  close(): Promise<void>;
}

export class RedisUnavailableError extends Error {}

/**
 * Connects to REDIS_URL. When nothing answers there and `redis-server` is on the PATH,
 * starts a private server for this process (data under DATA_DIR/redis) and stops it on exit,
 * so `npm start` works on a laptop with no setup.
 */
export async function connectRedis(url: string, dataDir: string): Promise<RedisHandle> {
  if (await answers(url)) return wrap(url, undefined);
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      `Nothing answers at REDIS_URL=${redactUrl(url)}. Start Redis (docker compose up -d redis, or install the redis-server package), or set REDIS_URL to a running Redis 7.`,
    );
  }
  const { url: privateUrl, child } = await startPrivateRedis(dataDir);
  return wrap(privateUrl, child);
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

function wrap(url: string, child: ChildProcess | undefined): RedisHandle {
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
