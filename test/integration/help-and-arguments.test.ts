import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HELP_TOPICS } from "../../src/core/help.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("help, jobs and arguments through the console (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists its topics in `/mentor help` and finds the pairing commands under `pairing`", async () => {
    await t.type("/mentor help");
    expect(t.take()).toContain("Topics: lessons, quizzes, pairing, checkins, gamedays, settings, admin");
    await t.type("/mentor help pairing");
    const pairing = t.take();
    expect(pairing).toContain("/mentor pair now");
    expect(pairing).toContain("/mentor dontpair");
    expect(pairing).not.toContain("/mentor lessons here");
  });

  it("answers /mentor help <topic> for every topic it lists, with that topic's commands and no other's", async () => {
    for (const topic of HELP_TOPICS) {
      await t.type(`/mentor help ${topic.name}`);
      const shown = t.take();
      expect(shown, topic.name).toContain(`== ${topic.title} ==`);
      for (const definition of t.app.core.router.all()) {
        const listed = new RegExp(`^• /mentor ${definition.path.join(" ")}( |$)`, "m").test(shown);
        expect(listed, `${topic.name}: /mentor ${definition.path.join(" ")}`).toBe(topic.words.includes(definition.path[0] as string));
      }
    }
    await t.type("/mentor help settings");
    expect(t.take()).toContain("/mentor status");
  });

  it("lists the jobs when `/mentor admin run` names none", async () => {
    await t.type("/mentor admin run");
    const out = t.take();
    for (const name of ["checkins", "digests", "lessons", "pairing", "reviews"]) expect(out).toContain(`/mentor admin run ${name}`);
    expect(out).not.toContain("needs");
  });

  it("suggests the zone for a city and keeps it unchanged", async () => {
    await t.type("/mentor timezone Berlin");
    expect(t.take()).toContain("Did you mean Europe/Berlin?");
    await t.type("/mentor timezone");
    expect(t.take()).toContain("Your timezone is UTC (the workspace's default).");
  });
});
