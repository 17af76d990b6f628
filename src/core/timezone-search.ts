import { getTimeZones, rawTimeZones } from "@vvo/tzdb";
import { editDistance } from "./edit-distance.js";

/**
 * What a person typed where a timezone was wanted, read the ways people write zones: an IANA
 * name or part of one ("Europe/Berl", "new york"), a city ("Berlin", "Munich"), an abbreviation
 * ("EST", "CET") or a fixed offset ("UTC+2", "GMT-5:30"). The zone list, its main cities and
 * abbreviations come from @vvo/tzdb (IANA data, cities by population from GeoNames).
 */
export type TimezoneGuess =
  | { kind: "names"; zones: string[] }
  | { kind: "abbreviation"; abbreviation: string; zones: string[] }
  | { kind: "offset"; offset: string; fixedZone: string | undefined; zones: string[] };

/** Where nothing else ranks zones: the ones most people mean, first. */
const WELL_KNOWN = [
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Asia/Shanghai",
  "Australia/Sydney",
];

const OFFSET = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i;

interface Entry {
  name: string;
  /** Lower-case names a person might type for it: the zone, its group's aliases, its main cities. */
  words: string[];
  abbreviations: string[];
  /** Bigger groups are zones more people live in (New York's group holds 17 names, Winnipeg's 2). */
  weight: number;
}

let entries: Entry[] | undefined;

function allEntries(): Entry[] {
  entries ??= rawTimeZones.map((zone) => ({
    name: zone.name,
    words: [...zone.group, ...zone.mainCities].map((word) => word.toLowerCase()),
    abbreviations: [zone.abbreviation, "dstAbbreviation" in zone ? String(zone.dstAbbreviation) : ""].filter(Boolean).map((a) => a.toUpperCase()),
    weight: rank(zone.name) + zone.group.length,
  }));
  return entries;
}

function rank(zone: string): number {
  const index = WELL_KNOWN.indexOf(zone);
  return index === -1 ? 0 : 100 - index;
}

/** Longer than any zone, city or offset: not worth a search. */
const MAX_QUERY = 48;

/** The zones `typed` most likely means, best first, at most `limit`. */
export function guessTimezones(typed: string, limit = 5): TimezoneGuess {
  const query = typed.trim();
  if (query.length > MAX_QUERY) return { kind: "names", zones: [] };
  const offset = OFFSET.exec(query);
  if (offset && /\d/.test(query) && (/^(utc|gmt)/i.test(query) || /^[+-]/.test(query))) {
    return offsetGuess(offset[1] as "+" | "-", Number(offset[2]), Number(offset[3] ?? 0), limit);
  }
  const upper = query.toUpperCase();
  if (/^[A-Z]{2,5}$/.test(query)) {
    const zones = byWeight(allEntries().filter((e) => e.abbreviations.includes(upper))).slice(0, limit);
    if (zones.length > 0) return { kind: "abbreviation", abbreviation: upper, zones };
  }
  return { kind: "names", zones: matchingNames(query, limit) };
}

/** Zones whose name, alias or main city starts with or contains what was typed. */
function matchingNames(query: string, limit: number): string[] {
  const wanted = query.toLowerCase().replace(/\s+/g, "_");
  const spaced = query.toLowerCase().replace(/_/g, " ");
  if (wanted === "") return [];
  const tiers: Entry[][] = [[], [], []];
  for (const entry of allEntries()) {
    const cities = entry.words.map((w) => w.slice(w.lastIndexOf("/") + 1));
    if (entry.words.includes(wanted) || cities.includes(wanted) || cities.includes(spaced)) tiers[0]?.push(entry);
    else if (entry.words.some((w) => w.startsWith(wanted)) || cities.some((c) => c.startsWith(wanted) || c.startsWith(spaced))) tiers[1]?.push(entry);
    else if (entry.words.some((w) => w.includes(wanted) || w.includes(spaced))) tiers[2]?.push(entry);
  }
  const found = tiers.flatMap(byWeight);
  if (found.length > 0 || wanted.length < 4) return found.slice(0, limit);
  // A typo ("Europe/Berln", "Lisbn"): the closest names within two edits.
  const target = wanted.slice(wanted.lastIndexOf("/") + 1);
  const distances = allEntries().map((entry) => ({
    entry,
    distance: Math.min(...entry.words.map((w) => editDistance(w.slice(w.lastIndexOf("/") + 1), target))),
  }));
  const best = Math.min(...distances.map((d) => d.distance));
  if (best > (target.length < 8 ? 1 : 2)) return [];
  return byWeight(distances.filter((d) => d.distance === best).map((d) => d.entry)).slice(0, limit);
}

function byWeight(list: Entry[]): string[] {
  return [...list].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name)).map((e) => e.name);
}

/**
 * A fixed offset: the Etc/GMT zone for whole hours (POSIX inverts the sign: UTC+2 is Etc/GMT-2),
 * and the zones at that offset today, which also follow daylight saving time.
 */
function offsetGuess(sign: "+" | "-", hours: number, minutes: number, limit: number): TimezoneGuess {
  const total = (sign === "+" ? 1 : -1) * (hours * 60 + minutes);
  const offset = `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
  const whole = minutes === 0 && total >= -12 * 60 && total <= 14 * 60;
  const fixedZone = total === 0 ? "UTC" : whole ? `Etc/GMT${sign === "+" ? "-" : "+"}${hours}` : undefined;
  const now = currentZones().filter((zone) => zone.currentTimeOffsetInMinutes === total);
  const weighted = allEntries().filter((e) => now.some((zone) => zone.name === e.name));
  return { kind: "offset", offset, fixedZone, zones: byWeight(weighted).slice(0, limit) };
}

/** Today's offsets of every zone, computed at most once an hour (it formats a date in each zone). */
let current: { at: number; zones: ReturnType<typeof getTimeZones> } | undefined;
function currentZones(): ReturnType<typeof getTimeZones> {
  if (!current || Date.now() - current.at > 3_600_000) current = { at: Date.now(), zones: getTimeZones() };
  return current.zones;
}

/** Every zone name a guess offers, the fixed one first: what autocompletion lists. */
export function guessedZones(guess: TimezoneGuess): string[] {
  return guess.kind === "offset" && guess.fixedZone ? [guess.fixedZone, ...guess.zones] : guess.zones;
}

/**
 * One sentence on what `typed` could mean as a timezone, or undefined when nothing matches.
 * Used in every refusal of a timezone argument.
 */
export function timezoneSuggestion(typed: string): string | undefined {
  const guess = guessTimezones(typed, 3);
  const list = (zones: string[]) => (zones.length === 1 ? (zones[0] as string) : `${zones.slice(0, -1).join(", ")} or ${zones.at(-1)}`);
  switch (guess.kind) {
    case "names":
      return guess.zones.length > 0 ? `Did you mean ${list(guess.zones)}?` : undefined;
    case "abbreviation":
      return `${guess.abbreviation} is an abbreviation; the zone is named after a city, such as ${list(guess.zones)}.`;
    case "offset": {
      const fixed = guess.fixedZone
        ? `The fixed zone for ${guess.offset} is ${guess.fixedZone}${guess.fixedZone === "UTC" ? "" : " (the sign is inverted in Etc/GMT names)"}, which never changes for daylight saving time.`
        : `There is no fixed zone for ${guess.offset}.`;
      return guess.zones.length > 0 ? `${fixed} Zones at ${guess.offset} today: ${list(guess.zones)}.` : fixed;
    }
  }
}
