import { afterEach, describe, expect, it } from "vitest";
import { PermanentDeliveryError, RateLimitedError } from "../../src/core/adapter.js";
import { SlackLikeAdapter } from "../emulators/slack-like-adapter.js";
import { type SlackEmulatorOptions, SlackWebApiEmulator, SlackWebApiEmulatorThread } from "../emulators/slack-web-api.js";

/** The stand-in must refuse what Slack refuses, or the benchmark proves nothing. */
const TOKEN = "xoxb-test-T1";
const started: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.stop()));
});

/** An emulator on a clock the test moves by hand, so bucket refills are exact. */
async function emulatorAt(options: SlackEmulatorOptions = {}) {
  const clock = { ms: 1_000_000 };
  const emulator = new SlackWebApiEmulator({ tokens: { [TOKEN]: "T1" }, now: () => clock.ms, ...options });
  const url = await emulator.start();
  started.push(emulator);
  return { emulator, url, clock };
}

async function postMessage(url: string, body: Record<string, string>, token: string | null = TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL("chat.postMessage", url), { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

describe("Slack Web API emulator", () => {
  it("allows a burst of 3 in a channel, then answers 429 with Retry-After until a token refills", async () => {
    const { emulator, url, clock } = await emulatorAt();
    const timestamps = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await postMessage(url, { channel: "C1", text: `hello ${i}` });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, channel: "C1" });
      timestamps.add(String(answer.body.ts));
    }
    expect(timestamps.size).toBe(3);

    const limited = await postMessage(url, { channel: "C1", text: "one too many" });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ ok: false, error: "ratelimited" });
    expect(limited.retryAfter).toMatch(/^\d+$/);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);

    // Another channel has its own bucket; this one refills at 1 message a second.
    expect((await postMessage(url, { channel: "C2", text: "elsewhere" })).status).toBe(200);
    clock.ms += 1_000;
    expect((await postMessage(url, { channel: "C1", text: "after a second" })).status).toBe(200);
    expect((await postMessage(url, { channel: "C1", text: "too soon again" })).status).toBe(429);

    expect(emulator.stats).toMatchObject({ delivered: 5, deliveredChannels: 2, rejected429: 2, duplicates: 0 });
    expect(emulator.calls.filter((call) => call.status === 429).map((call) => call.channel)).toEqual(["C1", "C1"]);
  });

  it("caps a workspace across channels at its burst, then 10 a second", async () => {
    const { url, clock } = await emulatorAt();
    for (let i = 0; i < 10; i++) expect((await postMessage(url, { channel: `C${i}`, text: "hi" })).status).toBe(200);
    const limited = await postMessage(url, { channel: "C99", text: "hi" });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    clock.ms += 100;
    expect((await postMessage(url, { channel: "C99", text: "hi" })).status).toBe(200);
  });

  it("answers channel_not_found, invalid_auth and not_authed like Slack (HTTP 200, ok false)", async () => {
    const { emulator, url } = await emulatorAt();
    expect(await postMessage(url, { channel: "CGONE42", text: "anyone?" })).toMatchObject({ status: 200, body: { ok: false, error: "channel_not_found" } });
    expect(await postMessage(url, { channel: "C1", text: "hi" }, "xoxb-revoked")).toMatchObject({ status: 200, body: { ok: false, error: "invalid_auth" } });
    expect(await postMessage(url, { channel: "C1", text: "hi" }, null)).toMatchObject({ status: 200, body: { ok: false, error: "not_authed" } });
    expect(emulator.stats).toMatchObject({ delivered: 0, errors: 3, rejected429: 0 });
  });

  it("takes form-encoded bodies with the token in the body, and counts duplicates", async () => {
    const { emulator, url, clock } = await emulatorAt();
    const form = async () => {
      const response = await fetch(new URL("chat.postMessage", url), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: TOKEN, channel: "C7", text: "same text" }),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await form()).toMatchObject({ ok: true, channel: "C7" });
    clock.ms += 1_000;
    expect(await form()).toMatchObject({ ok: true });
    expect(emulator.stats).toMatchObject({ delivered: 2, deliveredChannels: 1, duplicates: 1 });
  });
});

describe("Slack-like bench adapter against the emulator", () => {
  it("maps 429 to RateLimitedError and refusals to PermanentDeliveryError", async () => {
    const { url } = await emulatorAt();
    const adapter = new SlackLikeAdapter({ apiUrl: url, tokens: { T1: TOKEN, T2: "xoxb-unknown" } });
    expect(adapter.outboundLimits).toEqual({ perConversation: { rate: 1, perMs: 1000, burst: 1 }, perWorkspace: { rate: 10, perMs: 1000, burst: 9 } });

    const sent = await adapter.post("slack:T1:C1", { text: "one" });
    expect(sent.conversation).toBe("slack:T1:C1");
    expect(sent.id).toMatch(/^\d+\.\d{6}$/);
    await adapter.update(sent, { text: "one, edited" });
    await adapter.post("slack:T1:C1", { text: "two" });
    await adapter.post("slack:T1:C1", { text: "three" });

    const limited = await adapter.post("slack:T1:C1", { text: "four" }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1_000);

    const gone = await adapter.post("slack:T1:CGONE1", { text: "hi" }).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(PermanentDeliveryError);
    expect((gone as PermanentDeliveryError).code).toBe("channel_not_found");

    const revoked = await adapter.post("slack:T2:C1", { text: "hi" }).catch((error: unknown) => error);
    expect(revoked).toBeInstanceOf(PermanentDeliveryError);
    expect((revoked as PermanentDeliveryError).code).toBe("invalid_auth");

    expect(await adapter.openDM("slack:T1:U5")).toBe("slack:T1:DU5");
    expect(await adapter.getUser("slack:T1:U5")).toMatchObject({ user: "slack:T1:U5", timezone: "UTC", isBot: false });
  });

  it("runs the same emulator on a worker thread", async () => {
    const emulator = new SlackWebApiEmulatorThread({ tokens: { [TOKEN]: "T1" } });
    const url = await emulator.start();
    started.push(emulator);
    for (let i = 0; i < 3; i++) expect((await postMessage(url, { channel: "C1", text: `t${i}` })).status).toBe(200);
    expect((await postMessage(url, { channel: "C1", text: "t3" })).status).toBe(429);
    expect(await emulator.stats()).toMatchObject({ delivered: 3, rejected429: 1 });
    expect((await emulator.calls()).map((call) => call.status)).toEqual([200, 200, 200, 429]);
  });
});
