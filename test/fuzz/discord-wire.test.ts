import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmuInteraction, InteractionFactory, type RegisteredCommand } from "../emulators/discord/interactions.js";
import type { EmuMessage, EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { capturingLogger, LEVEL } from "../helpers/log-capture.js";
import { snapshot } from "../security/core-driver.js";
import { anyMutation, type Json, type Mutation, mutateFields, pathsOf, valueAt, wrongKind } from "./mutations.js";
import { ANSWERED_AT_ONCE_MS, fuzzRuns, fuzzSeed, percentiles } from "./wire-runs.js";

const INVALID_RUNS = fuzzRuns(150);
const MIXED_RUNS = fuzzRuns(250);
const KINDS = ["command", "autocomplete", "button", "select", "modal"] as const;
type Kind = (typeof KINDS)[number];

/** What Discord would send, before a mutation: choices are indices and strings the builder takes in turn. */
interface Recipe {
  kind: Kind;
  user: number;
  picks: number[];
  words: string[];
}

/** Fields every interaction of a kind carries and the bot reads; without one, Discord sent nothing of the kind. */
const REQUIRED: Record<Kind, string[]> = {
  command: ["type", "data", "data.id", "data.name", "data.type", "channel_id", "member", "member.user", "member.user.id", "entitlements"],
  autocomplete: ["type", "data", "data.name", "data.type", "channel_id", "member", "member.user", "entitlements"],
  button: ["type", "data", "data.custom_id", "data.component_type", "message", "message.id", "message.embeds", "channel_id", "member"],
  select: ["type", "data", "data.custom_id", "data.component_type", "message", "message.id", "channel_id", "member"],
  modal: ["type", "data", "data.custom_id", "data.components", "channel_id", "member", "member.roles"],
};
/** Discord's gateway is authenticated: it never sends an interaction with another's id or token, and the bot must answer with them. */
const IDENTITY = new Set(["id", "token", "application_id"]);

describe("fuzzing raw Discord interactions through the emulator's gateway (fast-check)", () => {
  let t: DiscordTestApp;
  let factory: InteractionFactory;
  let people: EmuUser[];
  let withComponents: EmuMessage[];
  let mentor: RegisteredCommand;
  const log = capturingLogger("info");
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  const dropped = () => log.lines().filter((line) => line.msg.startsWith("Discord sent an interaction")).length;

  beforeAll(async () => {
    process.on("unhandledRejection", record);
    process.on("uncaughtException", record);
    t = await startDiscordApp({ logger: log.logger, commands: true });
    factory = new InteractionFactory(t.emulator.world, t.emulator.applicationId);
    people = [t.admin, t.member, t.roleAdmin];
    mentor = t.emulator.commands.find((c) => c.name === "mentor") as RegisteredCommand;
    // Messages with buttons and selects to press: a lesson, a quiz question.
    for (const path of [["lesson"], ["quiz", "go"]]) await t.driver.finalResponses(t.driver.slashCommand(t.member, t.channel, path));
    withComponents = [...t.emulator.world.messages.values()].filter((m) => m.components.length > 0);
    expect(withComponents.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    process.off("unhandledRejection", record);
    process.off("uncaughtException", record);
    await t.close();
  });

  const recipe: fc.Arbitrary<Recipe> = fc.record({
    kind: fc.constantFrom(...KINDS),
    user: fc.nat(),
    picks: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    words: fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("09:00", "mon-fri", "Europe/Berlin", "3", "api-design", "@maria")), {
      minLength: 6,
      maxLength: 6,
    }),
  });

  /** The interaction the recipe describes, as the emulator's factory shapes it, its payload a copy free to mutate. */
  function build(r: Recipe): EmuInteraction {
    const interaction = shape(r);
    interaction.payload = structuredClone(interaction.payload);
    return interaction;
  }

  function shape(r: Recipe): EmuInteraction {
    const picks = [...r.picks];
    const pick = <T>(list: readonly T[]): T => list[(picks.shift() ?? 0) % list.length] as T;
    const words = [...r.words];
    const user = pick(people);
    if (r.kind === "button" || r.kind === "select") {
      const message = pick(withComponents);
      const components = message.components.flatMap((row) => (row.components as Json[] | undefined) ?? [row]);
      const wanted = components.filter((c) => c.type === (r.kind === "button" ? 2 : 3));
      const component = wanted.length > 0 ? pick(wanted) : { custom_id: words.shift() ?? "" };
      const data: Json = { custom_id: component.custom_id, component_type: r.kind === "button" ? 2 : 3 };
      if (r.kind === "select") data.values = [pick([...((component.options as Json[] | undefined) ?? []).map((o) => String(o.value)), words.shift() ?? ""])];
      return factory.base(3, user, t.channel, data, message);
    }
    if (r.kind === "modal") {
      const field = { type: 4, custom_id: pick(["timezone", "hours", "mood#1..5", "worked_on", words.shift() ?? "x"]), value: words.shift() ?? "" };
      const data = { custom_id: pick(["member.profile", "checkin", "checkin.reply", words.shift() ?? ""]), components: [{ type: 1, components: [field] }] };
      return factory.base(5, user, t.channel, data);
    }
    // A command: a subcommand path, then some of its options with values of their registered type.
    let level = mentor.options as Json[];
    const path: string[] = [];
    while (level.some((o) => o.type === 1 || o.type === 2)) {
      const next = pick(level.filter((o) => o.type === 1 || o.type === 2));
      path.push(String(next.name));
      level = (next.options as Json[] | undefined) ?? [];
    }
    const values: Record<string, string | number> = {};
    for (const option of level) if (pick([true, false])) values[String(option.name)] = option.type === 3 ? (words.shift() ?? "") : pick([0, 1, 5, 60, -3, 1e9]);
    const focusable = level.find((o) => o.autocomplete === true);
    if (r.kind === "autocomplete" && focusable) {
      values[String(focusable.name)] = words.shift() ?? "";
      return factory.base(4, user, t.channel, factory.commandData(mentor, path, values, String(focusable.name)));
    }
    return factory.base(2, user, t.channel, factory.commandData(mentor, path, values));
  }

  /** Dispatches the (mutated) payload and waits until the bot answered it, dropped it, or let it be. */
  async function dispatch(interaction: EmuInteraction): Promise<{ outcome: "answered" | "dropped" | "ignored"; ms: number }> {
    const droppedBefore = dropped();
    t.emulator.track(interaction);
    t.emulator.gateway.dispatch("INTERACTION_CREATE", interaction.payload);
    const deadline = interaction.dispatchedPerf + ANSWERED_AT_ONCE_MS;
    for (;;) {
      if (interaction.callback) return { outcome: "answered", ms: interaction.callback.perf - interaction.dispatchedPerf };
      if (dropped() > droppedBefore) return { outcome: "dropped", ms: performance.now() - interaction.dispatchedPerf };
      if (performance.now() > deadline) return { outcome: "ignored", ms: performance.now() - interaction.dispatchedPerf };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  const requestsFor = (interaction: EmuInteraction, from: number) =>
    t.emulator.requests.slice(from).filter((r) => r.path.includes(interaction.id) || r.path.includes(interaction.token));

  it(`drops ${INVALID_RUNS} interactions no Discord sends, answering none and changing nothing`, async () => {
    const before = await snapshot(t.app.services.db);
    const requests = t.emulator.requests.length;
    const invalid = recipe.chain((r) => {
      const fields = REQUIRED[r.kind];
      const sample = build(r).payload;
      return fc
        .oneof(
          fc.constantFrom(...fields).map((path) => ({ path, drop: true as const })),
          fc.constantFrom(...fields).chain((path) => wrongKind(valueAt(sample, path)).map((value) => ({ path, drop: false as const, value }))),
        )
        .map((broken) => ({ r, broken }));
    });
    await fc.assert(
      fc.asyncProperty(invalid, async ({ r, broken }) => {
        const interaction = build(r);
        const paths = pathsOf(interaction.payload);
        const mutation: Mutation = broken.drop
          ? { kind: "drop", at: paths.indexOf(broken.path) }
          : { kind: "replace", at: paths.indexOf(broken.path), value: broken.value };
        mutateFields(interaction.payload, mutation, paths);
        const answer = await dispatch(interaction);
        expect(answer.outcome, `${r.kind} ${JSON.stringify(broken)}`).toBe("dropped");
      }),
      { numRuns: INVALID_RUNS, seed: fuzzSeed(41) },
    );
    await t.app.jobs.waitIdle(10_000);
    expect(t.emulator.requests.slice(requests)).toEqual([]);
    expect(await snapshot(t.app.services.db)).toEqual(before);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
  });

  it(`answers ${MIXED_RUNS} valid and mutated interactions of every kind at once or drops them, logging no error`, async () => {
    const times: number[] = [];
    const outcomes = { answered: 0, dropped: 0, ignored: 0 };
    await fc.assert(
      fc.asyncProperty(recipe, anyMutation, async (r, mutation) => {
        const interaction = build(r);
        const requests = t.emulator.requests.length;
        if (mutation.kind === "whole-body") interaction.payload = mutation.value as Json;
        else
          mutateFields(
            interaction.payload,
            mutation,
            pathsOf(interaction.payload).filter((path) => !IDENTITY.has(path)),
          );
        const answer = await dispatch(interaction);
        outcomes[answer.outcome]++;
        if (answer.outcome === "answered") {
          times.push(answer.ms);
          const callback = requestsFor(interaction, requests).find((request) => request.path.endsWith("/callback"));
          expect(callback?.status, `${r.kind} ${JSON.stringify(mutation)}`).toBeLessThan(500);
        } else {
          // Dropped or not for this bot (another app's command): nothing was sent for it.
          expect(requestsFor(interaction, requests)).toEqual([]);
        }
      }),
      { numRuns: MIXED_RUNS, seed: fuzzSeed(42) },
    );
    await t.app.jobs.waitIdle(60_000);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
    expect(uncaught).toEqual([]);
    // Still serving.
    await t.driver.finalResponses(t.driver.slashCommand(t.member, t.channel, ["help"]));
    console.info("mixed Discord interactions", outcomes, "callback ms", percentiles(times));
  });
});
