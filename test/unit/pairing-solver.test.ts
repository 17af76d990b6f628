import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InstanceError, type MatchInstance, parseInstance } from "../../src/pairing/instance.js";
import { type MatchResult, solveAssignment } from "../../src/pairing/solver.js";
import { generateInstance, prng } from "../bench/matching-instances.js";
import { allowedOptions, bellmanFordBest, bruteForceBest, scoreOf } from "./pairing-reference.js";

/** Fits are compared at a resolution of 1e-6 per pair. */
const FIT_TOLERANCE = 1e-5;

const mentors = (...specs: [string, number][]) => specs.map(([id, capacity]) => ({ id, capacity }));
const pairsOf = (result: MatchResult) => Object.fromEntries(result.pairs.map((p) => [p.mentee, p.mentor]));

/** Every rule an assignment must keep, whatever its quality. */
function expectValid(instance: MatchInstance, result: MatchResult): void {
  const options = allowedOptions(instance);
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const pair of result.pairs) {
    const i = instance.mentees.findIndex((m) => m.id === pair.mentee);
    expect(seen.has(pair.mentee), `${pair.mentee} paired twice`).toBe(false);
    seen.add(pair.mentee);
    expect(options[i]?.find((o) => o.mentor === pair.mentor)?.fit, `${pair.mentee}-${pair.mentor} is not an allowed candidate`).toBe(pair.fit);
    load.set(pair.mentor, (load.get(pair.mentor) ?? 0) + 1);
  }
  for (const mentor of instance.mentors) expect(load.get(mentor.id) ?? 0).toBeLessThanOrEqual(mentor.capacity);
  expect([...result.pairs.map((p) => p.mentee), ...result.unmatched].sort()).toEqual(instance.mentees.map((m) => m.id).sort());
  expect(result.totalFit).toBeCloseTo(
    result.pairs.reduce((sum, p) => sum + p.fit, 0),
    9,
  );
}

describe("solveAssignment: known answers", () => {
  it("beats the greedy pass: the best pair first would cost the second mentee its only good mentor", () => {
    const instance: MatchInstance = {
      mentees: [
        {
          id: "ana",
          candidates: [
            { mentor: "maria", fit: 0.9 },
            { mentor: "li", fit: 0.8 },
          ],
        },
        {
          id: "ben",
          candidates: [
            { mentor: "maria", fit: 0.85 },
            { mentor: "li", fit: 0.1 },
          ],
        },
      ],
      mentors: mentors(["maria", 1], ["li", 1]),
    };
    const result = solveAssignment(instance);
    expect(pairsOf(result)).toEqual({ ana: "li", ben: "maria" });
    expect(result.totalFit).toBeCloseTo(1.65, 9);
    expect(result.unmatched).toEqual([]);
  });

  it("pairs as many mentees as possible before looking at fit", () => {
    const instance: MatchInstance = {
      mentees: [
        {
          id: "ana",
          candidates: [
            { mentor: "maria", fit: 0.9 },
            { mentor: "li", fit: 0.2 },
          ],
        },
        { id: "ben", candidates: [{ mentor: "maria", fit: 0.1 }] },
      ],
      mentors: mentors(["maria", 1], ["li", 1]),
    };
    expect(pairsOf(solveAssignment(instance))).toEqual({ ana: "li", ben: "maria" });
  });

  it("fills a mentor up to its capacity and no further, leaving the mentee with the least to lose unmatched", () => {
    const instance: MatchInstance = {
      mentees: [
        { id: "a", candidates: [{ mentor: "maria", fit: 0.9 }] },
        {
          id: "b",
          candidates: [
            { mentor: "maria", fit: 0.8 },
            { mentor: "li", fit: 0.7 },
          ],
        },
        { id: "c", candidates: [{ mentor: "maria", fit: 0.6 }] },
        {
          id: "d",
          candidates: [
            { mentor: "maria", fit: 0.5 },
            { mentor: "li", fit: 0.3 },
          ],
        },
      ],
      mentors: mentors(["maria", 2], ["li", 1]),
    };
    const result = solveAssignment(instance);
    expect(pairsOf(result)).toEqual({ a: "maria", b: "li", c: "maria" });
    expect(result.unmatched).toEqual(["d"]);
    expect(result.totalFit).toBeCloseTo(2.2, 9);
  });

  it("pairs a priority mentee (unmatched last round) before a better-fitting one", () => {
    const instance: MatchInstance = {
      mentees: [
        { id: "new", candidates: [{ mentor: "maria", fit: 0.95 }] },
        { id: "waited", priority: true, candidates: [{ mentor: "maria", fit: 0.2 }] },
      ],
      mentors: mentors(["maria", 1]),
    };
    expect(pairsOf(solveAssignment(instance))).toEqual({ waited: "maria" });
    const withoutPriority = { ...instance, mentees: instance.mentees.map((m) => ({ ...m, priority: false })) };
    expect(pairsOf(solveAssignment(withoutPriority))).toEqual({ new: "maria" });
  });

  it("takes a capacity far beyond the candidates as room for all of them", () => {
    const mentees = ["a", "b", "c"].map((id) => ({ id, candidates: [{ mentor: "maria", fit: 0.5 }] }));
    expect(solveAssignment({ mentees, mentors: mentors(["maria", 1_000_000]) }).pairs).toHaveLength(3);
  });

  it("never chooses a forbidden pair or pairs someone with themselves, even when it is the only one", () => {
    const instance: MatchInstance = {
      mentees: [
        {
          id: "sam",
          candidates: [
            { mentor: "sam", fit: 1 },
            { mentor: "li", fit: 0.4 },
          ],
        },
        { id: "eve", candidates: [{ mentor: "maria", fit: 1 }] },
      ],
      mentors: mentors(["sam", 1], ["maria", 1], ["li", 1]),
      forbidden: [{ mentee: "eve", mentor: "maria" }],
    };
    const result = solveAssignment(instance);
    expect(pairsOf(result)).toEqual({ sam: "li" });
    expect(result.unmatched).toEqual(["eve"]);
  });
});

