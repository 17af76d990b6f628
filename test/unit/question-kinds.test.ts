import { describe, expect, it } from "vitest";
import { CurriculumError, loadCurriculum } from "../../src/lessons/curriculum-loader.js";
import { parseNumber } from "../../src/quizzes/grading.js";
import { lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";
import { KINDS_QUIZ } from "../helpers/question-kinds-curriculum.js";

const IDS = "[k-single, k-numeric, k-order, k-bug, k-family-a, k-family-b, k-family-c, k-chain-1, k-chain-2, k-chain-3]";

function problemsOf(quiz: string): string[] {
  const root = makeCurriculum({ "t/kinds.md": lessonFile("kinds", 1, { questions: IDS }), "t/kinds.quiz.yaml": quiz });
  try {
    loadCurriculum(root);
    return [];
  } catch (error) {
    if (error instanceof CurriculumError) return error.problems;
    throw error;
  }
}

describe("question kinds in curriculum:check", () => {
  it("accepts one question of every kind, a family and a chain", () => {
    expect(problemsOf(KINDS_QUIZ)).toEqual([]);
  });

  it.each([
    ["a zero tolerance", KINDS_QUIZ.replace("tolerance: 1", "tolerance: 0"), "tolerance"],
    ["a tolerance as wide as the answer", KINDS_QUIZ.replace("tolerance: 1", "tolerance: 60"), "tolerance: 60 is as wide as the answer 50"],
    ["two equal steps", KINDS_QUIZ.replace('"Client sends ACK"', '"Client sends SYN"'), "items: two steps have the same text"],
    ["a bug line past the code", KINDS_QUIZ.replace("line: 5", "line: 9"), "line: 9 is past the last line (5)"],
    ["a family id used twice", KINDS_QUIZ.replace("id: checkout-errors", "id: cache-ttl-bound"), '"cache-ttl-bound" is also the id of a family or chain'],
    [
      "a family with an unknown member",
      KINDS_QUIZ.replace("members: [k-family-a, k-family-b, k-family-c]", "members: [k-family-a, k-family-b, k-nope]"),
      'unknown question "k-nope"',
    ],
    ["a chain step that does not exist", KINDS_QUIZ.replace("- question: k-chain-3", "- question: k-chain-9"), 'unknown question "k-chain-9"'],
    [
      "a chain step with nothing to reveal",
      KINDS_QUIZ.replace('        reveal: "The rollback at 14:09 brings errors back to 0.1%."\n', ""),
      "reveal: each step after the first",
    ],
    [
      "a single choice without a right option",
      KINDS_QUIZ.replace('"429 Too Many Requests"\n        correct: true', '"429 Too Many Requests"'),
      "exactly one must be correct",
    ],
  ])("refuses %s", (_, quiz, expected) => {
    expect(problemsOf(quiz).join("\n")).toContain(expected);
  });
});

describe("parseNumber", () => {
  it.each([
    ["240", 240],
    ["-0.75", -0.75],
    ["1,200", 1200],
    ["1 200", 1200],
    ["1.2e3", 1200],
    ["14.4%", 14.4],
    ["50 requests", 50],
  ])("reads %s as %d", (raw, value) => {
    expect(parseNumber(raw, "requests")).toBe(value);
  });
  it.each(["fifty", "", "1,20", "12 ms", "1..2", "0x10"])("refuses %s", (raw) => {
    expect(parseNumber(raw, "requests")).toBeUndefined();
  });
  it.each([
    ["500 billion rows", 500],
    ["500 billion", 500],
    ["500billion", 500],
    ["500", 500],
  ])("reads %s against the unit 'billion rows' as %d", (raw, value) => {
    expect(parseNumber(raw, "billion rows")).toBe(value);
  });
  it.each(["500 rows", "500 million"])("refuses %s against the unit 'billion rows'", (raw) => {
    expect(parseNumber(raw, "billion rows")).toBeUndefined();
  });
});
