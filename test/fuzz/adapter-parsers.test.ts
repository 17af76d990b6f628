import assert from "node:assert/strict";
import fc from "fast-check";
import { describe, it } from "vitest";
import { guildFromLink } from "../../adapters/discord/refs.js";
import { packAction, readFormValues, unpackAction, unpackForm } from "../../adapters/discord/render.js";
import { coreActionId, parseModalContext, readModalValues } from "../../adapters/slack/render.js";
import { binaryText } from "../helpers/binary-text.js";

// The properties check with node:assert: vitest's expect() costs some 15 µs a call, a third of
// this file's CPU at these counts.
const RUNS = 10_000;
/** Whatever a forged or garbled payload can carry in a string field. */
const anyText = fc.oneof(fc.string({ maxLength: 120 }), binaryText({ maxLength: 120 }), fc.constantFrom("__proto__", "constructor", "|", "||", "#1..5"));
const isString = (value: unknown) => typeof value === "string";

describe("fuzzing the adapters' payload parsers (fast-check)", () => {
  it(`unpacks ${RUNS} generated Discord custom_ids into an action id and a value, and round-trips packed ones`, () => {
    fc.assert(
      fc.property(anyText, (customId) => {
        const { actionId, value } = unpackAction(customId);
        assert.ok(isString(actionId) && isString(value));
        assert.ok(!actionId.includes("|"));
      }),
      { numRuns: RUNS, seed: 31 },
    );
    const actionId = fc.stringMatching(/^[a-z][a-z.]{0,19}$/);
    fc.assert(
      fc.property(actionId, fc.string({ maxLength: 70 }), (id, value) => {
        assert.deepEqual(unpackAction(packAction(id, value)), { actionId: id, value });
      }),
      { numRuns: RUNS, seed: 32 },
    );
  });

  it(`unpacks ${RUNS} generated Discord modal custom_ids into a form id and metadata`, () => {
    fc.assert(
      fc.property(anyText, (customId) => {
        const { formId, metadata } = unpackForm(customId);
        assert.ok(isString(formId));
        assert.ok(metadata === undefined || (isString(metadata) && metadata.length > 0));
      }),
      { numRuns: RUNS, seed: 33 },
    );
  });

  it(`reads ${RUNS} generated Discord modal submissions: own string values, or a sentence per bad number`, () => {
    const field = fc.record(
      {
        customId: fc.oneof(
          anyText,
          fc
            .tuple(fc.constantFrom("mood", "capacity", "x"), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 12 }))
            .map(([id, a, b]) => `${id}#${a}..${b}`),
        ),
        value: anyText,
        values: fc.array(anyText, { maxLength: 3 }),
      },
      { requiredKeys: ["customId"] },
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 8 }), (submitted) => {
        const { values, problems } = readFormValues(submitted);
        for (const [id, value] of Object.entries(values)) assert.ok(isString(value) && value.length > 0, id);
        for (const problem of Object.values(problems)) assert.match(problem, /is not a whole number from -?\d+ to -?\d+\.$/);
        assert.equal(Object.getPrototypeOf(values), Object.prototype);
      }),
      { numRuns: RUNS, seed: 34 },
    );
  });

  it(`reads ${RUNS} generated Slack private_metadata strings and action ids without throwing`, () => {
    const metadata = fc.oneof(
      anyText,
      fc.json(),
      fc.constant(undefined),
      fc.record({ c: fc.anything(), m: fc.anything() }).map((o) => JSON.stringify(o) ?? ""),
    );
    fc.assert(
      fc.property(metadata, anyText, (privateMetadata, actionId) => {
        const context = parseModalContext(privateMetadata);
        assert.ok(context.channel === undefined || isString(context.channel));
        assert.ok(context.metadata === undefined || isString(context.metadata));
        assert.ok(isString(coreActionId(actionId)));
      }),
      { numRuns: RUNS, seed: 35 },
    );
  });

  it(`reads ${RUNS} generated Slack view_submission states: only non-empty string values, by block id`, () => {
    const state = fc.record(
      { value: fc.option(anyText, { nil: null }), selected_option: fc.option(fc.record({ value: anyText }), { nil: null }) },
      { requiredKeys: [] },
    );
    const stateValues = fc.dictionary(anyText, fc.dictionary(fc.constantFrom("value", "other", "__proto__"), state, { maxKeys: 2 }), { maxKeys: 6 });
    fc.assert(
      fc.property(stateValues, (values) => {
        const read = readModalValues(values);
        for (const value of Object.values(read)) assert.ok(isString(value) && value.length > 0);
        assert.equal(Object.getPrototypeOf(read), Object.prototype);
      }),
      { numRuns: RUNS, seed: 36 },
    );
  });

  it(`reads ${RUNS} generated Discord invite links: a guild id or nothing`, () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.webUrl(), fc.constant(null), fc.constant(undefined)), (url) => {
        const guild = guildFromLink(url);
        assert.ok(guild === undefined || /^\d+$/.test(guild));
      }),
      { numRuns: RUNS, seed: 37 },
    );
  });
});
