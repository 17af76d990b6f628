import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadScenarios } from "../../src/gamedays/scenarios.js";
import { builtInCourse } from "../helpers/course.js";

type Doc = Record<string, unknown> & { steps: Record<string, unknown>[] };

const option = (id: string, next: string, rating = "best") => ({ id, label: `Do ${id}`, rating, next, outcome: `After ${id}.`, why: `Because ${id}.` });
const decision = (...options: ReturnType<typeof option>[]) => ({ prompt: "What now?", vote_seconds: 120, no_vote: options[0]?.id, options });

/** A small valid story: start -> (fix: end-good | break: worse), worse -> (fix: end-good | give-up: end-bad). */
function story(): Doc {
  return {
    id: "drill",
    title: "A drill",
    summary: "A short drill.",
    lessons: ["lesson-a"],
    start: "start",
    better_path: "Fix it first.",
    follow_ups: ["Write a runbook."],
    steps: [
      {
        id: "start",
        text: "Something broke.",
        facts: [{ after_seconds: 30, text: "A clue." }],
        decision: decision(option("fix", "end-good"), option("break", "worse", "harmful")),
      },
      { id: "worse", text: "It got worse.", decision: decision(option("fix", "end-good"), option("give-up", "end-bad", "harmful")) },
      { id: "end-good", text: "Fixed.", ending: { outcome: "resolved", text: "All good." } },
      { id: "end-bad", text: "Down.", ending: { outcome: "outage", text: "All bad." } },
    ],
  };
}

function problemsOf(doc: Doc, name = "drill.yaml"): string[] {
  const root = mkdtempSync(path.join(tmpdir(), "gamedays-"));
  mkdirSync(path.join(root, "gamedays"));
  writeFileSync(path.join(root, "gamedays", name), stringify(doc));
  const { scenarios, problems } = loadScenarios(root, new Set(["lesson-a"]));
  if (problems.length === 0) expect(scenarios.map((s) => s.id)).toEqual([doc.id]);
  return problems.map((p) => p.slice(p.indexOf(name) + name.length).replace(/^[:.]?\s*/, ""));
}

const step = (doc: Doc, id: string) => doc.steps.find((s) => s.id === id) as { decision: ReturnType<typeof decision> } & Record<string, unknown>;

describe("game day scenario files", () => {
  it("accepts a well-formed story", () => {
    expect(problemsOf(story())).toEqual([]);
  });

  it("names a branch to a step that does not exist", () => {
    const doc = story();
    (step(doc, "worse").decision.options[1] as { next: string }).next = "end-typo";
    expect(problemsOf(doc)).toContain('steps.worse.options.give-up.next: unknown step "end-typo"');
  });

  it("names a step nothing leads to", () => {
    const doc = story();
    (step(doc, "start").decision.options[1] as { next: string }).next = "end-bad";
    expect(problemsOf(doc)).toEqual(['steps.worse: unreachable from the start "start"']);
  });

  it("names a loop without an exit, but accepts a loop that has one", () => {
    const doc = story();
    doc.steps.push({ id: "spin", text: "Round and round.", decision: decision(option("again", "spin-2"), option("more", "spin-2", "fair")) });
    doc.steps.push({ id: "spin-2", text: "Still round.", decision: decision(option("back", "spin"), option("retry", "spin", "fair")) });
    (step(doc, "worse").decision.options[1] as { next: string }).next = "spin";
    expect(problemsOf(doc)).toEqual([
      'steps.end-bad: unreachable from the start "start"',
      "steps.spin: no ending can be reached from here (a loop without an exit)",
      "steps.spin-2: no ending can be reached from here (a loop without an exit)",
    ]);
    (step(doc, "spin-2").decision.options as unknown[]).push(option("out", "end-bad", "fair"));
    expect(problemsOf(doc)).toEqual([]);
  });

  it("names a story without endings, and one whose best choices do not resolve it", () => {
    const doc = story();
    doc.steps = doc.steps.filter((s) => !s.ending);
    expect(problemsOf(doc)).toContain("steps: no ending (a step with `ending:`), so the game could never finish");
    const unresolved = story();
    (step(unresolved, "start").decision.options[0] as { next: string }).next = "end-bad";
    expect(problemsOf(unresolved)).toContain('start: the best choices end at "end-bad", which is not "resolved"');
  });

  it("names texts over the platforms' limits, unknown lessons, a no-vote option that is not there, and a fact after the vote", () => {
    const doc = story();
    (step(doc, "start").decision.options[0] as { label: string }).label = "x".repeat(76);
    expect(problemsOf(doc)).toEqual(["steps[0].decision.options[0].label: at most 75 characters (a platform limit)"]);
    const other = story();
    other.lessons = ["lesson-a", "no-such-lesson"];
    step(other, "worse").decision.no_vote = "nope";
    (step(other, "start").facts as { after_seconds: number }[])[0] = { after_seconds: 120, text: "Too late." } as never;
    expect(problemsOf(other)).toEqual([
      'lessons: unknown lesson "no-such-lesson"',
      "steps.start.facts[0].after_seconds: 120 is not before the vote closes (120)",
      'steps.worse.decision.no_vote: unknown option "nope"',
    ]);
  });

  it("ships at least four scenarios that pass, each linked to lessons of the course", () => {
    const curriculum = builtInCourse();
    const { scenarios, problems } = loadScenarios("curriculum", new Set(curriculum.tracks.flatMap((t) => t.lessons.map((l) => l.id))));
    expect(problems).toEqual([]);
    expect(scenarios.map((s) => s.id).sort()).toEqual(["bad-migration", "cascading-failure", "leaked-secret", "retry-storm"]);
    for (const scenario of scenarios) expect(scenario.lessons.length).toBeGreaterThanOrEqual(3);
  });
});
