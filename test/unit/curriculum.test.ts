import path from "node:path";
import { describe, expect, it } from "vitest";
import { CurriculumError, loadCurriculum } from "../../src/lessons/curriculum-loader.js";
import { lessonBody as body, lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";

function problems(files: Record<string, string>): string[] {
  try {
    loadCurriculum(makeCurriculum(files));
  } catch (error) {
    if (error instanceof CurriculumError) return error.problems;
    throw error;
  }
  return [];
}

const question = (id: string, lesson: string, options: string) =>
  `  - id: ${id}\n    lesson: ${lesson}\n    skill: backend-tech\n    difficulty: 1\n    prompt: "Which one is right here?"\n    options:\n${options}    explanation: "Because the right one is right and the others are not."\n`;

describe("curriculum check", () => {
  it("accepts a valid track and reads lessons in order", () => {
    const root = makeCurriculum({ "t/m1/001-a.md": lessonFile("a", 1), "t/m1/002-b.md": lessonFile("b", 2, {}, body(180, " (see `a`)")) });
    const curriculum = loadCurriculum(root);
    expect(curriculum.tracks[0]?.lessons.map((l) => l.id)).toEqual(["a", "b"]);
  });

  it("names file and field for schema errors, unknown skills and modules", () => {
    const found = problems({ "t/m1/001-a.md": lessonFile("a", 1, { skills: "[cooking]", module: "m9", level: "7" }) });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/001-a\.md: frontmatter\.level: .*3/)]));
    const found2 = problems({ "t/m1/001-a.md": lessonFile("a", 1, { skills: "[cooking]", module: "m9" }) });
    expect(found2).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/001-a\.md: frontmatter\.module: unknown module "m9"/),
        expect.stringMatching(/001-a\.md: frontmatter\.skills\[0\]: unknown skill "cooking"/),
      ]),
    );
  });

  it("finds duplicate ids, repeated orders in a module, bad lengths and broken links", () => {
    const found = problems({
      "t/m1/001-a.md": lessonFile("a", 1),
      "t/m1/002-a.md": lessonFile("a", 1, {}, body(100)),
      "t/m1/004-c.md": lessonFile("c-c", 4, {}, body(200, " (see `later-lesson`)")),
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/002-a\.md: id: "a" is also the id of/),
        expect.stringMatching(/002-a\.md: order: 1 is also the order of .*001-a\.md in module m1/),
        expect.stringMatching(/002-a\.md: body: 100 words/),
        expect.stringMatching(/004-c\.md: body: links to unknown lesson "later-lesson"/),
      ]),
    );
  });

  it("orders a track by its modules in track.yaml, then by order within each module", () => {
    const track = "id: t\ntitle: Track\ndescription: A track\nmodules:\n  - id: m0\n    title: First\n  - id: m1\n    title: Second\n";
    const root = makeCurriculum({
      "t/track.yaml": track,
      "t/m1/001-a.md": lessonFile("a", 1),
      "t/m1/002-b.md": lessonFile("b", 5),
      "t/m0/100-z.md": lessonFile("z", 2, { module: "m0" }),
      "t/m0/101-y.md": lessonFile("y", 1, { module: "m0" }),
    });
    const lessons = loadCurriculum(root).tracks[0]?.lessons ?? [];
    expect(lessons.map((l) => [l.id, l.position])).toEqual([
      ["y", 1],
      ["z", 2],
      ["a", 3],
      ["b", 4],
    ]);
  });

  it("refuses prerequisites that are unknown, come later, or loop", () => {
    const found = problems({
      "t/m1/001-a.md": lessonFile("a", 1, { prerequisites: "[b]" }),
      "t/m1/002-b.md": lessonFile("b", 2, { prerequisites: "[a, nowhere]" }),
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/001-a\.md: frontmatter\.prerequisites: "b" comes later in the track/),
        expect.stringMatching(/002-b\.md: frontmatter\.prerequisites: unknown lesson "nowhere"/),
        "prerequisites loop: a -> b -> a",
      ]),
    );
    expect(problems({ "t/m1/001-a.md": lessonFile("a", 1), "t/m1/002-b.md": lessonFile("b", 2, { prerequisites: "[a]", kind: "checkpoint" }) })).toEqual([]);
  });

  it("checks questions: one correct option, no duplicates, known lesson, listed in frontmatter", () => {
    const quiz = `questions:\n${question("a-1", "a", '      - text: "One"\n        correct: true\n      - text: "One"\n      - text: "Two"\n        correct: true\n')}${question("x-1", "nope", '      - text: "A"\n        correct: true\n      - text: "B"\n      - text: "C"\n')}`;
    const found = problems({ "t/m1/001-a.md": lessonFile("a", 1, { questions: "[a-1]" }), "t/m1/001-a.quiz.yaml": quiz });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/question a-1: options: exactly one must be correct: true \(found 2\)/),
        expect.stringMatching(/question a-1: options: two options have the same text/),
        expect.stringMatching(/question x-1: lesson: unknown lesson "nope"/),
      ]),
    );
  });

  it("reads only folders with a track.yaml as tracks, so the lab kit in labs/ is not one", () => {
    const found = problems({ "t/m1/001-a.md": lessonFile("a", 1), "labs/docker-compose.yml": "services: {}\n", "labs/README.md": "# Lab kit\n" });
    expect(found).toEqual([]);
  });

  it("reports invalid YAML with the file name", () => {
    const found = problems({ "t/m1/001-a.md": lessonFile("a", 1), "t/m1/001-a.quiz.yaml": "questions: [unclosed" });
    expect(found.some((p) => p.includes("001-a.quiz.yaml: not valid YAML"))).toBe(true);
  });

  it("passes on the built-in curriculum: at least 60 lessons and 240 questions", () => {
    const curriculum = loadCurriculum(path.resolve("curriculum"));
    expect(curriculum.tracks.flatMap((t) => t.lessons).length).toBeGreaterThanOrEqual(60);
    expect(curriculum.questions.length).toBeGreaterThanOrEqual(240);
  });
});
