import assert from "node:assert/strict";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationCommands, type ReceivedOption, receivedCommand } from "../../adapters/discord/commands.js";
import { summarise } from "../../src/core/commands.js";
import type { TypedCommand } from "../../src/core/events.js";
import type { CommandRouter } from "../../src/core/router.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, command, HOME } from "../security/core-driver.js";
import { commandLine, expectSentence, expectSentenceText } from "./arbitraries.js";

const ROUTER_RUNS = 12_000;
const DISCORD_RUNS = 5_000;
const CORE_RUNS = 2_000;

/** An option of the registered /mentor command: a subcommand group, a subcommand or an argument. */
interface RegisteredOption {
  name: string;
  type: number;
  options?: RegisteredOption[];
}
const GROUP = 2;

/** Routes a line or a typed command: either a registered command or a UserError with a sentence, nothing else. */
function routeOrRefuse(router: CommandRouter, line: string, typed?: TypedCommand): void {
  let routed: ReturnType<CommandRouter["route"]>;
  try {
    routed = typed ? router.routeTyped(typed) : router.route(line);
  } catch (error) {
    expectSentence(error, line);
    return;
  }
  // node:assert, not expect(): this runs 17,000 times, and expect() costs some 15 µs a call.
  assert.ok(router.all().includes(routed.definition), `${line} routed to an unregistered command`);
}

describe("fuzzing command lines (fast-check)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
  });
  afterAll(async () => {
    await t.close();
  });

  it(`routes ${ROUTER_RUNS} generated lines: a command or a UserError with a sentence`, () => {
    const router = t.app.core.router;
    fc.assert(
      fc.property(commandLine(router.all()), (line) => routeOrRefuse(router, line)),
      { numRuns: ROUTER_RUNS, seed: 9 },
    );
  });

  it(`turns ${DISCORD_RUNS} generated Discord slash-command options into commands the router takes or refuses with a sentence`, () => {
    const router = t.app.core.router;
    const summaries = router.all().map(summarise);
    // The real registered shape: subcommands and groups with their options, as Discord sends them back.
    const registered = ((applicationCommands(summaries)[0] as { options?: RegisteredOption[] }).options ?? []) as RegisteredOption[];
    const optionValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer({ min: -5, max: 200 }),
      fc.boolean(),
      fc.constantFrom("<@123>", '"', "\\", "@everyone"),
    );
    const leaf = (options: readonly RegisteredOption[]): fc.Arbitrary<ReceivedOption[]> =>
      fc
        .subarray([...options])
        .chain((chosen) => fc.tuple(...chosen.map((o) => optionValue.map((value): ReceivedOption => ({ name: o.name, type: o.type, value })))));
    const received: fc.Arbitrary<ReceivedOption[]> = fc.constantFrom(...registered).chain((top): fc.Arbitrary<ReceivedOption[]> => {
      if (top.type === GROUP) {
        return fc
          .constantFrom(...(top.options ?? []))
          .chain((sub) => leaf(sub.options ?? []).map((options) => [{ name: top.name, type: GROUP, options: [{ name: sub.name, type: sub.type, options }] }]));
      }
      return leaf(top.options ?? []).map((options) => [{ name: top.name, type: top.type, options }]);
    });
    const withNoise = fc.oneof({ arbitrary: received, weight: 8 }, { arbitrary: fc.constant([] as ReceivedOption[]), weight: 1 });
    fc.assert(
      fc.property(withNoise, (options) => {
        const { text, typed } = receivedCommand(options, summaries);
        routeOrRefuse(router, text, typed);
      }),
      { numRuns: DISCORD_RUNS, seed: 10 },
    );
  });

  it(`answers ${CORE_RUNS} generated lines through the whole core with a sentence, never "Something went wrong"`, async () => {
    const people = [actorIn(HOME.workspace, "ana"), actorIn(HOME.workspace, "maria"), actorIn(HOME.workspace, "boss", true)];
    await command(t, people[0] as (typeof people)[number], "join mentee");
    await command(t, people[1] as (typeof people)[number], "join mentor");
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(commandLine(t.app.core.router.all()), fc.constantFrom(...people), async (line, person) => {
        const answer = await command(t, person, line);
        for (const reply of answer.replies) expectSentenceText(reply.text, line);
        if (answer.replies.length + answer.forms.length > 0) answered++;
      }),
      { numRuns: CORE_RUNS, seed: 11 },
    );
    await t.app.jobs.waitIdle(30_000);
    // Most lines get an answer; a few post to the channel instead (quiz round, lessons now).
    expect(answered).toBeGreaterThan(CORE_RUNS * 0.9);
  });
});
