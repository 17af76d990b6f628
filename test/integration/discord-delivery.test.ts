import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelRef, userRef } from "../../adapters/discord/refs.js";
import { PermanentDeliveryError, RateLimitedError } from "../../src/core/adapter.js";
import { textMessage, ui } from "../../src/core/message.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

describe("Discord delivery: error codes, limits and rate limits through the emulator", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    // Two messages per channel per 5 s, so a bucket runs out quickly.
    t = await startDiscordApp({ start: false, workers: false, emulator: { channelMessages: { limit: 2, windowMs: 5_000 } } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.emulator.apiUrl}/v10${path}`, {
      ...init,
      headers: { authorization: `Bot ${t.emulator.token}`, "content-type": "application/json", ...init.headers },
    });

  it("sends without start(): a worker posts, updates, opens DMs and reads people over REST only", async () => {
    const ref = await t.adapter.post(channelRef(t.guild.id, t.channel.id), textMessage("From a worker"));
    expect(t.emulator.world.shownText(t.driver.message(ref.id))).toContain("From a worker");
    expect(t.emulator.gateway.identified).toBe(false);
    const profile = await t.adapter.getUser(userRef(t.guild.id, t.member.id));
    expect(profile).toMatchObject({ displayName: "maria", isBot: false });
  });

  it("turns unknown channel (10003) and missing access (50001) into permanent errors", async () => {
    const unknown = t.adapter.post(channelRef(t.guild.id, "123456789012345678"), textMessage("x"));
    await expect(unknown).rejects.toMatchObject({ name: "PermanentDeliveryError", code: "unknown_channel" });
    const hidden = t.emulator.world.addChannel(t.guild, "staff", { botHasNoAccess: true });
    const refused = t.adapter.post(channelRef(t.guild.id, hidden.id), textMessage("x"));
    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(refused).rejects.toMatchObject({ code: "missing_access" });
  });

  it("turns a DM to someone who blocks DMs (50007) into a permanent error", async () => {
    const shy = t.emulator.world.addUser("shy", { blocksDms: true });
    t.emulator.world.join(t.guild, shy, {});
    const dm = await t.adapter.openDM(userRef(t.guild.id, shy.id));
    await expect(t.adapter.post(dm, textMessage("hello"))).rejects.toMatchObject({ code: "dm_blocked" });
  });

  it("hands a long rate-limit wait back as RateLimitedError instead of sleeping in the worker", async () => {
    const busy = t.emulator.world.addChannel(t.guild, "busy");
    const to = channelRef(t.guild.id, busy.id);
    await t.adapter.post(to, textMessage("one"));
    await t.adapter.post(to, textMessage("two"));
    const third = await t.adapter.post(to, textMessage("three")).catch((error: unknown) => error);
    expect(third).toBeInstanceOf(RateLimitedError);
    expect((third as RateLimitedError).retryAfterMs).toBeGreaterThan(2_000);
    expect(t.driver.messagesIn(busy.id)).toHaveLength(2);
  });

  it("answers a bucket overrun with 429, the X-RateLimit headers and retry_after", async () => {
    const raw = t.emulator.world.addChannel(t.guild, "raw");
    const send = () => api(`/channels/${raw.id}/messages`, { method: "POST", body: JSON.stringify({ content: "hi" }) });
    const first = await send();
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(first.headers.get("x-ratelimit-bucket")).toBeTruthy();
    await send();
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await limited.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
  });

  it("rejects bodies past Discord's limits with 50035, naming each field", async () => {
    const body = {
      embeds: [{ title: "t".repeat(257), description: "d".repeat(4097), fields: [{ name: "n", value: "v".repeat(1025) }] }],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: "l".repeat(81), custom_id: "c".repeat(101) }] }],
    };
    const other = t.emulator.world.addChannel(t.guild, "limits");
    const answer = await api(`/channels/${other.id}/messages`, { method: "POST", body: JSON.stringify(body) });
    expect(answer.status).toBe(400);
    const json = (await answer.json()) as { code: number; errors: Record<string, unknown> };
    expect(json.code).toBe(50035);
    expect(json.errors).toMatchObject({
      embeds: {
        0: {
          title: { _errors: [expect.anything()] },
          description: { _errors: [expect.anything()] },
          fields: { 0: { value: { _errors: [expect.anything()] } } },
        },
      },
      components: { 0: { components: { 0: { label: { _errors: [expect.anything()] }, custom_id: { _errors: [expect.anything()] } } } } },
    });
  });

  it("refuses an update that no longer fits one message, rather than cutting it", async () => {
    const ref = await t.adapter.post(channelRef(t.guild.id, t.emulator.world.addChannel(t.guild, "upd").id), textMessage("short"));
    const huge = { text: "huge", blocks: Array.from({ length: 12 }, (_, i) => ui.section(`${"word ".repeat(800)}${i}`)) };
    await expect(t.adapter.update(ref, huge)).rejects.toThrow(/one Discord message/);
  });
});
