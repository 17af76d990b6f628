import { describe, expect, it } from "vitest";
import { lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";
import { runCli } from "../helpers/processes.js";

const quiz = (key: string, distractors: string[]) =>
  `questions:\n  - id: a-1\n    lesson: a\n    skill: backend-tech\n    difficulty: 1\n    prompt: "Which one is right here?"\n    options:\n      - text: "${key}"\n        correct: true\n${distractors.map((d) => `      - text: "${d}"\n`).join("")}    explanation: "The first one is right and the others are not, as the lesson says."\n`;

function check(files: Record<string, string>, args: string[] = []) {
  const root = makeCurriculum({ "t/m1/001-a.md": lessonFile("a", 1, { questions: "[a-1]" }), ...files });
  const run = runCli("curriculum-check", [...args, root]);
  return { status: run.status, out: run.stdout + run.stderr };
}

describe("npm run curriculum:check", () => {
  it("fails on a quality finding and on an invalid lab file, naming file, item and rule", () => {
    const run = check({
      "t/m1/001-a.quiz.yaml": quiz("The right answer, spelled out at great length", ["Wrong", "Also wrong", "Not this"]),
      "t/m1/001-a.lab.yaml": "lesson: a\ntitle: A\nsteps:\n  - run: psql\n    script: SELECT 1;\n",
    });
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/001-a\.quiz\.yaml: question a-1: longest-key: the correct option has 45 characters, the longest distractor 10/);
    expect(run.out).toMatch(/001-a\.lab\.yaml: steps\[0\]\.run: "psql" needs "postgres" in needs/);
    expect(run.out).toContain("1 in lab files; 0 in game day files; 0 in practice lab files; 1 quality findings (1 longest-key)");
  });

  it("with --warn-quality, reports quality findings but fails only on broken files", () => {
    const longKey = { "t/m1/001-a.quiz.yaml": quiz("The right answer, spelled out at great length", ["Wrong", "Also wrong", "Not this"]) };
    const warned = check(longKey, ["--warn-quality"]);
    expect(warned.out).toContain("question a-1: longest-key");
    expect(warned.status).toBe(0);
    expect(check({ ...longKey, "t/m1/001-a.lab.yaml": "lesson: a\ntitle: A\nsteps: []\n" }, ["--warn-quality"]).status).toBe(1);
  });

  it("fails on a broken game day scenario, naming the file and the step", () => {
    const ending = (id: string) => `  - id: ${id}\n    text: Over.\n    ending:\n      outcome: resolved\n      text: Done.\n`;
    const choice = (id: string, next: string) =>
      `        - id: ${id}\n          label: Go ${id}\n          rating: best\n          next: ${next}\n          outcome: Went.\n          why: Because.\n`;
    const scenario = `id: drill\ntitle: Drill\nsummary: A drill.\nlessons: [a]\nstart: s1\nbetter_path: Go.\nfollow_ups: [Fix it.]\nsteps:\n  - id: s1\n    text: Broken.\n    decision:\n      prompt: Now?\n      vote_seconds: 60\n      no_vote: one\n      options:\n${choice("one", "nowhere")}${choice("two", "done")}${ending("done")}${ending("orphan")}`;
    const run = check({ "t/m1/001-a.quiz.yaml": quiz("Right", ["Wrong one", "Not this", "Neither"]), "gamedays/drill.yaml": scenario });
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/gamedays\/drill\.yaml: steps\.s1\.options\.one\.next: unknown step "nowhere"/);
    expect(run.out).toContain("0 in lab files; 1 in game day files; 0 in practice lab files;");
  });

  it("passes a clean curriculum", () => {
    const run = check({ "t/m1/001-a.quiz.yaml": quiz("Right", ["Wrong one", "Not this", "Neither"]) });
    expect(run.out).toContain("Curriculum OK: 1 skills, 1 lessons, 1 questions, 0 labs, 0 game days, 0 practice labs.");
    expect(run.status).toBe(0);
  });

  it("refuses a practice lab naming an unknown parser check, placeholder or lesson", () => {
    const lab = [
      "id: bad-lab",
      "title: A broken practice lab",
      "lesson: a",
      "parser: wrk",
      "run: wrk --latency http://127.0.0.1/",
      "instructions: Run wrk against your service and paste the whole summary it prints.",
      "healthy: Nothing to fix in this run of the load test.",
      "checks:",
      "  - check: tail-far-above-median",
      "    feedback: p99 is {p99} ms and the median {p42} ms, which is a lot.",
      "    see: a",
      "  - check: no-such-check",
      "    feedback: This check does not exist in the wrk parser at all.",
      "    see: nowhere",
    ].join("\n");
    const run = check({ "t/m1/001-a.quiz.yaml": quiz("Right", ["Wrong one", "Not this", "Neither"]), "practice/bad-lab.yaml": `${lab}\n` });
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/bad-lab\.yaml: checks\[0\]\.feedback: \{p42\} is not filled by tail-far-above-median \(p50, p99, ratio\)/);
    expect(run.out).toMatch(/bad-lab\.yaml: checks\[1\]\.check: "no-such-check" is not a check of wrk/);
    expect(run.out).toMatch(/bad-lab\.yaml: checks\[1\]\.see: no lesson "nowhere"/);
  });
});
