import { guessedZones, guessTimezones } from "../../src/core/timezone-search.js";

const ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone")];
const POPULAR = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Australia/Sydney",
];
const MAX_CHOICES = 25;

/**
 * Autocomplete suggestions for a timezone option: names that start with what was typed (the
 * area or the city) first, then names that contain it, then what a city, an abbreviation or an
 * offset stands for ("Munich", "EST", "UTC+2"). Spaces match underscores ("new york").
 */
export function suggestTimezones(typed: string): { name: string; value: string }[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, "_");
  if (query === "") return POPULAR.map((zone) => ({ name: zone, value: zone }));
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of ZONES) {
    const lower = zone.toLowerCase();
    const city = lower.slice(lower.lastIndexOf("/") + 1);
    if (lower.startsWith(query) || city.startsWith(query)) starts.push(zone);
    else if (lower.includes(query)) contains.push(zone);
  }
  const guessed = guessedZones(guessTimezones(typed, MAX_CHOICES));
  return [...new Set([...starts, ...contains, ...guessed])].slice(0, MAX_CHOICES).map((zone) => ({ name: zone, value: zone }));
}
