import { describe, expect, it } from "vitest";
import { applicationCommands, commandText, type ReceivedOption } from "../../adapters/discord/commands.js";
import { inviteUrl } from "../../adapters/discord/invite.js";
import { suggestTimezones } from "../../adapters/discord/timezones.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import { validateCommands } from "../emulators/discord/validate.js";

const summaries: CommandDefinitionSummary[] = [
  { path: ["help"], summary: "Help", args: [{ kind: "word", name: "topic", optional: true }], access: "member" },
  { path: ["leaderboard"], summary: "Show it", args: [], access: "member" },
  { path: ["leaderboard", "hide"], summary: "Hide it", args: [], access: "admin" },
  {
    path: ["lessons", "here"],
    summary: "x".repeat(150),
    args: [
      { kind: "time", name: "time", optional: true },
      { kind: "timezone", name: "timezone" },
    ],
    access: "admin",
  },
];

describe("Discord application commands", () => {
  it("registers a body Discord accepts: required options first, descriptions cut to 100, a bare command beside its group goes inside it", () => {
    const body = applicationCommands(summaries);
    expect(validateCommands(JSON.parse(JSON.stringify(body))).list).toEqual([]);
    const options = (body[0] as { options: unknown }).options as {
      name: string;
      type: number;
      options?: { name: string; description: string; options?: { name: string }[] }[];
    }[];
    expect(options.map((o) => o.name)).toEqual(["help", "leaderboard", "lessons"]);
    expect(options.find((o) => o.name === "leaderboard")?.options?.map((o) => o.name)).toEqual(["go", "hide"]);
    const here = options.find((o) => o.name === "lessons")?.options?.[0];
    expect(here?.description.length).toBeLessThanOrEqual(100);
    expect(here?.options?.map((o) => o.name)).toEqual(["timezone", "time"]);
  });

  it("turns received options back into the line the router parses, in definition order, quoting spaces", () => {
    const received: ReceivedOption[] = [
      {
        name: "lessons",
        type: 2,
        options: [
          {
            name: "here",
            type: 1,
            options: [
              { name: "timezone", type: 3, value: "America/New_York" },
              { name: "time", type: 3, value: "09:30" },
            ],
          },
        ],
      },
    ];
    expect(commandText(received, summaries)).toBe("lessons here 09:30 America/New_York");
    expect(commandText([{ name: "leaderboard", type: 2, options: [{ name: "go", type: 1, options: [] }] }], summaries)).toBe("leaderboard");
    expect(commandText([{ name: "help", type: 1, options: [{ name: "topic", type: 3, value: 'two "words"' }] }], summaries)).toBe('help "two \\"words\\""');
  });

  it("asks for exactly View Channels, Send Messages and Embed Links with the bot and commands scopes", () => {
    const url = new URL(inviteUrl("123456789012345678"));
    expect(url.searchParams.get("permissions")).toBe("19456");
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
  });

  it("suggests timezones by area or city, at most 25", () => {
    expect(suggestTimezones("new york").map((c) => c.value)).toContain("America/New_York");
    expect(suggestTimezones("a")).toHaveLength(25);
    expect(suggestTimezones("")[0]?.value).toBe("UTC");
  });
});
