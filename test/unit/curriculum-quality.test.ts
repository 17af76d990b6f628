import { describe, expect, it } from "vitest";
import type { Curriculum, Lesson } from "../../src/lessons/curriculum-schema.js";
import { offTopicCitations } from "../../src/lessons/quality/citations.js";
import { absoluteOnlyInDistractors, longestKey, type QuestionInFile, selfProvingKey } from "../../src/lessons/quality/question-rules.js";
import { bankStats } from "../../src/lessons/quality/stats.js";
import { promptSkeleton, repeatedTemplates } from "../../src/lessons/quality/templates.js";

/** A question whose first option is the key. */
function question(key: string, distractors: string[], prompt = "Which option is right in this situation?", id = "q-1"): QuestionInFile {
  return {
    id,
    lesson: "a",
    skill: "performance",
    difficulty: 2,
    prompt,
    options: [{ text: key, correct: true }, ...distractors.map((text) => ({ text }))],
    kind: "single",
    spec: { kind: "single" },
    explanation: "The first option is right for the reasons the lesson gives.",
    file: "t/m1/001-a.quiz.yaml",
  };
}

const x = (n: number) => "x".repeat(n);

describe("longest-key", () => {
  it("flags a key 10% and 5 characters longer than every distractor, with the numbers", () => {
    const [finding] = longestKey(question(x(70), [x(60), x(50), x(40)]));
    expect(finding?.rule).toBe("longest-key");
    expect(finding?.item).toBe("question q-1");
    expect(finding?.message).toContain("70 characters, the longest distractor 60: +10 characters, +17%");
  });

  it("passes a key only a little longer, by either measure", () => {
    expect(longestKey(question(x(64), [x(60), x(50), x(40)]))).toEqual([]); // +4 characters
    expect(longestKey(question(x(33), [x(30), x(20), x(20)]))).toEqual([]); // +10% but +3 characters
    expect(longestKey(question(x(40), [x(60), x(50), x(40)]))).toEqual([]);
  });
});

describe("absolute-words", () => {
  it("flags absolute words in two distractors and none in the key", () => {
    const [finding] = absoluteOnlyInDistractors(question("Usually faster on warm caches", ["It is always faster", "It never helps", "It depends on the disk"]));
    expect(finding?.message).toMatch(/2 of 3 distractors use an absolute word \("always", "never"\)/);
  });

  it("passes one marked distractor, a key with an absolute word too, and words that only contain one", () => {
    expect(absoluteOnlyInDistractors(question("Usually faster", ["It is always faster", "It helps a bit", "It depends"]))).toEqual([]);
    expect(absoluteOnlyInDistractors(question("Only the first call waits", ["It is always faster", "It never helps", "No"]))).toEqual([]);
    expect(absoluteOnlyInDistractors(question("Usually faster", ["It is allowed", "A nonetheless case", "Anything else"]))).toEqual([]);
  });
});

describe("self-proving-key", () => {
  it("flags arithmetic in the key", () => {
    const [finding] = selfProvingKey(question("64%, because 64% × 5 / 4 = 80%", ["80%, since that is the limit", "75%, leaving a margin", "16%"]));
    expect(finding?.message).toContain("carries its own arithmetic");
  });

  it("flags a reasoned key among plain distractors", () => {
    const [finding] = selfProvingKey(question("Rotate the key, because it is still in the history", ["Nothing", "Make the repo private", "Ignore the file"]));
    expect(finding?.message).toMatch(/argues for itself \("because"\) and 0 of 3 distractors give a reason/);
  });

  it("passes when the distractors give reasons too, and a 'since' that is a date", () => {
    const reasoned = question("It falls to a tenth, because misses drop tenfold", [
      "It halves, because latency halves",
      "It stays, since the cache only changes latency",
      "It falls 9%",
    ]);
    expect(selfProvingKey(reasoned)).toEqual([]);
    expect(selfProvingKey(question("Supported since 2019 in every version", ["Never supported", "Only in beta", "Deprecated"]))).toEqual([]);
    expect(selfProvingKey(question("UPDATE items SET stock = stock - 1 WHERE id = 5", ["BEGIN and COMMIT", "Serializable", "An index"]))).toEqual([]);
  });
});

