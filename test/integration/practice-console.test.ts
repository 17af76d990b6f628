import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labCompletions, labSubmissions } from "../../drizzle/schema/index.js";
import { as, buttons } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const fixture = (lab: string, name: string) => readFileSync(`test/fixtures/practice/${lab}/${name}`, "utf8");

/** Opens a lab's paste form as the current person, pastes `text` line by line and ends with ".". */
async function paste(t: TestApp, lab: string, text: string): Promise<string> {
  await t.type(`/mentor lab ${lab}`);
  const shown = t.take();
  await t.type(`/press ${buttons(shown).get("Paste the output")}`);
  const form = t.take();
  expect(form).toContain("then a line with only a dot");
  for (const line of text.split("\n")) await t.type(line);
  await t.type(".");
  return t.take();
}

describe("practice labs at the console", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it("lists the labs and shows one's instructions with what to run", async () => {
    await t.type("/mentor lab");
    const list = t.take();
    expect(list).toContain("0 of 9 passed");
    expect(list).toContain("explain-analyze: Read the plan of your slowest query (lesson query-tuning)");
    await t.type("/mentor lab explain-analyze");
    const shown = t.take();
    expect(shown).toContain("EXPLAIN (ANALYZE, BUFFERS) <your slow query>;");
    expect(buttons(shown).has("Paste the output")).toBe(true);
    await t.type("/mentor lab nope");
    expect(t.take()).toContain("There is no lab “nope”. Labs: ab-latency");
  });

  it("reads a pasted plan, answers privately with specific feedback, and counts the pass once", async () => {
    const answer = await paste(t, "explain-analyze", fixture("explain-analyze", "real-stale-statistics.txt"));
    expect(answer).toContain("(only you see this) Lab explain-analyze passed (1 thing to look at). I read: 2 plan nodes, executed in 107.528 ms.");
    expect(answer).toContain("On Parallel Seq Scan on orders the planner expected 1 and got 123,738 rows");
    expect(answer).toContain("stale or too coarse: run ANALYZE orders; and EXPLAIN again;");
    expect(answer).toContain("See lesson query-tuning (/mentor lesson query-tuning)");
    expect(answer).toContain("First pass of this lab: +150 points");
    const again = await paste(t, "explain-analyze", fixture("explain-analyze", "real-join-spill.txt"));
    expect(again).toContain("it counts once");
    const db = t.app.services.db;
    expect(await db.select().from(labSubmissions)).toHaveLength(2);
    expect(await db.select().from(labCompletions)).toHaveLength(1);
    await t.type("/mentor leaderboard");
    expect(t.take()).toContain("1. you: 150 pts");
  });

  it("refuses another tool's output and an oversized paste with a clear sentence, counting nothing", async () => {
    const wrong = await paste(t, "wrk-latency", fixture("wrk-latency", "wrong-tool-ab.txt"));
    expect(wrong).toContain("That looks like the report ApacheBench (ab) prints at the end; this lab reads the summary wrk prints with --latency.");
    const before = (await t.app.services.db.select().from(labSubmissions)).length;
    const huge = await paste(t, "wrk-latency", fixture("wrk-latency", "real-tail-coordinated-omission.txt").repeat(40));
    expect(huge).toMatch(/That paste is [\d,]+ characters and a lab takes at most 4,000: .*Nothing was saved\./);
    await t.type("/cancel");
    t.take();
    expect(await t.app.services.db.select().from(labSubmissions)).toHaveLength(before);
    expect((await t.app.services.db.select().from(labCompletions)).map((c) => c.labId)).toEqual(["explain-analyze"]);
  });

  it("keeps the paste private: another member can neither see nor share it; the owner shares a summary once", async () => {
    const answer = await paste(t, "pg-lock-waits", fixture("pg-lock-waits", "adversarial-real-mention-in-query-idle.txt"));
    const share = buttons(answer).get("Share summary");
    expect(share).toBeDefined();
    const maria = await as(t, "maria", "/mentor lab", `/press ${share}`);
    expect(maria).toContain("0 of 9 passed");
    expect(maria).toContain("Only the person who pasted an output can share its summary.");
    expect(maria).not.toContain("idle in a transaction");
    const shared = await as(t, "you", `/press ${share}`, `/press ${share}`);
    expect(shared).toContain("you passed lab pg-lock-waits (Who waits on whom in PostgreSQL): 1 session,");
    expect(shared).not.toContain("deploy");
    expect(shared).toContain("You already shared this summary.");
    expect(shared.match(/passed lab pg-lock-waits/g)).toHaveLength(1);
  });
});
