import { describe, expect, it } from "vitest";
import { addDays } from "../../src/calendar/dates.js";
import { fireDate, nextFireAfter, wallClockInstant } from "../../src/schedules/fire-times.js";

/**
 * The rule for local times that do not exist or happen twice, checked in every IANA zone this
 * runtime knows whose offset changes between 2026 and 2030, against a brute-force reading of
 * the clock step by step through Intl.DateTimeFormat (no offset arithmetic).
 */
const FROM = Date.UTC(2026, 0, 1);
const UNTIL = Date.UTC(2031, 0, 1);
const TIMES = ["00:00", "00:30", "02:00", "02:30", "09:00", "23:30"];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEK = 7 * 24 * HOUR;
/**
 * The clock is read every quarter hour: every offset and every change in these years falls on a
 * quarter hour (checked below), so the readings show every wall time the clock shows.
 */
const STEP = 15 * MINUTE;

/** "YYYY-MM-DD HH:MM" on the zone's clock at an instant. */
function clockOf(timezone: string): (instant: number) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return (instant) => format.format(instant).replace(", ", " ");
}

/** What the clock reads minus UTC, in minutes. */
function clockAhead(clock: (instant: number) => string, instant: number): number {
  return (Date.parse(`${clock(instant).replace(" ", "T")}:00Z`) - Math.floor(instant / MINUTE) * MINUTE) / MINUTE;
}

/**
 * Instants (to the minute) at which the zone's clock changes its distance to UTC, looked for
 * week by week (no zone changes twice within a week in these years) and found by halving.
 */
function changesOf(clock: (instant: number) => string): number[] {
  const changes: number[] = [];
  let ahead = clockAhead(clock, FROM);
  for (let week = FROM; week < UNTIL; week += WEEK) {
    const next = clockAhead(clock, week + WEEK);
    if (next === ahead) continue;
    let [low, high] = [week, week + WEEK];
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (clockAhead(clock, middle) === ahead) low = middle;
      else high = middle;
    }
    changes.push(high);
    ahead = next;
  }
  return changes;
}

/**
 * For each local date and wall time, when the rule says it fires, read off the clock: the first
 * reading that shows it, or (skipped) the last reading before the jump plus the wall-clock
 * distance still to go.
 */
function bruteForce(clock: (instant: number) => string, from: number, until: number, dates: string[]): Map<string, number> {
  const readings: { instant: number; reads: string }[] = [];
  for (let instant = from; instant < until; instant += STEP) readings.push({ instant, reads: clock(instant) });
  const expected = new Map<string, number>();
  for (const date of dates) {
    for (const time of TIMES) {
      const target = `${date} ${time}`;
      const shown = readings.find((r) => r.reads === target);
      if (shown) {
        expected.set(target, shown.instant);
        continue;
      }
      const jump = readings.findIndex((r, i) => i > 0 && r.reads > target && (readings[i - 1] as { reads: string }).reads < target);
      const last = readings[jump - 1] as { instant: number; reads: string };
      const wallDistance = Date.parse(`${target.replace(" ", "T")}:00Z`) - Date.parse(`${last.reads.replace(" ", "T")}:00Z`);
      expected.set(target, last.instant + wallDistance);
    }
  }
  return expected;
}

const zonesThatChange = Intl.supportedValuesOf("timeZone")
  .map((timezone) => ({ timezone, clock: clockOf(timezone) }))
  .map((zone) => ({ ...zone, changes: changesOf(zone.clock) }))
  .filter((zone) => zone.changes.length > 0);

describe("fire times in every zone that changes offset, 2026-2030", () => {
  it("finds the zones to check with Intl (not a hand-made list)", () => {
    const names = zonesThatChange.map((z) => z.timezone);
    expect(names).toEqual(
      expect.arrayContaining(["Europe/Berlin", "America/Santiago", "Africa/Cairo", "America/Havana", "Australia/Lord_Howe", "Pacific/Chatham"]),
    );
    expect(names).not.toContain("Asia/Kolkata");
    for (const { timezone, clock, changes } of zonesThatChange) {
      const offQuarter = changes.filter((c) => c % STEP !== 0 || clockAhead(clock, c) % 15 !== 0 || clockAhead(clock, c - MINUTE) % 15 !== 0);
      expect(offQuarter, timezone).toEqual([]);
    }
  });

  it("fires once each day, at the time the rule gives, around every change", () => {
    // Zones with the same clock around a change give the same readings: read each once.
    const readCache = new Map<string, Map<string, number>>();
    const mismatches: string[] = [];
    let checked = 0;
    for (const { timezone, clock, changes } of zonesThatChange) {
      for (const change of changes) {
        const firstDate = addDays(clock(change - MINUTE).slice(0, 10), -1);
        const lastDate = addDays(clock(change).slice(0, 10), 1);
        const dates: string[] = [];
        for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) dates.push(date);
        // Every instant that can read as one of those dates, with room for a jump either side.
        const [from, until] = [change - 50 * HOUR, change + 50 * HOUR];
        const signature = `${change}:${clockAhead(clock, from)}:${changes.filter((c) => c > from && c < until).map((c) => `${c}/${clockAhead(clock, c)}`)}`;
        let expected = readCache.get(signature);
        if (!expected) {
          expected = bruteForce(clock, from, until, dates);
          readCache.set(signature, expected);
        }
        for (const time of TIMES) {
          const schedule = { time, days: EVERY_DAY, timezone };
          // Walk the schedule from before the first date: one fire per date, none lost or doubled.
          let fire = new Date(wallClockInstant(dates[0] as string, time, timezone).getTime() - MINUTE);
          for (const date of dates) {
            fire = nextFireAfter(schedule, fire);
            checked++;
            const want = expected.get(`${date} ${time}`);
            if (fire.getTime() !== want || fireDate(schedule, fire) !== date) {
              mismatches.push(
                `${timezone} ${date} ${time}: got ${fire.toISOString()} (${fireDate(schedule, fire)}), want ${new Date(want ?? 0).toISOString()}`,
              );
            }
          }
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });
});
