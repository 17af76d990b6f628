import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisHandle } from "../../jobs/redis.js";
import { TEST_REDIS_URL } from "../helpers/fresh.js";
import { capturingLogger } from "../helpers/log-capture.js";
import { PrivateRedis } from "../helpers/private-servers.js";

/** A port where nothing answers. */
const NOWHERE = "redis://127.0.0.1:1";

describe("connecting to Redis: a private server only for `npm start`, otherwise wait", () => {
  const handles: RedisHandle[] = [];
  afterAll(async () => {
    for (const handle of handles) await handle.close();
  });
  const dataDir = () => mkdtempSync(path.join(tmpdir(), "redis-connect-"));

  it("role all with no REDIS_URL: starts a private redis-server when nothing answers locally, and stops it on close", async () => {
    const handle = await connectRedis({ url: undefined, localUrl: NOWHERE, role: "all", dataDir: dataDir(), logger: capturingLogger().logger });
    expect(handle.private).toBe(true);
    expect(await handle.connection.ping()).toBe("PONG");
    await handle.close();
  });

  it("role all with no REDIS_URL: uses the local Redis when it answers", async () => {
    const handle = await connectRedis({ url: undefined, localUrl: TEST_REDIS_URL, role: "all", dataDir: dataDir(), logger: capturingLogger().logger });
    handles.push(handle);
    expect(handle.private).toBe(false);
    expect(handle.url).toBe(TEST_REDIS_URL);
  });

  describe("Redis down where it is expected", () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await PrivateRedis.start();
    });
    afterAll(async () => {
      await redis.stop();
    });

    it.each([
      ["REDIS_URL set, role all", "all" as const, true],
      ["no REDIS_URL, role web", "web" as const, false],
      ["no REDIS_URL, role worker", "worker" as const, false],
    ])("%s: says it waits, starts no server of its own, and goes on once Redis answers", async (_name, role, set) => {
      await redis.down();
      const log = capturingLogger();
      // Asked again every 50 ms instead of every 2 s: the test waits for Redis, not for the schedule.
      const connecting = connectRedis({ url: set ? redis.url : undefined, localUrl: redis.url, role, dataDir: dataDir(), logger: log.logger, retryMs: 50 });
      await waitUntil(() => log.lines().some((line) => line.msg.startsWith(`Nothing answers at REDIS_URL=${redis.url}; waiting for it`)));
      await redis.up();
      const handle = await connecting;
      handles.push(handle);
      expect(handle.private).toBe(false);
      expect(handle.url).toBe(redis.url);
      expect(await handle.connection.ping()).toBe("PONG");
    });
  });
});

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
