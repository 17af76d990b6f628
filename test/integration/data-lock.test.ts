import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirBusyError, lockDataDir } from "../../src/data-lock.js";
import { freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { SpawnedBot } from "../helpers/spawned-bot.js";

const newDataDir = () => mkdtempSync(path.join(tmpdir(), "mentor-data-"));
const lockFile = (dir: string) => path.join(dir, "mentor.lock");

/** A process that runs until killed, for a lock whose owner is alive. */
function liveProcess() {
  return spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

describe("one process per data folder (src/data-lock.ts)", () => {
  const redis = freshRedis("lock");
  const bots: SpawnedBot[] = [];
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await redis.cleanup();
  });

  it("a second `npm start` on the same .data refuses with a sentence naming the first process", async () => {
    const dataDir = newDataDir();
    const env = { DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: redis.prefix, PORT: "0", METRICS_PORT: "0" };
    const first = new SpawnedBot(env);
    bots.push(first);
    // The first holds the folder from before it opens the embedded database.
    const deadline = Date.now() + 50_000;
    while (!existsSync(lockFile(dataDir))) {
      if (!first.alive || Date.now() > deadline) throw new Error(`the first bot took no lock:\n${first.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const second = new SpawnedBot(env);
    bots.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr.trim()).toBe(`Another mentor bot (pid ${first.pid}) is using ${dataDir}: stop it first, or give this one its own DATA_DIR.`);
    expect(first.alive).toBe(true);
  });

  it("refuses a lock held by a live process, naming its pid", () => {
    const dataDir = newDataDir();
    const other = liveProcess();
    try {
      writeFileSync(lockFile(dataDir), `${other.pid}\n`);
      expect(() => lockDataDir(dataDir)).toThrow(
        new DataDirBusyError(`Another mentor bot (pid ${other.pid}) is using ${dataDir}: stop it first, or give this one its own DATA_DIR.`),
      );
      expect(readFileSync(lockFile(dataDir), "utf8").trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it("takes over a stale lock whose process is gone, and removes its own on release", async () => {
    const dataDir = newDataDir();
    writeFileSync(lockFile(dataDir), `${await deadPid()}\n`);
    const lock = lockDataDir(dataDir);
    expect(readFileSync(lockFile(dataDir), "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lockFile(dataDir))).toBe(false);
  });
});
