import { describe, expect, it } from "vitest";
import { lessonFile, makeCurriculum } from "../helpers/curriculum-files.js";
import { runCli } from "../helpers/processes.js";

const passing = "lesson: a\ntitle: Prints ok\nsteps:\n  - run: sh\n    script: echo ok\n    expect:\n      - match: '^ok$'\n";
const failing =
  "lesson: b\ntitle: Expects what is not printed\nsteps:\n  - name: say hello\n    run: sh\n    script: echo bye\n    expect:\n      - match: '^hello$'\n";
const skipped = "lesson: c\ntitle: Needs a server that is not here\nneeds: [mongodb]\nsteps:\n  - run: sh\n    script: mongosh --eval 1\n";

/** Runs the CLI on a curriculum of three lessons and the given lab files; no MongoDB answers on port 1. */
function labs(args: string[], files: Record<string, string>) {
  const root = makeCurriculum({ "t/m1/001-a.md": lessonFile("a", 1), "t/m1/002-b.md": lessonFile("b", 2), "t/m1/003-c.md": lessonFile("c", 3), ...files });
  const run = runCli("labs", [...args, root], { env: { ...process.env, LABS_MONGODB_URL: "mongodb://127.0.0.1:1" } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, last: run.stdout.trimEnd().split("\n").at(-1) };
}

describe("npm run curriculum:labs", () => {
  it("prints a table and a last line of counts, and exits 1 when a lab fails", () => {
    const run = labs([], { "t/m1/001-a.lab.yaml": passing, "t/m1/002-b.lab.yaml": failing, "t/m1/003-c.lab.yaml": skipped });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^lab\s+result\s+time\s+note$/m);
    expect(run.stdout).toMatch(/^m1\/001-a\s+passed\s+\d+\.\d s$/m);
    expect(run.stdout).toMatch(/^m1\/002-b\s+failed\s+\d+\.\d s\s+say hello: no match for \/\^hello\$\/$/m);
    expect(run.stdout).toMatch(/^m1\/003-c\s+skipped\s+\d+\.\d s\s+missing mongodb$/m);
    expect(run.stdout).toContain("    | bye");
    expect(run.last).toBe("1 passed, 1 failed, 1 skipped");
  });

  const two = { "t/m1/001-a.lab.yaml": passing, "t/m1/002-b.lab.yaml": failing };

  it("runs one lab on request by lesson id, and exits 0 when none fails", () => {
    const one = labs(["--lab", "a"], two);
    expect(one.status).toBe(0);
    expect(one.last).toBe("1 passed, 0 failed, 0 skipped");
  });

  it("runs one lab by its number", () => {
    expect(labs(["--lab", "001"], two).last).toBe("1 passed, 0 failed, 0 skipped");
  });

  it("runs every lab whose number starts with a shorter number", () => {
    expect(labs(["--lab", "00"], two).last).toBe("1 passed, 1 failed, 0 skipped");
  });

  it("runs one module, one lab at a time with --jobs 1", () => {
    expect(labs(["--module", "m1", "--jobs", "1"], two).last).toBe("1 passed, 1 failed, 0 skipped");
  });

  it("tells each lab where the curriculum it runs from is", () => {
    const readsTrack =
      "lesson: a\ntitle: Reads the track file\nsteps:\n  - run: sh\n    script: cat \"$CURRICULUM_DIR/t/track.yaml\"\n    expect:\n      - match: '^id: t$'\n";
    expect(labs([], { "t/m1/001-a.lab.yaml": readsTrack }).last).toBe("1 passed, 0 failed, 0 skipped");
  });

  it("exits 2 for a selection that matches nothing", () => {
    const none = labs(["--module", "m9"], { "t/m1/001-a.lab.yaml": passing });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("No lab matches --module m9.");
  });

  it("exits 2 for an invalid lab file, naming it", () => {
    const invalid = labs([], { "t/m1/001-a.lab.yaml": "lesson: a\ntitle: A\nsteps: []\n" });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/Invalid lab files:\n.*001-a\.lab\.yaml\.steps/);
  });
});
