import { describe, expect, it } from "vitest";
import { cronPattern, localDate, nextPostTime, weekdayOf } from "../../src/lessons/schedule.js";
import { computeStreaks } from "../../src/lessons/streaks.js";

const weekdays = [1, 2, 3, 4, 5];

describe("lesson schedule across daylight-saving changes", () => {
  it("builds the cron pattern BullMQ runs with the zone", () => {
    expect(cronPattern({ time: "09:30", days: [5, 1, 3] })).toBe("30 9 * * 1,3,5");
  });

  it("America/New_York: 09:00 local is 14:00 UTC before and 13:00 UTC after the March change", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "America/New_York" };
    expect(nextPostTime(schedule, new Date("2026-03-06T15:00:00Z")).toISOString()).toBe("2026-03-09T13:00:00.000Z");
    expect(nextPostTime(schedule, new Date("2026-03-05T15:00:00Z")).toISOString()).toBe("2026-03-06T14:00:00.000Z");
  });

  it("Europe/Berlin: 09:00 local moves from 07:00 to 08:00 UTC at the October change", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Europe/Berlin" };
    expect(nextPostTime(schedule, new Date("2026-10-23T08:00:00Z")).toISOString()).toBe("2026-10-26T08:00:00.000Z");
    expect(nextPostTime(schedule, new Date("2026-10-22T08:00:00Z")).toISOString()).toBe("2026-10-23T07:00:00.000Z");
  });

  it("Australia/Sydney: 09:00 local moves from 23:00 to 22:00 UTC the day before, when summer time starts in October", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Australia/Sydney" };
    expect(nextPostTime(schedule, new Date("2026-10-01T00:00:00Z")).toISOString()).toBe("2026-10-01T23:00:00.000Z");
    expect(nextPostTime(schedule, new Date("2026-10-04T00:00:00Z")).toISOString()).toBe("2026-10-04T22:00:00.000Z");
  });

  it("Asia/Kolkata: a half-hour offset, no daylight saving", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Asia/Kolkata" };
    expect(nextPostTime(schedule, new Date("2026-11-25T00:00:00Z")).toISOString()).toBe("2026-11-25T03:30:00.000Z");
  });

  it("skips days off the schedule", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "UTC" };
    // Friday after the post -> Monday.
    expect(nextPostTime(schedule, new Date("2026-11-27T10:00:00Z")).toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  it("gives the local date in the zone, not in UTC", () => {
    expect(localDate(new Date("2026-11-25T23:30:00Z"), "Asia/Kolkata")).toBe("2026-11-26");
    expect(localDate(new Date("2026-11-25T03:00:00Z"), "America/New_York")).toBe("2026-11-24");
  });
});

describe("streaks", () => {
  const lessonDaysExcept =
    (skipped: Set<string>) =>
    (date: string): boolean =>
      weekdays.includes(weekdayOf(date)) && !skipped.has(date);
  const base = { isLessonDay: lessonDaysExcept(new Set()) };

  it("counts consecutive scheduled days; a weekend does not break it", () => {
    // Thu, Fri, (Sat, Sun off), Mon, Tue.
    const doneDates = new Set(["2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24"]);
    expect(computeStreaks({ ...base, doneDates, today: "2026-11-24" })).toEqual({ current: 4, longest: 4 });
  });

  it("today not yet done does not break it; a missed scheduled day does", () => {
    const doneDates = new Set(["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-20", "2026-11-23"]);
    // Wednesday 18th missed: the run restarts on Thursday.
    expect(computeStreaks({ ...base, doneDates, today: "2026-11-24" })).toEqual({ current: 3, longest: 3 });
  });

  it("a skipped day (holiday) neither counts nor breaks", () => {
    const doneDates = new Set(["2026-11-24", "2026-11-26"]);
    const skippedDates = new Set(["2026-11-25"]);
    expect(computeStreaks({ isLessonDay: lessonDaysExcept(skippedDates), doneDates, today: "2026-11-26" })).toEqual({ current: 2, longest: 2 });
  });

  it("remembers the longest run after a break", () => {
    const doneDates = new Set(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-10"]);
    expect(computeStreaks({ ...base, doneDates, today: "2026-11-12" })).toEqual({ current: 0, longest: 4 });
  });
});
