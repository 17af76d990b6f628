import { describe, expect, it } from "vitest";
import { lessonBody, lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";
import { runCli } from "../helpers/processes.js";

describe("npm run curriculum:stats", () => {
  it("prints kinds, checkpoints, diagrams and lessons per skill, flagging a skill under 8 lessons", () => {
    const diagram = `${lessonBody(200)}\n\n\`\`\`text\nclient --GET--> server\nclient <--200-- server\n\`\`\``;
    const root = makeCurriculum({
      "t/m1/001-a.md": lessonFile("a", 1, {}, diagram),
      "t/m1/002-b.md": lessonFile("b", 2, { kind: "checkpoint" }),
    });
    const run = runCli("curriculum-stats", [root]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Course: 2 lessons in 1 modules");
    expect(run.stdout).toContain("by kind: lesson 1, checkpoint 1");
    expect(run.stdout).toMatch(/checkpoints of the course project: 1\n {4}b\n/);
    expect(run.stdout).toMatch(/with a diagram .*: 1 \(target at least 12\)\n {4}a\n/);
    expect(run.stdout).toMatch(/^backend-tech\s+2\s+0 {2}below 8 lessons$/m);
    expect(run.stdout).toContain("1 skill(s) with fewer than 8 lessons: backend-tech");
  });
});
