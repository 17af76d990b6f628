import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { BOT_TOKEN, SIGNING_SECRET, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { SpawnedBot } from "../helpers/spawned-bot.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const TOKEN = "metrics-token-4c1d";

describe("what the HTTP listeners show, and to whom", () => {
  let console: TestApp;
  let slack: SlackTestApp;
  beforeAll(async () => {
    console = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
    slack = await startSlackTestApp();
  });
  afterAll(async () => {
    await console?.close();
    await slack?.close();
  });

  it("keeps /metrics off the public port, which serves /healthz and /readyz", async () => {
    for (const port of [console.port, slack.port]) {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    }
  });

  it("binds /metrics to 127.0.0.1 by default, and the console's public port too; a chat platform's public port to every interface", () => {
    expect(console.app.metricsHttp.address?.host).toBe("127.0.0.1");
    expect(slack.app.metricsHttp.address?.host).toBe("127.0.0.1");
    expect(console.app.http.address?.host).toBe("127.0.0.1");
    expect(slack.app.http.address?.host).toBe("0.0.0.0");
  });

  it("answers /metrics only to the bearer of METRICS_TOKEN when one is set", async () => {
    const url = `http://127.0.0.1:${console.app.metricsHttp.address?.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-xxxx" } })).status).toBe(401);
    const answer = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("mentor_commands_total");
    // Without a token, the loopback listener answers anyone on this machine.
    expect((await fetch(`http://127.0.0.1:${slack.app.metricsHttp.address?.port}/metrics`)).status).toBe(200);
  });
});

describe("a port in use at start", () => {
  let database: FreshDatabase;
  let redis: FreshRedis;
  let emulator: SlackEmulator;
  let taken: Server;
  let port: number;
  const bots: SpawnedBot[] = [];
  beforeAll(async () => {
    database = await freshMigratedDatabase("ports");
    redis = freshRedis("ports");
    emulator = new SlackEmulator();
    await emulator.start();
    emulator.addWorkspace(TEAM, BOT_TOKEN);
    // Another program holds a port on every interface, as a dev server on 3000 would.
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await new Promise((resolve) => taken.close(resolve));
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  });
  const start = (env: Record<string, string>) => {
    const bot = new SpawnedBot({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: redis.prefix, METRICS_PORT: "0", ...env });
    bots.push(bot);
    return bot;
  };

  it("the console says so in one sentence and goes on without HTTP", async () => {
    const bot = start({ PORT: String(port) });
    bot.type("/mentor help");
    await bot.waitFor(/What I can do/);
    expect(bot.alive).toBe(true);
    expect(bot.stderr).toContain(
      `Port ${port} is in use by another program, so the console runs without /healthz and /readyz; set PORT to a free port to have them.`,
    );
    expect(bot.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it("a web process with Slack stops with one sentence and no stack", async () => {
    const bot = start({ ROLE: "web", PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: emulator.apiUrl });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr.trim()).toBe(`Port ${port} (PORT) is in use by another program: stop it, or set PORT to a free port.`);
  });
});
