import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackInstallations } from "../../drizzle/schema/index.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { textMessage } from "../../src/core/message.js";
import { eventually, SIGNING_SECRET, type SlackTestApp, startSlackTestApp } from "../emulators/slack/slack-test-app.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";

const NEW_TEAM = "T7";
const INSTALLER = "UOWNER";

describe("Slack multi-workspace install (OAuth) with encrypted tokens", () => {
  let t: SlackTestApp;
  let slack: WorkspaceDriver;
  beforeAll(async () => {
    t = await startSlackTestApp({
      env: {
        SLACK_BOT_TOKEN: "",
        SLACK_CLIENT_ID: "111.222",
        SLACK_CLIENT_SECRET: "client-secret",
        SLACK_STATE_SECRET: "state-secret",
        ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      },
      // Tokens expire within Bolt's 2-hour refresh window, so every use rotates them.
      emulator: { clientId: "111.222", clientSecret: "client-secret", rotateTokensEvery: 3_600 },
    });
    t.emulator.appRedirectUrl = `http://127.0.0.1:${t.port}/slack/oauth_redirect`;
    t.emulator.addUser(NEW_TEAM, { id: INSTALLER, name: "Owner", tz: "Pacific/Auckland", isAdmin: true });
    t.emulator.addChannel(NEW_TEAM, "CTEAM");
    slack = new WorkspaceDriver(t.emulator, { kind: "http", url: t.eventsUrl, signingSecret: SIGNING_SECRET }, NEW_TEAM);
  });
  afterAll(async () => {
    await t.close();
  });

  const rows = () => t.app.services.db.select().from(slackInstallations).where(eq(slackInstallations.teamId, NEW_TEAM));

  it("installs through /slack/install and the OAuth redirect, storing the token encrypted", async () => {
    t.emulator.prepareInstall(NEW_TEAM, INSTALLER);
    const start = await fetch(`http://127.0.0.1:${t.port}/slack/install`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const consent = await fetch(start.headers.get("location") as string, { redirect: "manual" });
    expect(consent.status).toBe(302);
    const done = await fetch(consent.headers.get("location") as string, { headers: { cookie }, redirect: "manual" });
    expect(done.status).toBe(200);
    const [row] = await rows();
    expect(row?.botUserId).toBe(`UBOT${NEW_TEAM}`);
    const issued = t.emulator.callsTo("oauth.v2.access")[0];
    expect(issued?.ok).toBe(true);
    expect(row?.secret).not.toContain("xoxb-");
    expect(row?.secret).not.toContain("xoxe-");
  });

  it("serves the new workspace with its own token, rotating it when it is about to expire", async () => {
    await slack.command(INSTALLER, "CTEAM", "timezone");
    await eventually(() => expect(t.emulator.messagesIn(NEW_TEAM, "CTEAM").at(-1)?.text).toContain("Pacific/Auckland"));
    expect(t.emulator.callsTo("oauth.v2.access").some((c) => c.params.grant_type === "refresh_token")).toBe(true);
    const ref = await t.app.services.adapters.for(`slack:${NEW_TEAM}:CTEAM`).post(`slack:${NEW_TEAM}:CTEAM`, textMessage("From a worker"));
    expect(t.emulator.message(NEW_TEAM, "CTEAM", ref.id)?.text).toBe("From a worker");
  });

  it("forgets the tokens when the app is uninstalled; later sends fail for good", async () => {
    const delivery = await slack.event({ type: "app_uninstalled" });
    expect(delivery.status).toBe(200);
    await eventually(async () => expect(await rows()).toEqual([]));
    const error = await t.app.services.adapters
      .for(`slack:${NEW_TEAM}:CTEAM`)
      .post(`slack:${NEW_TEAM}:CTEAM`, textMessage("too late"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
  });
});
