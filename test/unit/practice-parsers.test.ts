import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { withoutMarks } from "../../src/core/text.js";
import { evaluatePaste, feedbackSentence, MAX_PASTE_CHARS, pasteTooLong } from "../../src/practice/evaluate.js";
import { loadPracticeLabs, type PracticeLab } from "../../src/practice/lab-files.js";
import { PARSERS } from "../../src/practice/parsers/index.js";
import { binaryText } from "../helpers/binary-text.js";
import { builtInCourse } from "../helpers/course.js";

const FIXTURES = path.resolve("test/fixtures/practice");
const expected = parseYaml(readFileSync(path.join(FIXTURES, "expected.yaml"), "utf8")) as Record<
  string,
  Record<string, { passed: boolean; findings: string[] }>
>;
const curriculum = builtInCourse();
const { labs, problems } = loadPracticeLabs(path.resolve("curriculum"), new Set(curriculum.tracks.flatMap((t) => t.lessons.map((l) => l.id))));
const fixture = (lab: string, name: string) => readFileSync(path.join(FIXTURES, lab, name), "utf8");
const labNamed = (id: string) => labs.find((l) => l.id === id) as PracticeLab;

describe("practice lab files", () => {
  it("load without problems: at least 8 labs, each on its own parser and lesson", () => {
    expect(problems).toEqual([]);
    expect(labs.length).toBeGreaterThanOrEqual(8);
  });

  it("each lab has at least 5 fixtures: real captures it passes, malformed ones, another tool's output and an adversarial one", () => {
    for (const lab of labs) {
      const files = readdirSync(path.join(FIXTURES, lab.id)).sort();
      expect(files.length, lab.id).toBeGreaterThanOrEqual(5);
      expect(Object.keys(expected[lab.id] ?? {}).sort(), `${lab.id}: every fixture has an expectation`).toEqual(files);
      for (const kind of ["real-", "malformed-", "wrong-tool-", "adversarial-"])
        expect(
          files.some((f) => f.startsWith(kind)),
          `${lab.id} ${kind}`,
        ).toBe(true);
      expect(
        files.some((f) => f.startsWith("real-") && expected[lab.id]?.[f]?.passed),
        `${lab.id} passes a real capture`,
      ).toBe(true);
    }
  });
});

describe("every fixture gives what expected.yaml says", () => {
  for (const [labId, files] of Object.entries(expected)) {
    for (const [file, want] of Object.entries(files)) {
      it(`${labId}/${file}`, () => {
        const lab = labNamed(labId);
        const result = evaluatePaste(lab, fixture(labId, file));
        expect(result.passed, result.reason).toBe(want.passed);
        expect(result.findings.map((f) => f.check)).toEqual(want.findings);
        if (!want.passed) expect(result.reason).toMatch(/\.$/);
        if (file.startsWith("wrong-tool-") && PARSERS[lab.parser]) expect(result.passed).toBe(false);
      });
    }
  }
});

