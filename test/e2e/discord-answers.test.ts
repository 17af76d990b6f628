import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPlacement } from "../../adapters/discord/commands.js";
import { userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { type CommandDefinitionSummary, summarise } from "../../src/core/commands.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { capturingLogger } from "../helpers/log-capture.js";

/** What the bot says on Discord is written for Discord: its commands as registered there. */
describe("Discord answers in Discord's terms (discord.js against the emulator)", () => {
  let t: DiscordTestApp;

  const { logger, lines } = capturingLogger();

  beforeAll(async () => {
    t = await startDiscordApp({ logger, commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function answer(interaction: EmuInteraction): Promise<string> {
    const messages = await t.driver.finalResponses(interaction);
    return messages.map((m) => t.emulator.world.shownText(m)).join("\n");
  }
  const run = (user: EmuUser, path: string[], values: Record<string, string | number> = {}) => answer(t.driver.slashCommand(user, t.channel, path, values));

  it("writes help with the registered layout: subcommands, `go` beside a group, options by name", async () => {
    // Help for every command is several messages (Discord's 6,000 characters a message); the last ends with the topics.
    const interaction = t.driver.slashCommand(t.member, t.channel, ["help"]);
    await t.driver.finalResponses(interaction);
    const shown = () =>
      t.driver
        .responsesTo(interaction)
        .map((m) => t.emulator.world.shownText(m))
        .join("\n");
    const help = await t.driver.waitUntil(() => (shown().includes("Topics:") ? shown() : undefined), 5_000, "the whole help");
    // A command as registered: `/mentor quiz go`, or `/mentor-quiz go` once `quiz` moved out of a full /mentor.
    const summaries = t.app.services.router.all().map(summarise);
    const registered = (path: string[]) => {
      const placement = discordPlacement(summaries.find((s) => s.path.join(" ") === path.join(" ")) as CommandDefinitionSummary, summaries);
      return `/${[placement.command, ...placement.path].join(" ")}`;
    };
    expect(registered(["quiz"])).toMatch(/^\/mentor[ -]quiz go$/);
    expect(help).toContain(`\`${registered(["quiz"])} [topic:…] [count:…]\``);
    expect(help).toContain(`\`${registered(["leaderboard"])} [period:week|month|all]\``);
    expect(help).toContain(`\`${registered(["checkins"])} [person:@person]\``);
    expect(help).toContain(`\`${registered(["pause"])} date:YYYY-MM-DD\``);
    expect(help).toContain("`/mentor help [topic:…]`");
    expect(help).not.toMatch(/\/mentor[ -]quiz \[topic\]/);
    expect(help).not.toMatch(/\/mentor[ -]leaderboard \[week\|month\|all\]/);
  });

  it("attaches the skill chart as a PNG and the report as a CSV, within Discord's upload limits", async () => {
    const skills = await t.driver.finalResponses(t.driver.slashCommand(t.member, t.channel, ["skills"]));
    const chart = skills.flatMap((m) => m.attachments).find((a) => a.filename === "skills.png");
    expect(chart?.content_type).toBe("image/png");
    expect(chart?.data.subarray(1, 4).toString("latin1")).toBe("PNG");

    const report = await t.driver.finalResponses(t.driver.slashCommand(t.admin, t.channel, ["report"], { format: "csv" }));
    const csv = report.flatMap((m) => m.attachments).find((a) => a.filename === "team-report.csv");
    expect(csv?.data.toString("utf8")).toMatch(/^week,members,/);
    const said = report.map((m) => t.emulator.world.shownText(m)).join("\n");
    expect(said).toContain("team-report.csv, one row per week");
    expect(said).not.toContain("/mentor report csv");
    expect(said).not.toContain("members (");
  });

  it("uploads files when Slack's undici 7 is the process's HTTP dispatcher (both platforms in one process)", async () => {
    // What loading @slack/socket-mode first does: undici 7 installs its agent as the dispatcher undici 6 uses too.
    const slackUndici = createRequire(createRequire(import.meta.url).resolve("@slack/socket-mode"))("undici") as {
      Agent: new () => { close(): Promise<void> };
    };
    const slot = Symbol.for("undici.globalDispatcher.1");
    const global = globalThis as Record<symbol, unknown>;
    const before = global[slot];
    const slackAgent = new slackUndici.Agent();
    global[slot] = slackAgent;
    try {
      const skills = await t.driver.finalResponses(t.driver.slashCommand(t.member, t.channel, ["skills"]));
      expect(skills.flatMap((m) => m.attachments).map((a) => a.filename)).toContain("skills.png");
    } finally {
      global[slot] = before;
      await slackAgent.close();
    }
  });

  it("sends no file Discord would refuse, and says which was left out", async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    const small = new TextEncoder().encode("a,b\n1,2\n");
    const ref = await t.adapter.post(`discord:${t.guild.id}:${t.channel.id}`, {
      text: "Two files",
      files: [
        { name: "big.csv", contentType: "text/csv", data: big, alt: "big" },
        { name: "small.csv", contentType: "text/csv", data: small, alt: "small" },
      ],
    });
    const posted = t.driver.message(ref.id);
    expect(posted.attachments.map((a) => a.filename)).toEqual(["small.csv"]);
    expect(t.emulator.world.shownText(posted)).toContain("Not attached: big.csv is 11 MB, over Discord's 10 MB limit.");
  });

  it("sends nothing for an interaction Discord delivers again: no second callback, no 40060", async () => {
    const first = t.driver.slashCommand(t.member, t.channel, ["progress"]);
    await t.driver.finalResponses(first);
    const before = t.emulator.requests.length;
    t.driver.dispatch(first);
    // The bot's answer to anything dispatched after the replay proves the replay was handled.
    await t.driver.finalResponses(t.driver.slashCommand(t.member, t.channel, ["help"]));
    const after = t.emulator.requests.slice(before);
    expect(after.filter((r) => r.path.startsWith(`/interactions/${first.id}/`))).toEqual([]);
    expect(t.emulator.requests.some((r) => r.code === 40060)).toBe(false);
  });

  it("waits out a 429 on the interaction callback whose retry_after still fits the 3 s window", async () => {
    const callback = (method: string, path: string) => method === "POST" && path.startsWith("/interactions/") && path.endsWith("/callback");
    t.emulator.rateLimitNext(callback, 2.2);
    const interaction = t.driver.slashCommand(t.member, t.channel, ["help"]);
    const [answer] = await t.driver.finalResponses(interaction);
    expect(t.emulator.world.shownText(answer as NonNullable<typeof answer>)).toContain("What I can do");
    const tries = t.emulator.requests.filter((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    expect(tries.map((r) => r.status)).toEqual([429, 204]);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(2_100);
  });

  it("writes the hints in its answers as Discord commands too", async () => {
    expect(await run(t.member, ["timezone"])).toContain("`/mentor timezone timezone:Europe/Berlin`");
    const topics = await run(t.member, ["help"], { topic: "nosuch" });
    expect(topics).toContain("`/mentor help topic:lessons`");
  });

  it("logs a member's closed DMs (50007) at info without a stack, and names them in /mentor admin failures", async () => {
    const ben = t.emulator.world.addUser("ben", { blocksDms: true });
    t.emulator.world.join(t.guild, ben, {});
    await run(ben, ["lessons", "dm"], { switch: "on", days: "daily" });
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    const member = await t.app.services.members.byRef(workspace.id, userRef(t.guild.id, ben.id));
    await t.app.services.jobs.enqueue("lessons.dm", { memberId: member?.id as number, localDate: "2030-01-07" });
    const logged = await t.driver.waitUntil(() => lines().find((l) => l.code === "dm_blocked"), 10_000, "the refusal logged");
    expect(logged.level).toBe(30);
    expect(logged.err).toBeUndefined();
    expect(lines().filter((l) => Number(l.level) >= 50)).toEqual([]);

    const failures = await run(t.admin, ["admin", "failures"]);
    expect(failures).toContain("lessons.dm to direct messages with ben: dm_blocked");
    expect(failures).not.toContain("discord:");
  }, 20_000);

  it("shows a round's closing time as a timestamp each reader sees in their own zone", async () => {
    await run(t.admin, ["admin", "timezone"], { timezone: "Europe/Berlin" });
    await run(t.admin, ["quiz", "round"], { minutes: 10 });
    const round = await t.driver.waitUntil(
      () => t.driver.messagesIn(t.channel.id).find((m) => t.emulator.world.shownText(m).includes("Closes at")),
      10_000,
      "the round",
    );
    const closes = /Closes at <t:(\d+):t>\./.exec(t.emulator.world.shownText(round));
    expect(Number(closes?.[1]) * 1000).toBeGreaterThan(Date.now() + 9 * 60_000);
    // The question or its choices may well speak of UTC; the closing time must not be written in a zone.
    const closingLine = t.emulator.world
      .shownText(round)
      .split("\n")
      .find((line) => line.includes("Closes at"));
    expect(closingLine).not.toContain("UTC");
  });
});
