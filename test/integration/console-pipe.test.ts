import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCourse } from "../helpers/course.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { START_SCRIPT } from "../helpers/processes.js";

/** Runs `npm start` (scripts/start.mjs) as a real process with input from a pipe. */
function runBot(input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START_SCRIPT], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("the console platform through a pipe", () => {
  let database: FreshDatabase;
  let redis: FreshRedis;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await freshMigratedDatabase();
    redis = freshRedis();
    env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: redis.prefix, PORT: "0" };
  });
  afterAll(async () => {
    await redis.cleanup();
    await database.drop();
  });

  it("prints help, switches person, presses a button, fills a form, runs jobs, and exits 0", async () => {
    const script = [
      "/mentor help",
      "/mentor nosuch",
      "/as maria",
      "/mentor admin run lessons",
      "/as you",
      "/mentor lessons here 09:00",
      "/mentor admin run lessons",
      "/press 1",
      "/mentor profile",
      "Europe/Lisbon",
      "09:00-17:00",
      "",
      "",
      "/mentor progress",
    ].join("\n");
    const result = await runBot(`${script}\n`, env);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("/mentor lessons here [HH:MM] [days] [timezone]");
    expect(out).toContain(`I don't know the command "nosuch"`);
    expect(out).toContain("Only an admin of this workspace can run /mentor admin run");
    expect(out).toContain('You are now "maria"');
    // The lesson job ran before the process exited, and its button was pressed.
    const first = builtInCourse().tracks[0]?.lessons[0];
    expect(out).toContain(`== ${first?.title} ==`);
    expect(out).toContain(`Marked done: ${first?.title}`);
    expect(out).toContain("Profile saved. Your timezone is Europe/Lisbon.");
    expect(out).toMatch(/Your progress: 1 of \d+ lessons/);
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
  });

  it("stops the start with one line naming a wrong setting", async () => {
    const result = await runBot("", { ...env, PORT: "not-a-port" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("Setting PORT is invalid");
  });
});
