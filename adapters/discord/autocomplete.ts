import type { CatalogEntry, CatalogPort } from "../../src/core/adapter-ports.js";
import type { ArgSpec, WordSuggestions } from "../../src/core/args.js";
import { suggestTimezones } from "./timezones.js";

/** Discord shows at most 25 choices; each name and value is 1-100 characters. */
const MAX_CHOICES = 25;
const MAX_TEXT = 100;

export interface Choice {
  name: string;
  value: string;
}

/** What to offer for an argument as the person types, best first. */
export function suggestionsFor(spec: ArgSpec | undefined, typed: string, catalogs: CatalogPort): Choice[] {
  switch (spec?.kind) {
    case "timezone":
      return suggestTimezones(typed);
    case "choice":
      return spec.choices
        .filter((c) => c.includes(typed.toLowerCase()))
        .slice(0, MAX_CHOICES)
        .map((c) => ({ name: c, value: c }));
    case "word":
      return spec.suggest ? suggestFromCatalog(spec.suggest, typed, catalogs) : [];
    default:
      return [];
  }
}

/**
 * Lessons and skills that match what was typed, ranked: the id itself, ids starting with it, titles
 * with a word starting with it, then anything containing it; within a rank, the catalog's order
 * (skills as skills.yaml lists them, lessons in course order). Nothing typed: the fixed words, then
 * the first of each catalog.
 */
export function suggestFromCatalog(suggest: WordSuggestions, typed: string, catalogs: CatalogPort): Choice[] {
  const query = typed.trim().toLowerCase();
  const candidates: CatalogEntry[] = [
    ...(suggest.words ?? []).map((word) => ({ id: word, label: word, title: word })),
    ...suggest.catalogs.flatMap((catalog) => catalogs.entries(catalog)),
  ];
  const ranked = candidates
    .map((candidate, order) => ({ candidate, order, rank: rank(candidate, query) }))
    // A value over 100 characters could not be sent back: such an id is typed, not picked.
    .filter((entry) => entry.rank !== undefined && entry.candidate.id.length <= MAX_TEXT)
    .sort((a, b) => (a.rank as number) - (b.rank as number) || a.order - b.order);
  return ranked.slice(0, MAX_CHOICES).map(({ candidate }) => ({ name: clip(candidate.label), value: candidate.id }));
}

function rank(candidate: CatalogEntry, query: string): number | undefined {
  if (query === "") return 0;
  const id = candidate.id.toLowerCase();
  const title = candidate.title.toLowerCase();
  if (id === query) return 0;
  if (id.startsWith(query)) return 1;
  if (title.startsWith(query) || title.split(/[^a-z0-9]+/).some((word) => word.startsWith(query))) return 2;
  if (id.includes(query) || title.includes(query)) return 3;
  // "api design" finds api-design: spaces typed where the id has hyphens.
  if (id.includes(query.replace(/\s+/g, "-"))) return 3;
  return undefined;
}

/** A long title is cut at a word so the id in brackets stays whole where it can. */
function clip(label: string): string {
  if (label.length <= MAX_TEXT) return label;
  const open = label.lastIndexOf(" (");
  const id = open === -1 ? "" : label.slice(open);
  const room = MAX_TEXT - id.length - 1;
  if (room < 10) return `${label.slice(0, MAX_TEXT - 1)}…`;
  const head = label.slice(0, room);
  return `${head.slice(0, Math.max(head.lastIndexOf(" "), 1))}…${id}`;
}
