import { describe, expect, it } from "vitest";
import { applicationCommands, commandCharacters, discordPlacement, type ReceivedOption, receivedCommand } from "../../adapters/discord/commands.js";
import { inviteUrl } from "../../adapters/discord/invite.js";
import { suggestTimezones } from "../../adapters/discord/timezones.js";
import { allCommands } from "../../src/commands.js";
import { AdminJobRegistry } from "../../src/core/admin-jobs.js";
import type { ArgSpec } from "../../src/core/args.js";
import { type CommandDefinition, type CommandDefinitionSummary, summarise } from "../../src/core/commands.js";
import { CommandRouter } from "../../src/core/router.js";
import { validateCommands } from "../emulators/discord/validate.js";

const summaries: CommandDefinitionSummary[] = [
  { path: ["help"], summary: "Help", args: [{ kind: "word", name: "topic", optional: true, description: "A topic", example: "lessons" }], access: "member" },
  { path: ["leaderboard"], summary: "Show it", args: [], access: "member" },
  { path: ["leaderboard", "hide"], summary: "Hide it", args: [], access: "admin" },
  {
    path: ["lessons", "here"],
    summary: "x".repeat(150),
    args: [
      { kind: "time", name: "time", optional: true, description: "When" },
      { kind: "timezone", name: "timezone", description: "Where" },
    ],
    access: "admin",
  },
];

/** The router the app builds (src/app.ts), without a database: definitions only. */
function realRouter(): CommandRouter {
  const router = new CommandRouter();
  router.register(...allCommands(router, new AdminJobRegistry()));
  return router;
}

const noRun: CommandDefinition["run"] = async () => undefined;
const longSummary = (what: string) => `${what}: a deliberately long summary that uses most of the hundred characters Discord allows.`;

/** The real router plus 45 one-word commands, 12 more subcommands in existing groups and 3 new groups. */
function crowdedRouter(): CommandRouter {
  const router = realRouter();
  const args: ArgSpec[] = [
    { kind: "word", name: "target", optional: true, description: "Something to act on, described at some length here", example: "it" },
    { kind: "int", name: "count", min: 1, max: 9, description: "How many" },
    { kind: "choice", name: "mode", choices: ["fast", "slow", "careful"], description: "How" },
  ];
  const extra: CommandDefinition[] = [];
  for (let i = 0; i < 45; i++) extra.push({ path: [`extra${i}`], summary: longSummary(`Extra ${i}`), args, access: "member", run: noRun });
  for (const group of ["lessons", "pair", "admin"]) {
    for (let i = 0; i < 4; i++) extra.push({ path: [group, `more${i}`], summary: longSummary(`${group} ${i}`), args, access: "admin", run: noRun });
  }
  for (const group of ["alpha", "beta", "gamma"]) {
    for (let i = 0; i < 6; i++) extra.push({ path: [group, `sub${i}`], summary: longSummary(`${group} ${i}`), args, access: "member", run: noRun });
  }
  router.register(...extra);
  return router;
}

interface RegisteredNode {
  name: string;
  description: string;
  type?: number;
  required?: boolean;
  options?: RegisteredNode[];
  choices?: { name: string; value: string | number }[];
}

