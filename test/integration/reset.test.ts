import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleAdapter } from "../../adapters/console/adapter.js";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { DataDirBusyError } from "../../src/data-lock.js";
import { describeReset, ResetRefused, resetData } from "../../src/reset.js";
import { type FreshRedis, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";

async function keysUnder(redis: FreshRedis, pattern: string): Promise<string[]> {
  return redis.connection.keys(pattern);
}

describe("npm run reset", () => {
  let redis: FreshRedis;
  let dataDir: string;
  const config = () => loadConfig({ DATA_DIR: dataDir, QUEUE_PREFIX: redis.prefix, REDIS_URL: TEST_REDIS_URL, PORT: "0", METRICS_PORT: "0" });

  beforeAll(async () => {
    redis = freshRedis("reset");
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), "mentor-reset-")), "data");
    // A real bot on embedded PGlite: a channel subscribed (a job scheduler in Redis), two people.
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const consoleAdapter = new ConsoleAdapter({ input, output, firstUser: "you" });
    const connection = redis.connection.duplicate();
    connection.on("error", () => {});
    const app = await createApp(config(), { logger: silentLogger, redis: connection, adapters: [consoleAdapter] });
    await app.start("all");
    for (const line of ["/mentor lessons here 09:00", "/as maria", "/mentor join mentee"]) await consoleAdapter.handleInput(line);
    await app.stop();
    await connection.quit();
  }, 120_000);
  afterAll(async () => {
    await redis.cleanup();
  });

  it("refuses while a bot uses the data folder, and removes nothing", async () => {
    const bot: ChildProcess = spawn("sleep", ["30"]);
    try {
      writeFileSync(path.join(dataDir, "mentor.lock"), `${bot.pid}\n`);
      await expect(resetData(config())).rejects.toThrow(DataDirBusyError);
      await expect(resetData(config())).rejects.toThrow(`Another mentor bot (pid ${bot.pid}) is using ${dataDir}`);
      expect(existsSync(path.join(dataDir, "pglite"))).toBe(true);
      expect((await keysUnder(redis, `${redis.prefix}:*`)).length).toBeGreaterThan(0);
    } finally {
      // Until its exit is reaped the pid still answers, and the next test would find the folder busy.
      const exited = once(bot, "exit");
      bot.kill();
      await exited;
    }
  });

  it("refuses with DATABASE_URL set: it clears only the embedded database", async () => {
    await expect(resetData({ ...config(), DATABASE_URL: "postgres://127.0.0.1/x" })).rejects.toThrow(ResetRefused);
  });

  it("removes the data folder and this database's Redis keys, only those, and says how many", async () => {
    mkdirSync(path.join(dataDir, "files"), { recursive: true });
    writeFileSync(path.join(dataDir, "files", "1-skills.png"), "png");
    const ours = await keysUnder(redis, `${redis.prefix}:*`);
    expect(ours.length).toBeGreaterThan(0);
    // Another database's namespace under the same prefix, and another prefix: neither is ours.
    await redis.connection.set(`${redis.prefix}:0000000000000000:lessons:id`, "1");
    await redis.connection.set(`${redis.prefix}-other:abc:lessons:id`, "1");
    const report = await resetData(config());
    expect(report?.rows).toEqual({ workspaces: 1, members: 2, lesson_completions: 0, quiz_answers: 0, pairs: 0, checkins: 0 });
    expect(report?.files).toBe(1);
    expect(report?.redis).toMatchObject({ removed: ours.length });
    expect(await keysUnder(redis, `${redis.prefix}:*`)).toEqual([`${redis.prefix}:0000000000000000:lessons:id`]);
    expect(await redis.connection.get(`${redis.prefix}-other:abc:lessons:id`)).toBe("1");
    await redis.connection.del(`${redis.prefix}-other:abc:lessons:id`);
    expect(existsSync(dataDir)).toBe(false);
    const said = describeReset(dataDir, report);
    expect(said).toContain(
      `Removed ${dataDir}: the embedded database (1 workspace, 2 members, 0 lessons done, 0 quiz answers, 0 pairs, 0 check-ins), 1 saved file.`,
    );
    expect(said).toContain(`Removed ${ours.length} Redis keys under ${redis.prefix}:`);
    expect(describeReset(dataDir, await resetData(config()))).toBe(`Nothing to reset: ${dataDir} does not exist.`);
  });
});
