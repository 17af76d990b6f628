import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LessonCatalog, type LessonRow } from "../../src/lessons/catalog.js";
import { nextChannelLesson, nextPersonalLesson, parseLevels } from "../../src/lessons/tracks.js";
import { levelsPlacedOut, monthAfter, pickPlacementQuestions } from "../../src/quizzes/placement-pick.js";
import { builtInCourse } from "../helpers/course.js";

const course = builtInCourse();
const track = course.tracks[0];
const rows: LessonRow[] = (track?.lessons ?? []).map((l) => ({
  id: l.id,
  track: l.track,
  module: l.module,
  moduleTitle: l.moduleTitle,
  position: l.position,
  title: l.title,
  skills: l.skills,
  level: l.level,
  minutes: l.minutes,
  body: "",
  questionIds: l.questions,
  prerequisites: l.prerequisites,
  kind: l.kind,
  contentHash: "",
  retiredAt: null,
  updatedAt: new Date(0),
}));
/** The catalog over the real course, without a database. */
const catalog = new LessonCatalog();
Object.assign(catalog, { byId: new Map(rows.map((r) => [r.id, r])), byTrack: new Map([[track?.id, rows]]) });
const ids = rows.map((r) => r.id);

describe("tracks over the real course", () => {
  it("never picks a DM lesson before every lesson it builds on is done or placed out of", () => {
    const subset = fc.subarray(ids);
    fc.assert(
      fc.property(subset, subset, subset, (sent, done, placedOut) => {
        const state = { sent: new Set(sent), done: new Set(done), placedOut: new Set(placedOut) };
        const next = nextPersonalLesson(catalog, track?.id ?? "", state);
        if (next.kind === "lesson") {
          expect(state.sent.has(next.lesson.id) || state.done.has(next.lesson.id) || state.placedOut.has(next.lesson.id)).toBe(false);
          for (const p of next.lesson.prerequisites) expect(state.done.has(p) || state.placedOut.has(p)).toBe(true);
        } else if (next.kind === "waiting") {
          expect(state.done.has(next.prerequisite.id) || state.placedOut.has(next.prerequisite.id)).toBe(false);
          expect(next.lesson.prerequisites).toContain(next.prerequisite.id);
        } else {
          for (const id of ids) expect(state.sent.has(id) || state.done.has(id) || state.placedOut.has(id)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("posts a channel the first unposted lesson at or after its start, in its levels", () => {
    const start = rows.find((r) => r.id === "sql-joins") as LessonRow;
    const first = nextChannelLesson(catalog, track?.id ?? "", { startLessonId: start.id, levels: [3] }, new Set());
    expect(first?.level).toBe(3);
    expect(rows.filter((r) => r.level === 3 && r.position < (first?.position ?? 0))).toEqual([]);
    const second = nextChannelLesson(catalog, track?.id ?? "", { startLessonId: start.id, levels: [1] }, new Set([start.id]));
    expect(second?.position).toBeGreaterThan(start.position);
    expect(nextChannelLesson(catalog, track?.id ?? "", { startLessonId: null, levels: [1, 2, 3] }, new Set(ids))).toBeUndefined();
  });

  it("reads levels as a range and refuses one written backwards", () => {
    expect(parseLevels("2-3")).toEqual([2, 3]);
    expect(parseLevels("1")).toEqual([1]);
    expect(() => parseLevels("3-2")).toThrow("write 2-3");
  });
});

describe("placement", () => {
  const candidates = course.questions.map((q) => {
    const lesson = rows.find((r) => r.id === q.lesson) as LessonRow;
    return { id: q.id, level: lesson.level, module: lesson.module };
  });

  it("draws 5 questions per level from as many modules as it can", () => {
    const picked = pickPlacementQuestions(candidates, [1, 2, 3], "seed-a");
    expect(new Set(picked).size).toBe(15);
    for (const level of [1, 2, 3]) {
      const mine = candidates.filter((c) => picked.includes(c.id) && c.level === level);
      expect(mine).toHaveLength(5);
      expect(new Set(mine.map((c) => c.module)).size).toBe(Math.min(5, new Set(candidates.filter((c) => c.level === level).map((c) => c.module)).size));
    }
    expect(pickPlacementQuestions(candidates, [1, 2, 3], "seed-b")).not.toEqual(picked);
  });

  it("fills a short level's places from the others", () => {
    const short = candidates.filter((c) => c.level !== 3).concat(candidates.filter((c) => c.level === 3).slice(0, 2));
    expect(pickPlacementQuestions(short, [1, 2, 3], "s")).toHaveLength(15);
  });

  it("places out of a level at 4 of 5 only with every level below it", () => {
    expect(levelsPlacedOut({ 1: 4, 2: 5, 3: 3 }, { 1: 5, 2: 5, 3: 5 }, [1, 2, 3])).toEqual([1, 2]);
    expect(levelsPlacedOut({ 1: 3, 2: 5, 3: 5 }, { 1: 5, 2: 5, 3: 5 }, [1, 2, 3])).toEqual([]);
  });

  it("allows a retake on the same day of the next month, or its last day", () => {
    expect(monthAfter("2026-12-03")).toBe("2027-01-03");
    expect(monthAfter("2027-01-31")).toBe("2027-02-28");
  });
});