describe("repeated-template", () => {
  const littles = [
    "A service receives 400 req/s and each request spends 250 ms inside it. How many requests are in flight?",
    "A service receives 300 req/s and each request spends 200 ms inside it. How many requests are in flight?",
    "A service receives 1,200 req/s and each request spends 50 ms inside Gunicorn. How many requests are in flight?",
  ];

  it("masks numbers, names and code in the skeleton", () => {
    expect(promptSkeleton("A service on `Redis` receives 400 req/s from Priya.")).toEqual([
      "a",
      "service",
      "on",
      "§",
      "receives",
      "#",
      "req",
      "s",
      "from",
      "N",
    ]);
  });

  it("flags a template used three times, once, naming every question", () => {
    const findings = repeatedTemplates(littles.map((prompt, i) => question("100", ["1.6", "1,600"], prompt, `little-${i}`)));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.item).toBe("question little-2");
    expect(findings[0]?.message).toContain("3 questions share one prompt template (little-0, little-1, little-2");
  });

  it("passes a template used twice, and different prompts", () => {
    expect(repeatedTemplates(littles.slice(0, 2).map((prompt, i) => question("100", ["1.6"], prompt, `little-${i}`)))).toEqual([]);
    const different = [littles[0] as string, "Why does EXPLAIN ANALYZE run the statement?", "What does a flame graph's width show?"];
    expect(repeatedTemplates(different.map((prompt, i) => question("100", ["1.6"], prompt, `q-${i}`)))).toEqual([]);
  });
});

function lesson(id: string, body: string, title = `Lesson ${id}`): Lesson {
  return {
    id,
    title,
    module: "m1",
    order: 1,
    position: 1,
    skills: ["performance"],
    level: 2,
    minutes: 3,
    questions: [],
    prerequisites: [],
    kind: "lesson",
    track: "t",
    moduleTitle: "M",
    body,
    file: `t/m1/${id}.md`,
  };
}

describe("citation-off-topic", () => {
  const mvcc = lesson("postgres-mvcc", "An UPDATE writes a new row version, a tuple, and VACUUM removes dead tuples later.", "MVCC and VACUUM");

  it("flags a citation for a term the cited lesson never explains", () => {
    const tuning = lesson(
      "query-tuning",
      "Every index slows inserts, takes disk and memory, and can prevent heap-only tuple (HOT) updates (see `postgres-mvcc`).",
    );
    const [finding] = offTopicCitations([mvcc, tuning], []);
    expect(finding?.rule).toBe("citation-off-topic");
    expect(finding?.item).toBe("lesson query-tuning");
    expect(finding?.message).toMatch(/postgres-mvcc has 2 of its 8 key words .*has: tuple, updates; lacks: takes, disk, memory, prevent, heap, hot/);
  });

  it("passes a citation whose term the cited lesson explains, in lessons and in questions", () => {
    const outbox = lesson("outbox", "Old row versions stay until VACUUM removes the dead tuples (see `postgres-mvcc`).");
    const q = { ...question("A", ["B", "C"]), explanation: "Each UPDATE leaves a dead tuple behind (see `postgres-mvcc`) until VACUUM." };
    expect(offTopicCitations([mvcc, outbox], [q])).toEqual([]);
  });

  it("checks question text too", () => {
    const q = { ...question("A", ["B", "C"]), explanation: "Sharded clusters route by shard key (see `postgres-mvcc`)." };
    expect(offTopicCitations([mvcc], [q]).map((f) => f.item)).toEqual(["question q-1"]);
  });
});

describe("bank statistics", () => {
  it("splits ties for the longest option and counts absolute words in keys and distractors", () => {
    const questions = [
      { ...question(x(20), [x(10), x(10), x(10)]), id: "a-1" }, // key longest: 1
      { ...question(x(20), [x(20), x(10), x(10)]), id: "a-2" }, // tie of two: 0.5
      { ...question("It never helps", ["Always", "Sometimes", "Often it does help a lot"]), id: "a-3" }, // distractor longest: 0
      { ...question(x(5), [x(10), x(10), x(10)]), id: "a-4" }, // 0
    ];
    const curriculum: Curriculum = {
      skills: [],
      tracks: [{ id: "t", title: "T", description: "T", modules: [{ id: "m1", title: "M" }], lessons: [lesson("a", "body")] }],
      questions,
      families: [],
      chains: [],
    };
    const stats = bankStats(curriculum, []);
    expect(stats.longestOptionRate).toBeCloseTo(1.5 / 4);
    expect(stats.keysWithAbsolute).toBeCloseTo(1 / 4);
    expect(stats.distractorsWithAbsolute).toBeCloseTo(1 / 12);
    expect(stats.modules).toEqual([{ name: "m1", lessons: 1, questions: 4, choice: 4, labs: 0, longestOptionRate: 1.5 / 4 }]);
    expect(stats.levels.map((l) => l.lessons)).toEqual([0, 1, 0]);
  });
});
