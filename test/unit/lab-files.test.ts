import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCurriculum } from "../../src/lessons/curriculum-loader.js";
import { loadLabs } from "../../src/lessons/labs/lab-files.js";
import { runScheduled } from "../../src/lessons/labs/lab-schedule.js";
import type { Lab } from "../../src/lessons/labs/lab-schema.js";
import { lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";

function labProblems(files: Record<string, string>): { names: string[]; problems: string[] } {
  const root = makeCurriculum({ "t/m1/001-a.md": lessonFile("a", 1), "t/m1/002-b.md": lessonFile("b", 2), ...files });
  const { labs, problems } = loadLabs(
    root,
    loadCurriculum(root).tracks.flatMap((t) => t.lessons),
  );
  return { names: labs.map((l) => l.name), problems: problems.map((p) => p.replace(/^.*?t\/m1\//, "")) };
}

describe("lab files", () => {
  it("accepts a lab beside its lesson and names it by module folder and stem", () => {
    const found = labProblems({ "t/m1/001-a.lab.yaml": "lesson: a\ntitle: A\nneeds: [postgres]\nsteps:\n  - run: psql\n    script: SELECT 1;\n" });
    expect(found).toEqual({ names: ["m1/001-a"], problems: [] });
  });

  it("names the file and field of every problem", () => {
    const { problems } = labProblems({
      "t/m1/001-a.lab.yaml": [
        "lesson: b",
        "title: A",
        "needs: [postgres, cobol]",
        "steps:",
        "  - run: redis",
        "    script: PING",
        "  - run: sh",
        "    script: 'true'",
        "    ready: http",
        "  - run: sh",
        "    script: 'true'",
        "    expect:",
        "      - number: 'rows=\\d+'",
        "        between: [1, 2]",
        "      - match: '(unclosed'",
        "",
      ].join("\n"),
      "t/m1/003-c.lab.yaml": "lesson: c\ntitle: C\nsteps:\n  - run: sh\n    script: 'true'\n",
      "t/m1/002-b.lab.yaml": "lesson: b\ntitle: B\nsteps:\n  - run: psql\n    script: SELECT 1;\n",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^001-a\.lab\.yaml\.needs\[1\]: /),
        expect.stringMatching(/^001-a\.lab\.yaml\.steps\[1\]/),
        expect.stringMatching(/^001-a\.lab\.yaml\.steps\[2\]/),
        "003-c.lab.yaml: no lesson 003-c.md beside it (a lab has its lesson's file name)",
        '002-b.lab.yaml: steps[0].run: "psql" needs "postgres" in needs',
      ]),
    );
  });

  it("checks that a lab names the lesson beside it", () => {
    const { problems } = labProblems({ "t/m1/002-b.lab.yaml": "lesson: a\ntitle: B\nsteps:\n  - run: sh\n    script: 'true'\n" });
    expect(problems).toEqual(['002-b.lab.yaml: lesson: "a" but the lesson beside it is "b"']);
  });

  it("finds the built-in labs valid", () => {
    const root = path.resolve("curriculum");
    const { labs, problems } = loadLabs(
      root,
      loadCurriculum(root).tracks.flatMap((t) => t.lessons),
    );
    expect(problems).toEqual([]);
    expect(labs.length).toBeGreaterThanOrEqual(9);
  });
});

describe("lab schedule", () => {
  const lab = (name: string, exclusive = false) => ({ name, exclusive }) as Lab;

  it("runs at most `jobs` labs at once, and an exclusive lab alone, after the others", async () => {
    let running: string[] = [];
    const seen: string[][] = [];
    const order: string[] = [];
    await runScheduled(
      [lab("a"), lab("x", true), lab("b"), lab("c"), lab("y", true)],
      2,
      async (l) => {
        running.push(l.name);
        seen.push([...running]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running = running.filter((n) => n !== l.name);
        return l.name;
      },
      (name) => order.push(name),
    );
    expect(Math.max(...seen.map((s) => s.length))).toBe(2);
    expect(seen.filter((s) => s.includes("x") || s.includes("y"))).toEqual([["x"], ["y"]]);
    expect(order.slice(-2)).toEqual(["x", "y"]);
    expect([...order].sort()).toEqual(["a", "b", "c", "x", "y"]);
  });
});