describe("solveAssignment: empty and infeasible inputs", () => {
  it("answers an empty instance with an empty assignment", () => {
    expect(solveAssignment({ mentees: [], mentors: [] })).toEqual({ pairs: [], totalFit: 0, unmatched: [] });
    expect(solveAssignment({ mentees: [], mentors: mentors(["maria", 3]) })).toEqual({ pairs: [], totalFit: 0, unmatched: [] });
  });

  it("leaves every mentee unmatched when there is no mentor, no candidate, or only forbidden ones", () => {
    const instance: MatchInstance = {
      mentees: [
        { id: "a", candidates: [] },
        { id: "b", candidates: [{ mentor: "maria", fit: 0.5 }] },
      ],
      mentors: mentors(["maria", 1]),
      forbidden: [{ mentee: "b", mentor: "maria" }],
    };
    expect(solveAssignment(instance)).toEqual({ pairs: [], totalFit: 0, unmatched: ["a", "b"] });
    expect(solveAssignment({ mentees: [{ id: "a", candidates: [] }], mentors: [] }).unmatched).toEqual(["a"]);
  });

  it("leaves mentees unmatched, not overbooked, when all their candidates are full", () => {
    const mentees = ["a", "b", "c", "d", "e"].map((id) => ({ id, candidates: [{ mentor: "maria", fit: 0.5 }] }));
    const result = solveAssignment({ mentees, mentors: mentors(["maria", 2]) });
    expect(result.pairs).toHaveLength(2);
    expect(result.unmatched).toHaveLength(3);
  });

  it("refuses an instance built in code that breaks the rules, naming the field", () => {
    const bad: MatchInstance = { mentees: [{ id: "a", candidates: [{ mentor: "x", fit: 2 }] }], mentors: mentors(["maria", 0]) };
    expect(() => solveAssignment(bad)).toThrow(InstanceError);
    expect(() => solveAssignment(bad)).toThrow(
      [
        "mentors[0].capacity: must be a whole number of at least 1",
        "mentees[0].candidates[0].fit: must be a number from 0 to 1",
        'mentees[0].candidates[0].mentor: no mentor has the id "x"',
      ].join("\n"),
    );
    expect(() => solveAssignment({ mentees: [], mentors: [] }, { seed: 1.5 })).toThrow("The seed must be a whole number");
  });
});

