import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_OUTBOUND_LIMITS } from "../../adapters/slack/options.js";
import { Pacer } from "../../jobs/pacing.js";
import type { OutboundLimits, Rate } from "../../src/core/adapter.js";
import { type FreshRedis, freshRedis } from "../helpers/fresh.js";

/**
 * A platform's budget shape (burst, then a steady rate) slowed 60 times: the same schedule in
 * minutes instead of seconds. The clock is the test's own (Pacer.reserve takes `now`), and a
 * slower rate keeps every key in Redis far longer than the test runs, whatever the machine's load.
 */
const slowed = (limits: OutboundLimits): OutboundLimits => ({
  perConversation: { ...limits.perConversation, perMs: limits.perConversation.perMs * 60 },
  perWorkspace: { ...limits.perWorkspace, perMs: limits.perWorkspace.perMs * 60 },
});
const SLACK = slowed(SLACK_OUTBOUND_LIMITS);
/** The Discord adapter's declared limits (adapters/discord/adapter.ts), slowed the same way. */
const DISCORD = slowed({ perConversation: { rate: 5, perMs: 5_000, burst: 4 }, perWorkspace: { rate: 40, perMs: 1_000, burst: 10 } });
const interval = (rate: Rate) => rate.perMs / rate.rate;
const T0 = Date.parse("2026-11-25T10:00:00Z");

describe("Pacer (GCRA in Redis): per-channel and per-workspace send budgets on a test clock", () => {
  let redis: FreshRedis;
  let pacer: Pacer;
  let run = 0;
  beforeAll(() => {
    redis = freshRedis("pacer");
    pacer = new Pacer(redis.connection, redis.prefix);
  });
  afterAll(async () => {
    await redis.cleanup();
  });

  /** Keys of their own for each test, as deliver.ts names them: c:<channel>, w:<workspace>. */
  const keysFor = (channel: string, workspace: string, limits = SLACK) => {
    const scope = `run${++run}`;
    return (ch = channel, ws = workspace) => [
      { key: `${scope}:c:${ws}:${ch}`, rate: limits.perConversation },
      { key: `${scope}:w:${ws}`, rate: limits.perWorkspace },
    ];
  };

  it("lets one channel send its burst at once, then one message per interval", async () => {
    const keys = keysFor("C1", "T1");
    const slots = [];
    for (let i = 0; i < 6; i++) slots.push(await pacer.reserve(keys(), T0));
    const each = interval(SLACK.perConversation);
    expect(slots).toEqual([T0, T0, T0, T0 + each, T0 + 2 * each, T0 + 3 * each]);
  });

  it("spreads many channels of one workspace over the workspace's budget", async () => {
    const keys = keysFor("C", "T1");
    const slots = [];
    for (let c = 0; c < 25; c++) slots.push(await pacer.reserve(keys(`C${c}`), T0));
    const { burst } = SLACK.perWorkspace;
    const each = interval(SLACK.perWorkspace);
    expect(slots).toEqual(Array.from({ length: 25 }, (_, i) => (i < burst ? T0 : T0 + (i - burst + 1) * each)));
  });

  it("keeps workspaces and channels apart: one's spent budget never delays another", async () => {
    const keys = keysFor("C1", "T1");
    for (let i = 0; i < 20; i++) await pacer.reserve(keys(`C${i % 4}`), T0);
    expect(await pacer.reserve(keys("C1", "T2"), T0)).toBe(T0);
    expect(await pacer.reserve(keys("C9", "T2"), T0)).toBe(T0);
  });

  it("gives an idle channel its burst back, and only what the idle time earned", async () => {
    const keys = keysFor("C1", "T1");
    const each = interval(SLACK.perConversation);
    for (let i = 0; i < 3; i++) expect(await pacer.reserve(keys(), T0)).toBe(T0);
    // One interval later one send has been earned back, not the whole burst.
    const later = T0 + each;
    expect(await pacer.reserve(keys(), later)).toBe(later);
    expect(await pacer.reserve(keys(), later)).toBe(T0 + 2 * each);
    // Long idle: the whole burst, no more.
    const idle = T0 + 10 * each;
    for (let i = 0; i < 3; i++) expect(await pacer.reserve(keys(), idle)).toBe(idle);
    expect(await pacer.reserve(keys(), idle)).toBe(idle + each);
  });

  it("books distinct slots for reservations made at the same instant by many workers", async () => {
    const keys = keysFor("C1", "T1");
    const slots = await Promise.all(Array.from({ length: 12 }, () => pacer.reserve(keys(), T0)));
    const each = interval(SLACK.perConversation);
    expect(slots.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => T0 + Math.max(0, i - 2) * each));
  });

  for (const [platform, limits] of [
    ["Slack", SLACK],
    ["Discord", DISCORD],
  ] as const) {
    it(`${platform}: no slot breaks a budget, and none waits longer than a budget needs (random traffic)`, async () => {
      const request = fc.record({ channel: fc.integer({ min: 0, max: 3 }), workspace: fc.integer({ min: 0, max: 1 }), afterMs: fc.nat(30_000) });
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (requests) => {
          const keys = keysFor("C", "T", limits);
          let now = T0;
          const booked: Booking[] = [];
          for (const { channel, workspace, afterMs } of requests) {
            now += afterMs;
            const limitsOf = keys(`C${channel}`, `T${workspace}`);
            booked.push({ at: now, slot: await pacer.reserve(limitsOf, now), limits: limitsOf });
          }
          expectConformance(booked);
        }),
        { numRuns: 40, seed: 1125 },
      );
    });
  }
});

interface Booking {
  /** When it was asked for. */
  at: number;
  slot: number;
  limits: { key: string; rate: Rate }[];
}

/**
 * What GCRA promises for each budget (rate r per perMs, burst b, interval I = perMs / r):
 * - never early: a slot is never before the request;
 * - within budget: of any n slots of one key, the last is at least (n - b) intervals after the first;
 * - never late for nothing: a slot later than its request is the earliest one key allows, that
 *   is, (k - b + 1) intervals after the send k bookings back on that key, the send from which the
 *   key has been booked without a break (a check on the books, in booking order).
 */
function expectConformance(booked: Booking[]): void {
  const byKey = new Map<string, { rate: Rate; slots: number[] }>();
  for (const [index, booking] of booked.entries()) {
    expect(booking.slot, `booking ${index} early`).toBeGreaterThanOrEqual(booking.at);
    let tight = booking.slot === booking.at;
    for (const { key, rate } of booking.limits) {
      const history = byKey.get(key) ?? { rate, slots: [] };
      byKey.set(key, history);
      const each = interval(rate);
      history.slots.forEach((earlier, i) => {
        const between = history.slots.length - i;
        if (booking.slot - earlier === (between - (rate.burst - 1)) * each) tight = true;
      });
      history.slots.push(booking.slot);
    }
    expect(tight, `booking ${index} (at ${booking.at - T0}) waited until ${booking.slot - T0} with no budget spent`).toBe(true);
  }
  for (const [key, { rate, slots }] of byKey) {
    const sorted = [...slots].sort((a, b) => a - b);
    const each = interval(rate);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + rate.burst; j < sorted.length; j++) {
        expect((sorted[j] as number) - (sorted[i] as number), `${key}: ${j - i + 1} sends too close`).toBeGreaterThanOrEqual((j - i - rate.burst + 1) * each);
      }
    }
  }
}
