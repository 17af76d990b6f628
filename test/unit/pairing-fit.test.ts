import { describe, expect, it } from "vitest";
import { addDays } from "../../src/calendar/dates.js";
import { isoWeek, mondayOf } from "../../src/calendar/weeks.js";
import { hoursOverlap, type MenteeFacts, type MentorFacts, pairFit, RECENT_PAIR_PENALTY } from "../../src/pairing/fit.js";
import { roundDue } from "../../src/pairing/schedule.js";

const titles: Record<string, string> = { "api-design": "API design", "backend-tech": "Backend technologies", devops: "DevOps and CI/CD" };
const title = (id: string) => titles[id] ?? id;

const mentee: MenteeFacts = {
  memberId: 1,
  name: "Ana",
  gaps: ["api-design", "backend-tech"],
  gapsFromQuizzes: true,
  timezone: "Europe/Berlin",
  hoursStart: "09:00",
  hoursEnd: "17:00",
  languages: ["English"],
};
const maria: MentorFacts = {
  memberId: 2,
  name: "Maria",
  offers: { "api-design": 3, "backend-tech": 3 },
  timezone: "Europe/Lisbon",
  hoursStart: "09:00",
  hoursEnd: "17:00",
  languages: ["english", "Portuguese"],
};

describe("pair fit", () => {
  it("scores coverage of the mentee's weakest skills, overlap and language, and explains it", () => {
    const fit = pairFit(mentee, maria, false, title);
    // Lisbon is an hour behind Berlin: 7 of 8 working hours overlap.
    expect(fit.overlapHours).toBe(7);
    expect(fit.fit).toBeCloseTo(0.6 * 1 + 0.25 * 1 + 0.15 * 1, 5);
    expect(fit.reason).toBe("the mentor is strong in API design and Backend technologies, two of the mentee's weakest skills; 7 working hours overlap");
  });

  it("penalises a recent pairing and a missing shared language", () => {
    const fresh = pairFit(mentee, maria, false, title).fit;
    const recent = pairFit(mentee, maria, true, title).fit;
    expect(fresh - recent).toBeCloseTo(RECENT_PAIR_PENALTY, 5);
    const noLanguage = pairFit(mentee, { ...maria, languages: ["German"] }, false, title);
    expect(noLanguage.reason).toContain("no shared language listed");
  });

  it("counts overlap across a date line", () => {
    const sydney = { timezone: "Australia/Sydney", hoursStart: "09:00", hoursEnd: "17:00" };
    const losAngeles = { timezone: "America/Los_Angeles", hoursStart: "09:00", hoursEnd: "17:00" };
    // January: Sydney UTC+11, Los Angeles UTC-8: LA 14:00-17:00 is Sydney 09:00-12:00 the next day.
    expect(hoursOverlap(sydney, losAngeles)).toBe(3);
    expect(
      hoursOverlap({ timezone: "Asia/Kolkata", hoursStart: "09:00", hoursEnd: "17:00" }, { timezone: "UTC", hoursStart: "09:00", hoursEnd: "17:00" }),
    ).toBe(2.5);
  });
});

describe("round schedule", () => {
  it("names ISO weeks and runs every N weeks from the anchor", () => {
    expect(isoWeek("2026-11-25").key).toBe("2026-W48");
    expect(isoWeek("2027-01-01").key).toBe("2026-W53");
    const schedule = { everyWeeks: 2, day: 1, time: "10:00", anchorMonday: "2026-11-23" };
    expect(roundDue(schedule, "2026-11-23")).toBe(true);
    expect(roundDue(schedule, "2026-11-30")).toBe(false);
    expect(roundDue(schedule, "2026-12-07")).toBe(true);
  });

  // 2026 and 2032 have an ISO week 53; counting week numbers without the year broke the cadence there.
  for (let year = 2026; year <= 2032; year++) {
    it(`keeps every N weeks (N = 1..4) across the end of ${year}`, () => {
      for (let everyWeeks = 1; everyWeeks <= 4; everyWeeks++) {
        for (let shift = 0; shift < everyWeeks; shift++) {
          const anchorMonday = mondayOf(addDays(`${year}-11-01`, 7 * shift));
          const schedule = { everyWeeks, day: 0, time: "10:00", anchorMonday };
          // Each week's round day (Sunday here) from the anchor into the next February.
          const roundDays: string[] = [];
          for (let day = addDays(anchorMonday, 6); day < `${year + 1}-03-01`; day = addDays(day, 7)) {
            if (roundDue(schedule, day)) roundDays.push(day);
          }
          const gaps = roundDays.slice(1).map((day, i) => (Date.parse(day) - Date.parse(roundDays[i] as string)) / 86_400_000);
          expect(roundDays[0]).toBe(addDays(anchorMonday, 6));
          expect(new Set(gaps), `every ${everyWeeks} weeks from ${anchorMonday}: ${roundDays.join(", ")}`).toEqual(new Set([7 * everyWeeks]));
        }
      }
    });
  }
});