/** Small random instances, with tied fits, shared ids (self-pairs), priorities and forbidden pairs. */
const smallInstance = fc
  .record({
    menteeCount: fc.integer({ min: 0, max: 7 }),
    capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 4 }),
    seed: fc.integer(),
  })
  .map(({ menteeCount, capacities, seed }): MatchInstance => {
    const random = prng(seed);
    const mentorIds = capacities.map((_, j) => `p${j}`);
    const mentees = Array.from({ length: menteeCount }, (_, i) => ({
      id: `p${i}`,
      priority: random() < 0.2,
      candidates: mentorIds.filter(() => random() < 0.7).map((mentor) => ({ mentor, fit: random() < 0.4 ? Math.round(random() * 4) / 4 : random() })),
    }));
    const forbidden = mentees.flatMap((m) => m.candidates.filter(() => random() < 0.15).map((c) => ({ mentee: m.id, mentor: c.mentor })));
    return { mentees, mentors: capacities.map((capacity, j) => ({ id: `p${j}`, capacity })), forbidden };
  });

describe("solveAssignment: optimal", () => {
  it("matches brute force on many small random instances", () => {
    fc.assert(
      fc.property(smallInstance, fc.integer({ min: 0, max: 1000 }), (instance, seed) => {
        const result = solveAssignment(instance, { seed });
        expectValid(instance, result);
        const best = bruteForceBest(instance);
        const score = scoreOf(instance, result);
        expect(score.pairs).toBe(best.pairs);
        expect(score.priorityPairs).toBe(best.priorityPairs);
        expect(score.fit).toBeCloseTo(best.fit, 5);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("matches an independent Bellman-Ford min-cost flow on medium instances, both when mentors and when mentees are scarce", () => {
    for (const [index, shape] of [
      { mentees: 120, mentors: 20, candidatesPerMentee: 8, priorityShare: 0.1 },
      { mentees: 60, mentors: 40, candidatesPerMentee: 6, priorityShare: 0.1 },
      { mentees: 150, mentors: 30, candidatesPerMentee: 5, priorityShare: 0 },
    ].entries()) {
      for (let seed = 1; seed <= 4; seed++) {
        const instance = generateInstance(shape, seed * 10 + index);
        const result = solveAssignment(instance, { seed });
        expectValid(instance, result);
        const best = bellmanFordBest(instance);
        const score = scoreOf(instance, result);
        expect(score.pairs).toBe(best.pairs);
        expect(score.priorityPairs).toBe(best.priorityPairs);
        expect(Math.abs(score.fit - best.fit)).toBeLessThan(FIT_TOLERANCE * instance.mentees.length);
      }
    }
  });
});

describe("solveAssignment: deterministic", () => {
  const instance = generateInstance({ mentees: 300, mentors: 60, candidatesPerMentee: 10, priorityShare: 0.1 }, 3);

  it("gives the same assignment for the same input and seed", () => {
    expect(solveAssignment(instance, { seed: 42 })).toEqual(solveAssignment(structuredClone(instance), { seed: 42 }));
  });

  it("gives the same pairs when the instance lists mentees, mentors and candidates in another order", () => {
    const random = prng(9);
    const shuffle = <T>(items: T[]) =>
      items
        .map((item) => ({ item, key: random() }))
        .sort((a, b) => a.key - b.key)
        .map(({ item }) => item);
    const shuffled: MatchInstance = {
      mentees: shuffle(instance.mentees.map((m) => ({ ...m, candidates: shuffle(m.candidates) }))),
      mentors: shuffle(instance.mentors),
    };
    const sorted = (result: MatchResult) => result.pairs.map((p) => `${p.mentee}:${p.mentor}`).sort();
    expect(sorted(solveAssignment(shuffled, { seed: 5 }))).toEqual(sorted(solveAssignment(instance, { seed: 5 })));
  });

  it("lets the seed choose among equally good assignments, and only among those", () => {
    const tied: MatchInstance = {
      mentees: Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, candidates: ["x", "y", "z"].map((mentor) => ({ mentor, fit: 0.5 })) })),
      mentors: mentors(["x", 2], ["y", 2], ["z", 2]),
    };
    const results = Array.from({ length: 10 }, (_, seed) => solveAssignment(tied, { seed }));
    expect(new Set(results.map((r) => JSON.stringify(r.pairs))).size).toBeGreaterThan(1);
    for (const result of results) expect(result.totalFit).toBeCloseTo(3, 9);
  });
});

describe("parseInstance: malformed files name the field", () => {
  const valid = { mentees: [{ id: "a", candidates: [{ mentor: "m", fit: 0.5 }] }], mentors: [{ id: "m", capacity: 1 }] };
  const problemsOf = (text: string): string[] => {
    try {
      parseInstance(text);
    } catch (error) {
      if (error instanceof InstanceError) return error.problems;
      throw error;
    }
    return [];
  };

  it("accepts the documented format", () => {
    expect(parseInstance(JSON.stringify({ ...valid, forbidden: [{ mentee: "a", mentor: "m" }] })).forbidden).toEqual([{ mentee: "a", mentor: "m" }]);
  });

  it.each([
    ["not JSON", "{ mentees: ", /^\(file\): not valid JSON/],
    ["not an object", "[]", '(top level): must be an object with "mentees" and "mentors"'],
    ["no mentors", JSON.stringify({ mentees: [] }), "mentors: is required"],
    [
      "a capacity of 0",
      JSON.stringify({ ...valid, mentors: [...valid.mentors, { id: "n", capacity: 0 }] }),
      "mentors[1].capacity: must be a whole number of at least 1",
    ],
    ["a capacity as text", JSON.stringify({ ...valid, mentors: [{ id: "m", capacity: "2" }] }), "mentors[0].capacity: must be a whole number of at least 1"],
    ["a misspelt field", JSON.stringify({ ...valid, mentors: [{ id: "m", capcity: 1 }] }), 'mentors[0]: unknown field "capcity"'],
    [
      "a fit above 1",
      JSON.stringify({ ...valid, mentees: [{ id: "a", candidates: [{ mentor: "m", fit: 1.5 }] }] }),
      "mentees[0].candidates[0].fit: must be a number from 0 to 1",
    ],
    [
      "an unknown mentor",
      JSON.stringify({ ...valid, mentees: [{ id: "a", candidates: [{ mentor: "q", fit: 1 }] }] }),
      'mentees[0].candidates[0].mentor: no mentor has the id "q"',
    ],
    [
      "a candidate listed twice",
      JSON.stringify({ ...valid, mentees: [{ id: "a", candidates: [valid.mentees[0]?.candidates[0], { mentor: "m", fit: 0.1 }] }] }),
      'mentees[0].candidates[1].mentor: "m" is already a candidate of this mentee',
    ],
    [
      "a repeated id",
      JSON.stringify({ ...valid, mentors: [...valid.mentors, { id: "m", capacity: 2 }] }),
      'mentors[1].id: "m" is listed twice (first at mentors[0])',
    ],
    ["a priority as text", JSON.stringify({ ...valid, mentees: [{ ...valid.mentees[0], priority: "yes" }] }), "mentees[0].priority: must be true or false"],
    [
      "a forbidden pair naming nobody",
      JSON.stringify({ ...valid, forbidden: [{ mentee: "zz", mentor: "m" }] }),
      'forbidden[0].mentee: no mentee has the id "zz"',
    ],
  ])("%s", (_, text, expected) => {
    const problems = problemsOf(text);
    if (typeof expected === "string") expect(problems).toContain(expected);
    else
      expect(
        problems.some((p) => expected.test(p)),
        problems.join("\n"),
      ).toBe(true);
  });
});
