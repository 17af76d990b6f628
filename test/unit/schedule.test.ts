import { describe, expect, it } from "vitest";
import { localDate, weekdayOf } from "../../src/calendar/dates.js";
import { askDue } from "../../src/checkins/schedule.js";
import { computeStreaks } from "../../src/lessons/streaks.js";
import { fireDate, nextFireAfter, parseWeeklyPattern, weeklyPattern } from "../../src/schedules/fire-times.js";

const weekdays = [1, 2, 3, 4, 5];

describe("lesson schedule across daylight-saving changes", () => {
  it("builds the pattern a job scheduler stores, and reads it back", () => {
    expect(weeklyPattern({ time: "09:30", days: [5, 1, 3] })).toBe("30 9 * * 1,3,5");
    expect(parseWeeklyPattern("30 9 * * 1,3,5")).toEqual({ time: "09:30", days: [1, 3, 5] });
    expect(parseWeeklyPattern("0 9 * * *")).toEqual({ time: "09:00", days: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => parseWeeklyPattern("*/5 * * * *")).toThrow(/Not a weekly schedule pattern/);
  });

  it("America/New_York: 09:00 local is 14:00 UTC before and 13:00 UTC after the March change", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "America/New_York" };
    expect(nextFireAfter(schedule, new Date("2026-03-06T15:00:00Z")).toISOString()).toBe("2026-03-09T13:00:00.000Z");
    expect(nextFireAfter(schedule, new Date("2026-03-05T15:00:00Z")).toISOString()).toBe("2026-03-06T14:00:00.000Z");
  });

  it("Europe/Berlin: 09:00 local moves from 07:00 to 08:00 UTC at the October change", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Europe/Berlin" };
    expect(nextFireAfter(schedule, new Date("2026-10-23T08:00:00Z")).toISOString()).toBe("2026-10-26T08:00:00.000Z");
    expect(nextFireAfter(schedule, new Date("2026-10-22T08:00:00Z")).toISOString()).toBe("2026-10-23T07:00:00.000Z");
  });

  it("Australia/Sydney: 09:00 local moves from 23:00 to 22:00 UTC the day before, when summer time starts in October", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Australia/Sydney" };
    expect(nextFireAfter(schedule, new Date("2026-10-01T00:00:00Z")).toISOString()).toBe("2026-10-01T23:00:00.000Z");
    expect(nextFireAfter(schedule, new Date("2026-10-04T00:00:00Z")).toISOString()).toBe("2026-10-04T22:00:00.000Z");
  });

  it("Asia/Kolkata: a half-hour offset, no daylight saving", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "Asia/Kolkata" };
    expect(nextFireAfter(schedule, new Date("2026-11-25T00:00:00Z")).toISOString()).toBe("2026-11-25T03:30:00.000Z");
  });

  it("skips days off the schedule", () => {
    const schedule = { time: "09:00", days: weekdays, timezone: "UTC" };
    // Friday after the post -> Monday.
    expect(nextFireAfter(schedule, new Date("2026-11-27T10:00:00Z")).toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  const everyDay = [0, 1, 2, 3, 4, 5, 6];
  const next = (time: string, timezone: string, after: string) => nextFireAfter({ time, days: everyDay, timezone }, new Date(after)).toISOString();

  it("Europe/Berlin 02:30 on the spring-forward day: asked at 03:10, today's post is still to come, at 03:30", () => {
    expect(next("02:30", "Europe/Berlin", "2026-03-29T01:10:00Z")).toBe("2026-03-29T01:30:00.000Z");
    // Weekdays only: the change is on a Sunday, so Monday's post is next.
    expect(nextFireAfter({ time: "02:30", days: weekdays, timezone: "Europe/Berlin" }, new Date("2026-03-29T01:10:00Z")).toISOString()).toBe(
      "2026-03-30T00:30:00.000Z",
    );
  });

  it("Pacific/Chatham 02:00 asked at 01:45 on the change day: 02:00 exists (the change is at 02:45)", () => {
    expect(next("02:00", "Pacific/Chatham", "2026-09-26T13:00:00Z")).toBe("2026-09-26T13:15:00.000Z");
  });

  it("zones whose change is at midnight keep every day for 00:00 and 00:30", () => {
    // Cairo skips 00:00-00:59 on Friday 24 April 2026: that day's post is at 01:00, none is lost.
    expect(next("00:00", "Africa/Cairo", "2026-04-23T00:00:00Z")).toBe("2026-04-23T22:00:00.000Z");
    expect(next("00:00", "Africa/Cairo", "2026-04-23T22:00:00Z")).toBe("2026-04-24T21:00:00.000Z");
    // Santiago skips midnight on Sunday 6 September 2026; Havana on Sunday 8 March 2026.
    expect(next("00:00", "America/Santiago", "2026-09-05T04:00:00Z")).toBe("2026-09-06T04:00:00.000Z");
    expect(next("00:30", "America/Havana", "2026-03-07T05:30:00Z")).toBe("2026-03-08T05:30:00.000Z");
    // Havana goes back from 01:00 to 00:00 on 1 November 2026: 00:30 happens twice, the post goes at the first.
    expect(next("00:30", "America/Havana", "2026-10-31T05:00:00Z")).toBe("2026-11-01T04:30:00.000Z");
    expect(next("00:30", "America/Havana", "2026-11-01T04:30:00Z")).toBe("2026-11-02T05:30:00.000Z");
  });

  it("Australia/Lord_Howe 02:10 keeps going through both changes (cron-parser threw 'loop limit exceeded')", () => {
    expect(next("02:10", "Australia/Lord_Howe", "2027-04-02T15:10:00Z")).toBe("2027-04-03T15:40:00.000Z");
    // 4 October 2026 jumps from 02:00 to 02:30: 02:10 is read before the jump, so it comes at 02:40.
    expect(next("02:10", "Australia/Lord_Howe", "2026-10-02T15:40:00Z")).toBe("2026-10-03T15:40:00.000Z");
  });

  it("each person's own time (DM lessons, reviews, check-in asks) follows the same rule", () => {
    // Sunday 29 March 2026, Berlin: 02:30 does not exist; the ask is due from 03:30, not from 03:00.
    const sunday0230 = { day: 0, time: "02:30" };
    expect(askDue(sunday0230, new Date("2026-03-29T01:10:00Z"), "Europe/Berlin")).toBe(false);
    expect(askDue(sunday0230, new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe(true);
    // Havana, Sunday 1 November 2026: 00:30 happens twice; due from the first.
    expect(askDue({ day: 0, time: "00:30" }, new Date("2026-11-01T04:30:00Z"), "America/Havana")).toBe(true);
  });

  it("a fire belongs to the local date whose slot it is", () => {
    const schedule = { time: "00:00", days: everyDay, timezone: "Africa/Cairo" };
    expect(fireDate(schedule, new Date("2026-04-23T22:00:00Z"))).toBe("2026-04-24");
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