describe("feedback is specific and true", () => {
  const sentences = (labId: string, file: string) => {
    const lab = labNamed(labId);
    return evaluatePaste(lab, fixture(labId, file)).findings.map((f) => withoutMarks(feedbackSentence(lab, f)));
  };

  it("names the node, both row counts and the lesson for stale statistics", () => {
    expect(sentences("explain-analyze", "real-stale-statistics.txt")[0]).toBe(
      "On **Parallel Seq Scan on orders** the planner expected 1 and got 123,738 rows (123,738x off, per loop). Its statistics on orders are stale or too coarse: run `ANALYZE orders;` and EXPLAIN again; if it stays off, raise the column's statistics target or add extended statistics. See lesson `query-tuning` (`/mentor lesson query-tuning`).",
    );
  });

  it("reports the sort that spilled, with its size", () => {
    expect(sentences("explain-analyze", "real-join-spill.txt")[1]).toContain("**Sort** sorted on disk (7,336 kB)");
  });

  it("puts p99 against p50 for wrk and ab and points at coordinated omission", () => {
    expect(sentences("wrk-latency", "real-tail-coordinated-omission.txt")[0]).toMatch(
      /^p99 is 199.96 ms against a p50 of 1.9 ms \(105x\).*coordinated omission.*lesson `load-testing`/s,
    );
    expect(sentences("ab-latency", "real-tail-no-keepalive.txt")[0]).toMatch(/^99% of requests finished within 206 ms but half within 7 ms \(29x\)/);
  });

  it("finds the N+1 pattern and the dominating statement in pg_stat_statements", () => {
    const [dominates, chatty] = sentences("pg-stat-statements", "adversarial-real-mention-in-query-and-n-plus-one.txt");
    expect(dominates).toContain("One statement takes 66% of all execution time (calls: 5, 100.59 ms each)");
    expect(chatty).toContain("select total_cents from orders where id = $1 ran 3,000 times at 0.01 ms each");
    expect(chatty).toContain("lesson `n-plus-one-queries`");
  });

  it("counts lock waiters and Redis spikes as they were", () => {
    expect(sentences("pg-lock-waits", "real-lock-waits.txt")[0]).toContain("Sessions waiting on a lock: 3 (transactionid, tuple)");
    expect(sentences("redis-latency", "real-latency-terminal-spikes.txt")[0]).toContain("A round trip took 251 ms");
    expect(sentences("ss-sockets", "real-time-wait-pile-up.txt")[0]).toContain("5,439 sockets are in TIME-WAIT against 30 established");
  });

  it("marks text that came from the paste, so adapters show it as written", () => {
    const lab = labNamed("explain-analyze");
    const [finding] = evaluatePaste(lab, fixture("explain-analyze", "adversarial-mention-in-relation.txt")).findings;
    const sentence = feedbackSentence(lab, finding as NonNullable<typeof finding>);
    expect(sentence).toContain("\uE010Parallel Seq Scan on <!channel>@everyone_*orders*\uE011");
    expect(sentence.replace(/\uE010[^\uE011]*\uE011/g, "")).not.toMatch(/<!|@everyone/);
  });
});

describe("robustness", () => {
  it("refuses a paste over the limit with its length, before parsing", () => {
    expect(pasteTooLong("x".repeat(MAX_PASTE_CHARS))).toBeUndefined();
    expect(pasteTooLong("x".repeat(1_000_000))).toMatch(/^That paste is 1,000,000 characters and a lab takes at most 4,000: .* Nothing was saved\.$/);
  });

  it("parses a huge paste (every lab's first real capture, repeated to about 200 kB) without throwing", () => {
    for (const lab of labs) {
      const real = readdirSync(path.join(FIXTURES, lab.id)).find((f) => f.startsWith("real-")) as string;
      const text = fixture(lab.id, real);
      const huge = text.repeat(Math.ceil(200_000 / text.length));
      expect(() => evaluatePaste(lab, huge), lab.id).not.toThrow();
    }
  });

  it("never throws on arbitrary text, control characters included, and a refusal never quotes the paste", () => {
    const lines = fc.array(fc.oneof(binaryText(), fc.constantFrom("<!channel>", "@everyone", "\u001b[2K", "\r", "rows=1 width=4)", "Latency")), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.constantFrom(...labs), lines, (lab, parts) => {
        const result = evaluatePaste(lab, parts.join("\n"));
        if (!result.passed) expect(result.reason ?? "").not.toMatch(/<!channel>|@everyone/);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it("keeps a real capture readable with noise lines inserted anywhere", () => {
    fc.assert(
      fc.property(fc.constantFrom(...labs), fc.nat(), fc.string(), (lab, at, noise) => {
        const real = readdirSync(path.join(FIXTURES, lab.id)).find((f) => f.startsWith("real-")) as string;
        const rows = fixture(lab.id, real).split("\n");
        rows.splice(at % (rows.length + 1), 0, noise);
        expect(() => evaluatePaste(lab, rows.join("\n"))).not.toThrow();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
});
