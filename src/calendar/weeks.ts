import { addDays, weekdayOf } from "./dates.js";

/** "2026-W48": the ISO week a local date falls in; a scheduled round's period. */
export function isoWeek(date: string): { key: string; week: number } {
  const thursday = addDays(date, 3 - ((weekdayOf(date) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(`${year}-01-04`, 3 - ((weekdayOf(`${year}-01-04`) + 6) % 7));
  const week = 1 + Math.round((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * 86_400_000));
  return { key: `${year}-W${String(week).padStart(2, "0")}`, week };
}

/** "2026-W01" -> "2025-W52": the ISO week before a week key. */
export function weekBefore(key: string): string {
  const [year, week] = key.split("-W").map(Number) as [number, number];
  const jan4 = `${year}-01-04`;
  const firstMonday = addDays(jan4, -((weekdayOf(jan4) + 6) % 7));
  return isoWeek(addDays(firstMonday, 7 * (week - 2))).key;
}

/** The Monday ("YYYY-MM-DD") of the ISO week a local date falls in. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}
