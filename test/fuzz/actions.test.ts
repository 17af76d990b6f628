import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotCore } from "../../src/core/bot.js";
import type { ActionContext, ActionHandler } from "../../src/core/context.js";
import type { Actor } from "../../src/core/events.js";
import { withoutNulText } from "../../src/core/nul.js";
import { binaryText } from "../helpers/binary-text.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, command, HOME, send } from "../security/core-driver.js";
import { commandLine, expectSentence, expectSentenceText } from "./arbitraries.js";

/** Parallel clicks per run, one person each, so a run looks like a busy channel. */
const CLICKS_PER_RUN = 20;
const HANDLER_RUNS = 500;
const CORE_RUNS = 1_000;

/** The action handlers the app registered (BotCore keeps them private: the test reads them by id). */
const registeredActions = (core: BotCore) => (core as unknown as { actions: Map<string, ActionHandler> }).actions;

describe("fuzzing action payloads (fast-check)", () => {
  let t: TestApp;
  let people: Actor[];
  let contexts: ActionContext[];
  let value: fc.Arbitrary<string>;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    const { services } = t.app;
    people = Array.from({ length: CLICKS_PER_RUN }, (_, i) => actorIn(HOME.workspace, `person${i}`, i === 0));
    // Real state for values to hit: quiz sessions, a quiz round, mentoring roles.
    for (const [i, person] of people.entries()) {
      await command(t, person, i % 2 === 0 ? "join mentee" : "join mentor");
      if (i < 6) await command(t, person, "quiz 3");
    }
    await command(t, people[0] as Actor, "quiz round 5");
    await t.app.jobs.waitIdle(20_000);
    const workspace = await services.workspaces.ensure((people[0] as Actor).workspace);
    contexts = await Promise.all(
      people.map(async (actor) => {
        const member = await services.members.ensure(workspace, actor);
        const respond = { reply: async () => {}, openForm: async () => {} };
        return { services, workspace, member, actor, conversation: `${actor.workspace}:${HOME.channel}`, respond, isAdmin: actor.platformAdmin };
      }),
    );
    const lessonIds = (await services.db.query.lessons.findMany({ columns: { id: true } })).map((l) => l.id);
    const small = fc.integer({ min: -2, max: 60 });
    value = fc.oneof(
      fc.string({ maxLength: 40 }),
      binaryText({ maxLength: 200 }),
      fc.constantFrom(...lessonIds, "__proto__", "constructor", "toString", ""),
      fc.tuple(small, small, small).map(([a, b, c]) => `${a}.${b}.${c}`),
      fc.tuple(small, small).map(([a, b]) => `${a}.${b}`),
      small.map(String),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
      fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 0, max: 60 })).map(([y, w]) => `${y}-W${String(w).padStart(2, "0")}`),
      commandLine(t.app.core.router.all()),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it(`runs ${HANDLER_RUNS * CLICKS_PER_RUN} generated payloads on the registered handlers: an answer or a UserError with a sentence`, async () => {
    const handlers = [...registeredActions(t.app.core).values()];
    expect(handlers.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...handlers), value), { minLength: CLICKS_PER_RUN, maxLength: CLICKS_PER_RUN }), async (clicks) => {
        await Promise.all(
          clicks.map(async ([handler, payload], slot) => {
            const input = `${handler.actionId} ${payload}`;
            try {
              // Handlers get values as the core passes them on, U+0000 already dropped.
              const answer = await handler.run(contexts[slot] as ActionContext, withoutNulText(payload));
              if (answer) expectSentenceText(answer.text, input);
            } catch (error) {
              expectSentence(error, input);
            }
          }),
        );
      }),
      { numRuns: HANDLER_RUNS, seed: 21 },
    );
  });

  it(`answers ${CORE_RUNS} generated clicks (known and unknown ids) through the whole core with a sentence`, async () => {
    const ids = [...registeredActions(t.app.core).keys()];
    const actionId = fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 8 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 });
    await fc.assert(
      fc.asyncProperty(actionId, value, fc.constantFrom(...people), async (id, payload, person) => {
        const answer = await send(t, person, { kind: "action", actionId: id, value: payload });
        for (const reply of answer.replies) expectSentenceText(reply.text, `${id} ${payload}`);
      }),
      { numRuns: CORE_RUNS, seed: 22 },
    );
    await t.app.jobs.waitIdle(30_000);
  });
});
