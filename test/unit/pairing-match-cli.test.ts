import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/processes.js";

const dir = mkdtempSync(path.join(tmpdir(), "match-cli-"));
const match = (...args: string[]) => runCli("match", args);
const file = (name: string, content: unknown) => {
  const where = path.join(dir, name);
  writeFileSync(where, typeof content === "string" ? content : JSON.stringify(content));
  return where;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run match", () => {
  const instance = {
    mentees: [
      {
        id: "ana",
        candidates: [
          { mentor: "maria", fit: 0.9 },
          { mentor: "li", fit: 0.8 },
        ],
      },
      { id: "ben", candidates: [{ mentor: "maria", fit: 0.85 }] },
      { id: "cy", candidates: [{ mentor: "maria", fit: 0.7 }] },
    ],
    mentors: [
      { id: "maria", capacity: 1 },
      { id: "li", capacity: 1 },
    ],
  };

  it("prints the assignment, its total fit, the unmatched mentees and the time taken", () => {
    const run = match(file("ok.json", instance));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/ana\s+li\s+0\.8000/);
    expect(run.stdout).toMatch(/ben\s+maria\s+0\.8500/);
    expect(run.stdout).toContain("Total fit: 1.6500");
    expect(run.stdout).toContain("Unmatched mentees (1): cy");
    expect(run.stdout).toMatch(/Solved in \d+\.\d ms \(seed 0\)\./);
  });

  it("prints one JSON object with --json", () => {
    const run = match(file("ok.json", instance), "--json", "--seed", "4");
    expect(JSON.parse(run.stdout)).toMatchObject({ totalFit: 1.65, unmatched: ["cy"], seed: 4 });
  });

  it("refuses a malformed file with one line per problem, naming the field, and exit code 1", () => {
    const bad = {
      ...instance,
      mentors: [
        { id: "maria", capacity: 0 },
        { id: "li", capacity: 1 },
      ],
    };
    const run = match(file("bad.json", bad));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("mentors[0].capacity: must be a whole number of at least 1");
    expect(run.stdout).toBe("");
    expect(match(file("broken.json", "{ mentees")).stderr).toContain("not valid JSON");
  });

  it("explains a missing file or a wrong command line", () => {
    expect(match(path.join(dir, "absent.json")).stderr).toContain("cannot read the instance (no such file)");
    const run = match(file("ok.json", instance), "--seed", "soon");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--seed needs a whole number.");
  });
});
