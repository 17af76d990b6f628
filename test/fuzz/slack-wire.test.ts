import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotCore } from "../../src/core/bot.js";
import type { ActionHandler } from "../../src/core/context.js";
import { ADMIN, CHANNEL, MEMBER, SIGNING_SECRET, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { signature } from "../emulators/slack/workspace-driver.js";
import { capturingLogger, LEVEL } from "../helpers/log-capture.js";
import { snapshot } from "../security/core-driver.js";
import { commandLine } from "./arbitraries.js";
import { anyMutation } from "./mutations.js";
import { invalidRecipe, materialise, PAYLOAD_TYPES, type Recipe, type WireBody, type World } from "./slack-bodies.js";
import { ANSWERED_AT_ONCE_MS, fuzzRuns, fuzzSeed, percentiles } from "./wire-runs.js";

const INVALID_RUNS = fuzzRuns(150);
const MIXED_RUNS = fuzzRuns(250);

const registeredActions = (core: BotCore) => [...(core as unknown as { actions: Map<string, ActionHandler> }).actions.keys()];

describe("fuzzing signed Slack bodies at /slack/events (fast-check)", () => {
  let t: SlackTestApp;
  let world: World;
  let base: fc.Arbitrary<Omit<Recipe, "mutation">>;
  const log = capturingLogger("info");
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on("unhandledRejection", record);
    process.on("uncaughtException", record);
    t = await startSlackTestApp({ logger: log.logger });
    world = {
      team: TEAM,
      channel: CHANNEL,
      trigger: (user) => t.emulator.newTrigger(TEAM, user),
      responseUrl: (user) => t.emulator.newResponseUrl(TEAM, CHANNEL, user),
    };
    base = fc.record({
      type: fc.constantFrom(...PAYLOAD_TYPES),
      user: fc.constantFrom(ADMIN, MEMBER, "UNOBODY"),
      text: commandLine(t.app.core.router.all()),
      actionId: fc.oneof(fc.constantFrom(...registeredActions(t.app.core)), fc.string({ maxLength: 20 })),
      value: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("1", "0.1.2", "", "__proto__")),
      formId: fc.oneof(fc.constantFrom("member.profile", "checkin", "checkin.reply"), fc.string({ maxLength: 12 })),
    });
  });
  afterAll(async () => {
    process.off("unhandledRejection", record);
    process.off("uncaughtException", record);
    await t.close();
  });

  async function post(wire: WireBody): Promise<{ status: number; ms: number }> {
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const response = await fetch(t.eventsUrl, {
      method: "POST",
      headers: {
        "content-type": wire.contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature(SIGNING_SECRET, timestamp, wire.body),
      },
      body: wire.body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return { status: response.status, ms: performance.now() - started };
  }

  it(`refuses ${INVALID_RUNS} bodies no Slack sends with 4xx at once, and none of them has an effect`, async () => {
    const before = await snapshot(t.app.services.db);
    const calls = t.emulator.calls.length;
    const times: number[] = [];
    await fc.assert(
      fc.asyncProperty(invalidRecipe(base), async (recipe) => {
        const answer = await post(materialise(recipe, world));
        times.push(answer.ms);
        expect(answer.status, JSON.stringify(recipe.mutation)).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.ms).toBeLessThan(ANSWERED_AT_ONCE_MS);
      }),
      { numRuns: INVALID_RUNS, seed: fuzzSeed(31) },
    );
    await t.app.jobs.waitIdle(10_000);
    expect(t.emulator.calls.slice(calls)).toEqual([]);
    expect(await snapshot(t.app.services.db)).toEqual(before);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
    console.info("invalid Slack bodies, answer ms", percentiles(times));
  });

  it(`answers ${MIXED_RUNS} valid and mutated bodies of every type with 2xx or 4xx at once, logging no error`, async () => {
    const times: number[] = [];
    await fc.assert(
      fc.asyncProperty(base, anyMutation, async (recipe, mutation) => {
        const answer = await post(materialise({ ...recipe, mutation }, world));
        times.push(answer.ms);
        expect(answer.status === 404 || answer.status >= 500, `${answer.status} for ${recipe.type} ${JSON.stringify(mutation)}`).toBe(false);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.ms).toBeLessThan(ANSWERED_AT_ONCE_MS);
      }),
      { numRuns: MIXED_RUNS, seed: fuzzSeed(32) },
    );
    await t.app.jobs.waitIdle(60_000);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
    expect(uncaught).toEqual([]);
    // Still serving.
    expect((await t.slack.command(MEMBER, CHANNEL, "help")).status).toBe(200);
    console.info("mixed Slack bodies, answer ms", percentiles(times));
  });
});
