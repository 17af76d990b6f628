import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { capturingLogger, LEVEL } from "../helpers/log-capture.js";

type Json = Record<string, unknown>;

describe("Discord interactions that discord.js cannot read", () => {
  let t: DiscordTestApp;
  const log = capturingLogger("info");
  beforeAll(async () => {
    t = await startDiscordApp({ logger: log.logger, commands: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const without = (payload: Json, ...keys: string[]) => Object.fromEntries(Object.entries(payload).filter(([k]) => !keys.includes(k)));

  it("drops each with a warning, answers nothing for it, and keeps serving", async () => {
    // A real command's payload, answered, to cut fields from.
    const first = t.driver.slashCommand(t.member, t.channel, ["help"]);
    await t.driver.finalResponses(first);
    const base: Json = { ...first.payload, id: `${first.id}9`, token: `${first.token}x` };
    const hostile: unknown[] = [
      null,
      {},
      [],
      "text",
      { type: 2 },
      { ...base, data: null },
      { ...base, data: { type: 1 } },
      without(base, "member", "user"),
      { ...base, member: { roles: [] } },
      { ...base, type: 3, data: { component_type: 2 } },
      { ...base, type: 3, data: { component_type: 3, custom_id: "x" } },
      { ...base, type: 5, data: { custom_id: "member.profile" } },
      { ...base, type: 4, data: { type: 1, name: "mentor" } },
      { ...base, channel: "general" },
      // An autocomplete with no option being typed in: discord.js's getFocused() throws.
      { ...base, type: 4, data: { ...(base.data as Json), options: [] } },
      { ...base, type: 4, data: { ...(base.data as Json), options: [{ name: "help", type: 1, focused: true, options: [] }] } },
    ];
    const requests = t.emulator.requests.length;
    for (const payload of hostile) t.emulator.gateway.dispatch("INTERACTION_CREATE", payload);
    // Still serving: a command after them is answered, and nothing else was sent.
    const after = t.driver.slashCommand(t.member, t.channel, ["help"]);
    await t.driver.finalResponses(after);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first help's later parts may still be on their way (help arrives in several messages), so
    // answers to it and to `after` are set aside by exact path segment: a hostile copy's token
    // extends the first's and must still count.
    const answered = new Set([first.id, first.token, after.id, after.token]);
    const others = t.emulator.requests.slice(requests).filter((r) => !r.path.split("/").some((segment) => answered.has(segment)));
    expect(others.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
    expect(log.atLeast(LEVEL.warn).filter((l) => l.msg.startsWith("Discord sent an interaction")).length).toBe(hostile.length);
  });
});
