import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenCipher } from "../../adapters/slack/token-cipher.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { createLogger } from "../../src/core/logger.js";
import { textMessage } from "../../src/core/message.js";
import { ADMIN, APP_TOKEN, BOT_TOKEN, CHANNEL, eventually, SIGNING_SECRET, type SlackTestApp, startSlackTestApp } from "../emulators/slack/slack-test-app.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";

/** Every line the app logs, at debug level, so a secret that slips into any log line is caught. */
function capturedLogger() {
  const stream = new PassThrough();
  let output = "";
  stream.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { logger: createLogger({ level: "debug", pretty: false, destination: stream }), output: () => output };
}

/** Slack token shapes: bot (xoxb), refresh (xoxe), app-level (xapp), user (xoxp). */
const ANY_SLACK_TOKEN = /xox[bepa]-|xapp-/;

const CLIENT_SECRET = "client-secret-9f3a1c";
const STATE_SECRET = "state-secret-77b2e0";
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const NEW_TEAM = "T9";
const INSTALLER = "UOWNER";

describe("secrets: Slack tokens encrypted at rest, never in the logs (OAuth install with token rotation)", () => {
  let t: SlackTestApp;
  let slack: WorkspaceDriver;
  const logs = capturedLogger();
  /** Every token the installation ever held, read back through the cipher. */
  const tokens = new Set<string>();

  beforeAll(async () => {
    t = await startSlackTestApp({
      logger: logs.logger,
      env: { SLACK_BOT_TOKEN: "", SLACK_CLIENT_ID: "111.222", SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, ENCRYPTION_KEY },
      emulator: { clientId: "111.222", clientSecret: CLIENT_SECRET, rotateTokensEvery: 3_600 },
    });
    t.emulator.appRedirectUrl = `http://127.0.0.1:${t.port}/slack/oauth_redirect`;
    t.emulator.addUser(NEW_TEAM, { id: INSTALLER, name: "Owner", tz: "Pacific/Auckland", isAdmin: true });
    t.emulator.addChannel(NEW_TEAM, "CTEAM");
    slack = new WorkspaceDriver(t.emulator, { kind: "http", url: t.eventsUrl, signingSecret: SIGNING_SECRET }, NEW_TEAM);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The raw row, as any database reader (a backup, a replica, a support query) would see it. */
  async function rawRows(): Promise<string[]> {
    const result = (await t.app.services.db.execute(sql`select row_to_json(s)::text as row from slack_installations s`)) as unknown as {
      rows: { row: string }[];
    };
    return result.rows.map((r) => r.row);
  }

  async function collectTokens(): Promise<void> {
    const cipher = new TokenCipher(ENCRYPTION_KEY);
    const rows = await t.app.services.db.query.slackInstallations.findMany();
    for (const row of rows) {
      const installation = JSON.parse(cipher.decrypt(row.secret, row.teamId)) as { bot?: { token?: string; refreshToken?: string } };
      for (const token of [installation.bot?.token, installation.bot?.refreshToken]) if (token) tokens.add(token);
    }
  }

  it("stores the installation with no token in clear", async () => {
    t.emulator.prepareInstall(NEW_TEAM, INSTALLER);
    const start = await fetch(`http://127.0.0.1:${t.port}/slack/install`, { redirect: "manual" });
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const consent = await fetch(start.headers.get("location") as string, { redirect: "manual" });
    const done = await fetch(consent.headers.get("location") as string, { headers: { cookie }, redirect: "manual" });
    expect(done.status).toBe(200);
    await collectTokens();
    expect([...tokens].some((token) => token.startsWith("xoxb-"))).toBe(true);
    expect([...tokens].some((token) => token.startsWith("xoxe-"))).toBe(true);
    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    for (const token of tokens) expect(rows[0]).not.toContain(token);
    expect(rows[0]).not.toMatch(ANY_SLACK_TOKEN);
  });

  it("rotates the token on use and keeps the new ones encrypted too", async () => {
    await slack.command(INSTALLER, "CTEAM", "timezone");
    await eventually(() => expect(t.emulator.messagesIn(NEW_TEAM, "CTEAM").at(-1)?.text).toContain("Pacific/Auckland"));
    await t.app.services.adapters.for(`slack:${NEW_TEAM}:CTEAM`).post(`slack:${NEW_TEAM}:CTEAM`, textMessage("From a worker"));
    const before = tokens.size;
    await collectTokens();
    expect(tokens.size).toBeGreaterThan(before);
    const rows = await rawRows();
    for (const token of tokens) expect(rows.join()).not.toContain(token);
  });

  it("logs a refused send and a failing command, still without any secret", async () => {
    const refused = await t.app.services.adapters
      .for(`slack:${NEW_TEAM}:CNOPE`)
      .post(`slack:${NEW_TEAM}:CNOPE`, textMessage("refused"))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    await slack.command(INSTALLER, "CTEAM", "progress");
    await slack.command(INSTALLER, "CTEAM", "no-such-command");
    await t.app.jobs.waitIdle(10_000);
    await collectTokens();
  });

  it("never wrote a token, the client secret, the state secret or the encryption key to the log", () => {
    const output = logs.output();
    expect(output.length).toBeGreaterThan(1_000);
    for (const secret of [...tokens, CLIENT_SECRET, STATE_SECRET, ENCRYPTION_KEY, SIGNING_SECRET]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(ANY_SLACK_TOKEN);
  });
});

describe("secrets: a single-workspace bot token and the app token never reach the logs", () => {
  let t: SlackTestApp;
  const logs = capturedLogger();
  beforeAll(async () => {
    t = await startSlackTestApp({ logger: logs.logger });
  });
  afterAll(async () => {
    await t.close();
  });

  it("runs commands, posts, a failing send and a bad signature, then scans the log", async () => {
    await t.slack.command(ADMIN, CHANNEL, "help");
    await t.slack.command(ADMIN, CHANNEL, "lessons here 09:00");
    await eventually(() => expect(t.emulator.callsTo("response_url").length).toBeGreaterThanOrEqual(2));
    await t.app.services.adapters
      .for("slack:T1:CMISSING")
      .post("slack:T1:CMISSING", textMessage("nowhere"))
      .catch(() => undefined);
    await fetch(t.eventsUrl, { method: "POST", headers: { "x-slack-signature": "v0=forged", "x-slack-request-timestamp": "1" }, body: "token=x" });
    await t.app.jobs.waitIdle(10_000);
    const output = logs.output();
    expect(output.length).toBeGreaterThan(1_000);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(ANY_SLACK_TOKEN);
  });
});
