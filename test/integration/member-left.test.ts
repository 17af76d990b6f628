import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LEAVING_SWEPT_AFTER_MS } from "../../src/core/bot.js";
import type { Member } from "../../src/members/service.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const WORKSPACE = "console:local";

/** Someone leaving is let go of at least once: after a failed listener, a crash, or a repeat of the event. */
describe("a person leaving the workspace (real Postgres and Redis)", () => {
  let t: TestApp;
  let now = new Date("2026-12-02T10:00:00Z");

  beforeAll(async () => {
    t = await startTestApp({ now });
    for (const [mentor, places] of [
      ["dave", "2"],
      ["eve", "1"],
      ["finn", "1"],
    ]) {
      await t.as(mentor as string, "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3", "English", places as string);
    }
    for (const mentee of ["carol", "bob", "gus", "hal"]) {
      await t.as(mentee, "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "api-design", "English");
    }
    expect(await t.as("you", "/mentor pair now")).toContain("Every waiting mentee has a mentor.");
    await t.app.jobs.waitIdle(20_000);
    t.take();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t.close();
  });

  async function member(name: string): Promise<Member> {
    const row = await t.app.services.members.byRef(1, `${WORKSPACE}:${name}`);
    if (!row) throw new Error(`${name} is not a member`);
    return row;
  }

  async function menteesOf(mentor: string): Promise<string[]> {
    return (await t.app.services.pairing.profiles.currentMentees((await member(mentor)).id)).map((pair) => pair.name);
  }

  function leaves(name: string): Promise<void> {
    return t.app.core.handle({ kind: "memberLeft", user: `${WORKSPACE}:${name}`, workspace: WORKSPACE });
  }

  function advance(ms: number): void {
    now = new Date(now.getTime() + ms);
    t.setNow(now);
  }

  /** How many times each mentee was told that `mentor` left. */
  async function noticesFrom(mentor: string, mentees: string[]): Promise<number[]> {
    await t.app.jobs.waitIdle(20_000);
    const printed = t.take();
    return mentees.map((name) => printed.split(`(DM to ${name}) ${mentor} left the workspace, so your pairing ended.`).length - 1);
  }

  it("workers sweep for unhandled leavings every minute", async () => {
    const next = await t.app.jobs.nextRun("leavers.sweep");
    expect(next).toBeGreaterThan(Date.now() - 60_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 60_000);
    // The tests below run the sweep themselves, at the times they choose.
    await t.app.jobs.removeSchedule("leavers.sweep");
  });

  it("leaves a leaving unhandled when a listener fails, and the sweep a minute later ends the pairs and tells each mentee once", async () => {
    const mentees = await menteesOf("dave");
    expect(mentees).toHaveLength(2);
    vi.spyOn(t.app.services.pairing.profiles, "end").mockRejectedValueOnce(new Error("Connection terminated unexpectedly"));
    await leaves("dave");
    expect((await member("dave")).leftAt).toEqual(now);
    expect((await member("dave")).leftHandledAt).toBeNull();
    expect(await menteesOf("dave")).toEqual(mentees);

    advance(LEAVING_SWEPT_AFTER_MS + 1_000);
    await t.app.jobs.enqueue("leavers.sweep", {});
    await t.app.jobs.waitIdle(20_000);
    expect((await member("dave")).leftHandledAt).toEqual(now);
    expect(await menteesOf("dave")).toEqual([]);
    expect(await noticesFrom("dave", mentees)).toEqual([1, 1]);
  });

  it("runs the listeners again on a repeat of the event while unhandled, and not once handled", async () => {
    const mentees = await menteesOf("eve");
    expect(mentees).toHaveLength(1);
    // The pair ends, then queueing the notice fails (Redis restarting).
    vi.spyOn(t.app.services.jobs, "enqueueMany").mockRejectedValueOnce(new Error("Connection is closed."));
    await leaves("eve");
    expect(await menteesOf("eve")).toEqual([]);
    expect((await member("eve")).leftHandledAt).toBeNull();
    expect(await noticesFrom("eve", mentees)).toEqual([0]);

    await leaves("eve");
    expect((await member("eve")).leftHandledAt).toEqual(now);
    expect(await noticesFrom("eve", mentees)).toEqual([1]);

    const end = vi.spyOn(t.app.services.pairing.profiles, "end");
    await leaves("eve");
    expect(end).not.toHaveBeenCalled();
    expect(await t.app.core.sweepLeavers()).toEqual({ handled: 0, failed: 0 });
    expect(await noticesFrom("eve", mentees)).toEqual([0]);
  });

  it("sweeps neither a leaving under a minute old nor people still here, then handles the leaving once it is a minute old", async () => {
    const mentees = await menteesOf("finn");
    expect(mentees).toHaveLength(1);
    // A crash right after the leaving was recorded: no listener ran.
    await t.app.services.identity.markLeft(WORKSPACE, `${WORKSPACE}:finn`);
    // hal leaves the same way and comes back before the sweep: here again, not a leaver.
    await t.app.services.identity.markLeft(WORKSPACE, `${WORKSPACE}:hal`);
    await t.as("hal", "/mentor mentor");
    expect((await member("hal")).leftAt).toBeNull();

    advance(LEAVING_SWEPT_AFTER_MS - 1_000);
    expect(await t.app.core.sweepLeavers()).toEqual({ handled: 0, failed: 0 });
    expect(await menteesOf("finn")).toEqual(mentees);
    expect((await member("finn")).leftHandledAt).toBeNull();

    advance(2_000);
    expect(await t.app.core.sweepLeavers()).toEqual({ handled: 1, failed: 0 });
    expect(await menteesOf("finn")).toEqual([]);
    expect((await member("finn")).leftHandledAt).toEqual(now);
    expect(await noticesFrom("finn", mentees)).toEqual([1]);
    expect(await member("hal")).toMatchObject({ leftAt: null, leftHandledAt: null });
  });
});
