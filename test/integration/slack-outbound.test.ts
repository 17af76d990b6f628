import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SlackAdapter } from "../../adapters/slack/adapter.js";
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH } from "../../adapters/slack/options.js";
import { TokenCipher } from "../../adapters/slack/token-cipher.js";
import { PermanentDeliveryError, RateLimitedError } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/logger.js";
import { textMessage } from "../../src/core/message.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";

const TEAM = "T5";

/** Outbound calls as a worker makes them: no receiver started, errors mapped for the job queue. */
describe("Slack outbound: limits and errors", () => {
  const emulator = new SlackEmulator({ limits: { perChannel: { perSecond: 1, burst: 1 } } });
  let adapter: SlackAdapter;
  const make = (token: string) =>
    new SlackAdapter({
      mode: { kind: "socket", appToken: "xapp-unused" },
      botToken: token,
      apiUrl: emulator.apiUrl,
      claims: { claim: async () => true },
      logger: silentLogger,
    });

  beforeAll(async () => {
    await emulator.start();
    emulator.addWorkspace(TEAM, "xoxb-five");
    emulator.addUser(TEAM, { id: "UONE", name: "One", tz: "Asia/Kolkata" });
    emulator.addUser(TEAM, { id: "UTWO", name: "Two", tz: "UTC" });
    emulator.addUser(TEAM, { id: "UBOT", name: "Robot", tz: "UTC", isBot: true });
    emulator.addChannel(TEAM, "CBUSY");
    emulator.addChannel(TEAM, "COLD");
    emulator.archiveChannel(TEAM, "COLD");
    adapter = make("xoxb-five");
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it("declares Slack's pace: about one message a second per channel", () => {
    expect(adapter.outboundLimits.perConversation).toMatchObject({ rate: 1, perMs: 1_000 });
  });

  it("turns a 429 into RateLimitedError with Retry-After, without retrying inside the client", async () => {
    await adapter.post(`slack:${TEAM}:CBUSY`, textMessage("one"));
    const error = await adapter.post(`slack:${TEAM}:CBUSY`, textMessage("two")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(emulator.callsTo("chat.postMessage").filter((c) => c.status === 429).length).toBe(1);
  });

  it("maps permanent refusals to PermanentDeliveryError, each tried once", async () => {
    const codeOf = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      return (error as PermanentDeliveryError).code;
    };
    expect(await codeOf(adapter.post(`slack:${TEAM}:CNOWHERE`, textMessage("x")))).toBe("channel_not_found");
    expect(await codeOf(adapter.post(`slack:${TEAM}:COLD`, textMessage("x")))).toBe("is_archived");
    expect(await codeOf(make("xoxb-wrong").post(`slack:${TEAM}:CBUSY`, textMessage("x")))).toBe("invalid_auth");
    expect(await codeOf(adapter.openDM(`slack:${TEAM}:UBOT`))).toBe("cannot_dm_bot");
    expect(emulator.callsTo("chat.postMessage").filter((c) => c.error === "channel_not_found").length).toBe(1);
  });

  it("describes a user with the timezone from users.info, and opens DMs and group DMs", async () => {
    expect(await adapter.getUser(`slack:${TEAM}:UONE`)).toEqual({ user: `slack:${TEAM}:UONE`, displayName: "One", timezone: "Asia/Kolkata", isBot: false });
    expect(await adapter.openDM(`slack:${TEAM}:UONE`)).toBe(`slack:${TEAM}:DUONE`);
    expect(await adapter.openGroupDM([`slack:${TEAM}:UTWO`, `slack:${TEAM}:UONE`])).toBe(`slack:${TEAM}:GUONEUTWO`);
  });
});

describe("the Slack app manifest", () => {
  const manifest = parse(readFileSync(new URL("../../adapters/slack/manifest.yaml", import.meta.url), "utf8"));

  it("asks for exactly the scopes the adapter uses and sends everything to the events path", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect(manifest.features.slash_commands[0].command).toBe("/mentor");
    for (const url of [
      manifest.features.slash_commands[0].url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      "app_home_opened",
      "app_uninstalled",
      "member_joined_channel",
      "tokens_revoked",
      "user_change",
    ]);
  });
});

describe("token encryption at rest", () => {
  const cipher = new TokenCipher("a".repeat(64));

  it("round-trips, never repeats a ciphertext, and refuses one moved to another workspace or altered", () => {
    const stored = cipher.encrypt("xoxb-secret", "T1");
    expect(stored).not.toContain("xoxb");
    expect(cipher.encrypt("xoxb-secret", "T1")).not.toBe(stored);
    expect(cipher.decrypt(stored, "T1")).toBe("xoxb-secret");
    expect(() => cipher.decrypt(stored, "T2")).toThrow();
    const altered = `${stored.slice(0, -4)}${stored.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    expect(() => cipher.decrypt(altered, "T1")).toThrow();
    expect(() => new TokenCipher("too-short")).toThrow(/32 bytes/);
  });
});