/** Every Discord limit on a registration body, checked here as well as by the emulator's validator. */
function expectWithinDiscordLimits(body: RegisteredNode[]): void {
  expect(validateCommands(JSON.parse(JSON.stringify(body))).list).toEqual([]);
  expect(body.length).toBeLessThanOrEqual(100);
  expect(new Set(body.map((c) => c.name)).size).toBe(body.length);
  const visit = (node: RegisteredNode, depth: number) => {
    expect(node.name, node.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    expect(node.description.length, node.name).toBeGreaterThanOrEqual(1);
    expect(node.description.length, node.name).toBeLessThanOrEqual(100);
    const options = node.options ?? [];
    expect(options.length, `${node.name} options`).toBeLessThanOrEqual(25);
    expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
    const nested = options.filter((o) => o.type === 1 || o.type === 2);
    // Subcommands and groups never mix with arguments; groups only at the top, holding subcommands.
    expect(nested.length === 0 || nested.length === options.length).toBe(true);
    for (const option of nested) {
      expect(option.type === 2 ? depth === 0 : depth <= 1).toBe(true);
      if (option.type === 2) expect(option.options?.every((o) => o.type === 1)).toBe(true);
    }
    const required = options.filter((o) => o.type !== 1 && o.type !== 2).map((o) => o.required === true);
    expect(required, `${node.name}: required options first`).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    for (const option of options) visit(option, depth + 1);
  };
  for (const command of body) {
    visit(command, 0);
    expect(commandCharacters(command), command.name).toBeLessThanOrEqual(8000);
  }
}

const SAMPLE: Record<Exclude<ArgSpec["kind"], "keyword">, string | number> = {
  word: "hello",
  choice: "",
  int: 0,
  time: "09:30",
  date: "2030-01-02",
  days: "mon-fri",
  timezone: "America/New_York",
  user: "123456789012345678",
  rest: 'two "quoted" words',
};

/**
 * Finds every core command in the registered body by walking it as Discord's client would, fills
 * each argument, and checks the received options become a typed command the router maps to the
 * same command with every argument parsed.
 */
function expectEveryCommandReachable(router: CommandRouter, body: RegisteredNode[]): void {
  const all = router.all().map(summarise);
  for (const summary of all) {
    const { command, path } = discordPlacement(summary, all);
    let level = body.find((c) => c.name === command)?.options ?? [];
    expect(level, `/${command} is registered`).toBeDefined();
    const received: ReceivedOption[] = [];
    let holder = received;
    for (const word of path) {
      const option = level.find((o) => o.name === word && (o.type === 1 || o.type === 2));
      expect(option, `/${command} ${path.join(" ")} for "${summary.path.join(" ")}"`).toBeDefined();
      const nested: ReceivedOption = { name: word, type: option?.type as number, options: [] };
      holder.push(nested);
      holder = nested.options as ReceivedOption[];
      level = option?.options ?? [];
    }
    for (const spec of summary.args) {
      if (spec.kind === "keyword") continue;
      const registered = level.find((o) => o.name === spec.name.toLowerCase());
      expect(registered, `${summary.path.join(" ")} ${spec.name}`).toBeDefined();
      const value =
        spec.kind === "choice" ? (spec.choices[0] as string) : spec.kind === "int" ? spec.min : spec.kind === "word" ? spec.example : SAMPLE[spec.kind];
      holder.push({ name: spec.name.toLowerCase(), type: registered?.type as number, value });
    }
    const { text, typed } = receivedCommand(received, all, command);
    expect(typed, text).toBeDefined();
    const routed = router.routeTyped(typed as NonNullable<typeof typed>);
    expect(routed.definition.path, text).toEqual(summary.path);
    for (const spec of summary.args) if (spec.kind !== "keyword") expect(routed.args.has(spec.name), `${text}: ${spec.name}`).toBe(true);
  }
}

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

  it("registers the real router within every Discord limit, every command reachable and mapped back to its line", () => {
    const router = realRouter();
    const body = applicationCommands(router.all().map(summarise)) as RegisteredNode[];
    expectWithinDiscordLimits(body);
    expectEveryCommandReachable(router, body);
  });

  it("splits a router far past 25 entries and 8,000 characters into /mentor and /mentor-<word> commands that all fit", () => {
    const router = crowdedRouter();
    const all = router.all().map(summarise);
    const body = applicationCommands(all) as RegisteredNode[];
    expectWithinDiscordLimits(body);
    expectEveryCommandReachable(router, body);
    expect(body.length).toBeGreaterThan(1);
    const mentor = body.find((c) => c.name === "mentor");
    expect(mentor?.options?.some((o) => o.name === "help")).toBe(true);
    expect(body.map((c) => c.name)).toEqual(expect.arrayContaining(["mentor-lessons", "mentor-pair", "mentor-admin", "mentor-alpha"]));
    // A moved group keeps its words: "lessons here" is /mentor-lessons here.
    expect(discordPlacement({ path: ["lessons", "here"], summary: "", args: [], access: "admin" }, all)).toEqual({ command: "mentor-lessons", path: ["here"] });
    expect(applicationCommands(router.all().map(summarise))).toEqual(body);
  });

  it("moves only the biggest group out when one more command would make 26 entries", () => {
    const router = realRouter();
    const before = applicationCommands(router.all().map(summarise)) as RegisteredNode[];
    const room = 25 - (before.find((c) => c.name === "mentor")?.options?.length ?? 0);
    for (let i = 0; i <= room; i++) router.register({ path: [`newcomer${i}`], summary: "A new command", args: [], access: "member", run: noRun });
    const all = router.all().map(summarise);
    const body = applicationCommands(all) as RegisteredNode[];
    expectWithinDiscordLimits(body);
    const sizes = new Map<string, number>();
    for (const summary of all) sizes.set(summary.path[0] as string, (sizes.get(summary.path[0] as string) ?? 0) + 1);
    // The groups already moved out stay out; the biggest of those still in /mentor follows them.
    const moved = before.map((c) => c.name).filter((n) => n !== "mentor");
    const biggest = [...sizes.entries()].filter(([word]) => !moved.includes(`mentor-${word}`)).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]?.[0];
    expect(body.map((c) => c.name).sort()).toEqual(["mentor", ...moved, `mentor-${biggest}`].sort());
    expect(body[0]?.options?.map((o) => o.name)).toContain(`newcomer${room}`);
  });

  it("refuses, with a sentence, a group Discord cannot hold (more than 25 subcommands)", () => {
    const router = realRouter();
    for (let i = 0; i < 26; i++) router.register({ path: ["huge", `s${i}`], summary: "One of many", args: [], access: "member", run: noRun });
    expect(() => applicationCommands(router.all().map(summarise))).toThrow(/huge has 26 subcommands; Discord allows 25/);
  });

  it("registers lesson and skill arguments with autocompletion", () => {
    const all = realRouter().all().map(summarise);
    const body = applicationCommands(all) as RegisteredNode[];
    // The options of a core command wherever registration placed it: /mentor, or /mentor-<word> once moved out.
    const find = (corePath: string[]) => {
      const summary = all.find((s) => s.path.join(" ") === corePath.join(" "));
      if (!summary) throw new Error(`No command "${corePath.join(" ")}"`);
      const { command, path } = discordPlacement(summary, all);
      let level = body.find((c) => c.name === command)?.options ?? [];
      for (const word of path) level = level.find((o) => o.name === word)?.options ?? [];
      return level;
    };
    expect(find(["lesson"]).find((o) => o.name === "which")).toMatchObject({ autocomplete: true, type: 3 });
    expect(find(["quiz"]).find((o) => o.name === "topic")).toMatchObject({ autocomplete: true });
    expect(find(["quiz", "round"]).find((o) => o.name === "skill")).toMatchObject({ autocomplete: true });
  });

  it("turns received options into the typed command the core routes, and a line for logs in definition order", () => {
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
    expect(receivedCommand(received, summaries)).toEqual({
      text: "lessons here 09:30 America/New_York",
      typed: { path: ["lessons", "here"], values: { time: "09:30", timezone: "America/New_York" } },
    });
    expect(receivedCommand([{ name: "leaderboard", type: 2, options: [{ name: "go", type: 1, options: [] }] }], summaries)).toEqual({
      text: "leaderboard",
      typed: { path: ["leaderboard"], values: {} },
    });
    // The value reaches the core whole; only the line for logs quotes it.
    expect(receivedCommand([{ name: "help", type: 1, options: [{ name: "topic", type: 3, value: 'two "words"' }] }], summaries)).toEqual({
      text: 'help "two \\"words\\""',
      typed: { path: ["help"], values: { topic: 'two "words"' } },
    });
    // An option from another build's registration is passed on by its name, for the core to refuse.
    expect(receivedCommand([{ name: "help", type: 1, options: [{ name: "colour", type: 3, value: "red" }] }], summaries).typed).toEqual({
      path: ["help"],
      values: { colour: "red" },
    });
    expect(receivedCommand([{ name: "nothing", type: 1, options: [] }], summaries)).toEqual({ text: "nothing" });
  });

  it("asks for View Channels, Send Messages, Embed Links, Create Private Threads and Send Messages in Threads with the bot and commands scopes", () => {
    const url = new URL(inviteUrl("123456789012345678"));
    expect(BigInt(url.searchParams.get("permissions") as string)).toBe((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 36n) | (1n << 38n));
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
  });

  it("suggests timezones by area or city, at most 25", () => {
    expect(suggestTimezones("new york").map((c) => c.value)).toContain("America/New_York");
    expect(suggestTimezones("a")).toHaveLength(25);
    expect(suggestTimezones("")[0]?.value).toBe("UTC");
  });

  it("describes what each option is, and registers no option whose only choice is its own name", () => {
    const body = applicationCommands(realRouter().all().map(summarise)) as RegisteredNode[];
    const generic = ["A word", "Text", "One of the choices", "A person", "A whole number"];
    const options: RegisteredNode[] = [];
    const visit = (node: RegisteredNode) => {
      for (const option of node.options ?? []) {
        if (option.type === 1 || option.type === 2) visit(option);
        else options.push(option);
      }
    };
    for (const command of body) visit(command);
    expect(options.length).toBeGreaterThan(20);
    for (const option of options) expect(generic, option.name).not.toContain(option.description);
    const lonely = options.filter((o) => o.choices?.length === 1 && o.choices[0]?.value === o.name);
    expect(lonely.map((o) => o.name)).toEqual([]);
  });

  it("suggests the zones a city, an abbreviation or an offset stands for", () => {
    expect(suggestTimezones("Munich").map((c) => c.value)).toContain("Europe/Berlin");
    expect(suggestTimezones("EST").map((c) => c.value)).toContain("America/New_York");
    expect(suggestTimezones("UTC+2")[0]?.value).toBe("Etc/GMT-2");
  });
});
