import { createEmptyCard, fsrs, Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { recallSince } from "../../src/quizzes/cards.js";
import { type Answer, mastery, percent } from "../../src/quizzes/mastery.js";

const now = new Date("2026-12-03T10:00:00Z");

/** Answers given one minute apart up to `now`, in order: true = right. Fresh answers: nothing forgotten yet. */
function fresh(outcomes: boolean[]): Answer[] {
  return outcomes.map((correct, i) => ({ correct, at: new Date(now.getTime() - (outcomes.length - i) * 60_000), recalledNow: 1 }));
}

function read(outcomes: boolean[]): string {
  return percent(mastery(fresh(outcomes)) as number);
}

describe("mastery", () => {
  it("reads sensibly for few answers: 0/1, 0/3, 1/1, 3/4, 10/10", () => {
    // (1 + Σ w·right) / (2 + Σ w), w = 0.95^(later answers): worked out by hand.
    expect(read([false])).toBe("33%"); // 1 / 3
    expect(read([false, false, false])).toBe("21%"); // 1 / (2 + 0.9025 + 0.95 + 1)
    expect(read([true])).toBe("67%"); // 2 / 3
    expect(read([false, true, true, true])).toBe("67%"); // (1 + 2.8525) / (2 + 3.7099)
    expect(read([true, true, true, false])).toBe("65%"); // (1 + 2.7099) / (2 + 3.7099): the latest miss counts most
    expect(read(Array(10).fill(true))).toBe("90%"); // (1 + 8.0252) / (2 + 8.0252)
    expect(mastery([])).toBeUndefined();
  });

  it("moves down with every wrong answer and up with every right one, from the first on", () => {
    const outcomes = [false, false, true, false, true, true, true, false, true, true, true, true, false, false, true];
    let before = 0.5; // no answers: the prior's one right and one wrong
    for (let n = 1; n <= outcomes.length; n++) {
      const after = mastery(fresh(outcomes.slice(0, n))) as number;
      if (outcomes[n - 1]) expect(after, `answer ${n} was right`).toBeGreaterThan(before);
      else expect(after, `answer ${n} was wrong`).toBeLessThan(before);
      before = after;
    }
  });

  it("never reads 100%, however many right answers", () => {
    const estimate = mastery(fresh(Array(500).fill(true))) as number;
    expect(estimate).toBeLessThan(1);
    expect(percent(estimate)).toBe("95%");
    expect(percent(0.999)).toBe("99%");
  });

  it("falls as right answers are forgotten, the way FSRS says the card is", () => {
    const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });
    const answeredAt = new Date("2026-11-01T10:00:00Z");
    const card = scheduler.next(createEmptyCard(answeredAt), answeredAt, Rating.Good).card;
    const answer = (at: Date): Answer[] => [{ correct: true, at: answeredAt, recalledNow: recallSince(card.stability, answeredAt, at) }];
    const sameDay = mastery(answer(answeredAt)) as number;
    const aWeekLater = mastery(answer(new Date("2026-11-08T10:00:00Z"))) as number;
    const aMonthLater = mastery(answer(now)) as number;
    expect(sameDay).toBeCloseTo(2 / 3);
    expect(aWeekLater).toBeLessThan(sameDay);
    expect(aMonthLater).toBeLessThan(aWeekLater);
    // Forgotten right answers never count below a wrong one.
    expect(aMonthLater).toBeGreaterThan(mastery(fresh([false])) as number);
  });
});
