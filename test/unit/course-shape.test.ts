import { describe, expect, it } from "vitest";
import type { Curriculum, Lesson, Question } from "../../src/lessons/curriculum-schema.js";
import { courseShape, hasDiagram, MIN_DIAGRAM_LESSONS } from "../../src/lessons/quality/course-shape.js";
import { builtInCourse } from "../helpers/course.js";

const fence = (info: string, text: string) => `Before.\n\n\`\`\`${info}\n${text}\n\`\`\`\n\nAfter.`;

describe("hasDiagram", () => {
  it("counts a text block with two lines of drawn arrows: a sequence diagram", () => {
    const sequence = ["client        server", "  |---- GET ---->|", "  |<--- 200 -----|"].join("\n");
    expect(hasDiagram(fence("text", sequence))).toBe(true);
  });

  it("counts vertical arrowheads and box-drawing characters", () => {
    expect(hasDiagram(fence("text", ["browser", "  |", "  v", "CDN --miss--> origin"].join("\n")))).toBe(true);
    expect(hasDiagram(fence("text", ["┌─────┐", "│ API │", "└─────┘"].join("\n")))).toBe(true);
  });

  it("does not count EXPLAIN plans, before-and-after values, one arrow, or arrows outside a text block", () => {
    const plan = ["Limit  (actual time=0.04..0.09 rows=20 loops=1)", "  ->  Index Scan using orders_idx on orders", "  ->  Sort"].join("\n");
    expect(hasDiagram(fence("text", plan))).toBe(false);
    expect(hasDiagram(fence("text", ["pool 50 -> 5", "p99 300 ms -> 4.1 s"].join("\n")))).toBe(false);
    expect(hasDiagram(fence("text", ["base backup |=====|--> DROP", "restore, replay"].join("\n")))).toBe(false);
    expect(hasDiagram(fence("sh", ["a --> b", "c --> d"].join("\n")))).toBe(false);
    expect(hasDiagram("Prose with a --> b\nand c --> d, not fenced.")).toBe(false);
  });

  it("looks at every text block, not only the first", () => {
    const body = `${fence("text", "plain output")}\n\n${fence("text", ["a --> b", "b --> c"].join("\n"))}`;
    expect(hasDiagram(body)).toBe(true);
  });
});

function lesson(id: string, skills: string[], extra: Partial<Lesson> = {}): Lesson {
  return {
    id,
    title: `Lesson ${id}`,
    module: "m1",
    order: 1,
    position: 1,
    skills,
    level: 2,
    minutes: 3,
    questions: [],
    prerequisites: [],
    kind: "lesson",
    track: "t",
    moduleTitle: "M",
    body: "A lesson without a diagram.",
    file: `t/m1/${id}.md`,
    ...extra,
  };
}

function question(id: string, skill: string): Question & { file: string } {
  return {
    id,
    lesson: "a",
    skill,
    difficulty: 1,
    prompt: "Which option is right here?",
    options: [{ text: "Right", correct: true }, { text: "Wrong" }, { text: "Also wrong" }],
    kind: "single",
    spec: { kind: "single" },
    explanation: "The first option is right, as the lesson says.",
    file: "t/m1/a.quiz.yaml",
  };
}

describe("courseShape", () => {
  const diagram = fence("text", ["a --> b", "b --> c"].join("\n"));
  // Eight lessons tag performance (one of them also communication); api-design has none.
  const lessons = [
    lesson("a", ["performance", "communication"], { body: diagram }),
    ...["b", "c", "d", "e", "f", "g"].map((id) => lesson(id, ["performance"])),
    lesson("h", ["performance"], { kind: "checkpoint", module: "m2", body: diagram }),
  ];
  const curriculum: Curriculum = {
    skills: [
      { id: "performance", title: "Performance" },
      { id: "communication", title: "Communication" },
      { id: "api-design", title: "APIs" },
    ],
    tracks: [{ id: "t", title: "T", description: "T", modules: [], lessons }],
    questions: [question("a-1", "performance"), question("a-2", "performance"), question("a-3", "communication")],
    families: [],
    chains: [],
  };

  it("counts lessons and questions per skill, in skills.yaml order, and flags a skill under 8 lessons", () => {
    expect(courseShape(curriculum).skills).toEqual([
      { skill: "performance", lessons: 8, questions: 2, belowMinimum: false },
      { skill: "communication", lessons: 1, questions: 1, belowMinimum: true },
      { skill: "api-design", lessons: 0, questions: 0, belowMinimum: true },
    ]);
  });

  it("counts lessons, modules, kinds, checkpoints and diagrams, ids in track order", () => {
    const shape = courseShape(curriculum);
    expect(shape.lessons).toBe(8);
    expect(shape.modules).toBe(2);
    expect(shape.kinds).toEqual([
      { kind: "lesson", lessons: 7 },
      { kind: "checkpoint", lessons: 1 },
    ]);
    expect(shape.checkpoints).toEqual(["h"]);
    expect(shape.diagrams).toEqual(["a", "h"]);
  });
});

describe("the built-in course", () => {
  it("meets issue #16's floors: every skill in at least 8 lessons, at least 12 lessons with a diagram", () => {
    const shape = courseShape(builtInCourse());
    expect(shape.skills.filter((s) => s.belowMinimum)).toEqual([]);
    expect(shape.diagrams.length).toBeGreaterThanOrEqual(MIN_DIAGRAM_LESSONS);
  });
});
