import { describe, expect, it } from "vitest";
import { suggestFromCatalog } from "../../adapters/discord/autocomplete.js";
import type { CatalogEntry, CatalogPort } from "../../src/core/adapter-ports.js";
import type { WordSuggestions } from "../../src/core/args.js";

/** Catalogs in memory, in the shape the app's CatalogPort gives them: no curriculum, no database. */
function catalogs(entries: Partial<Record<WordSuggestions["catalogs"][number], CatalogEntry[]>>): CatalogPort {
  return { entries: (catalog) => entries[catalog] ?? [] };
}

const lesson = (id: string, title: string): CatalogEntry => ({ id, title, label: `${title} (${id})` });
const skill = (id: string, title: string): CatalogEntry => ({ id, title, label: `Skill: ${title} (${id})` });

const values = (suggest: WordSuggestions, typed: string, port: CatalogPort) => suggestFromCatalog(suggest, typed, port).map((c) => c.value);

describe("Discord autocomplete over the catalog port", () => {
  const port = catalogs({
    lessons: [
      lesson("sql-joins", "Joins in SQL"),
      lesson("conversion-rates", "Rates of conversion"),
      lesson("api-versioning", "Versioning an API"),
      lesson("caching-patterns", "Caching: cache-aside"),
    ],
    skills: [skill("api-design", "API design"), skill("sql", "SQL")],
  });

  it("ranks the id itself, then ids starting with it, then a title word, then anything containing it", () => {
    // Lessons are listed first, so only the rank puts a skill ahead.
    const suggest = { catalogs: ["lessons", "skills"] } as const;
    expect(values(suggest, "sql", port)).toEqual(["sql", "sql-joins"]);
    expect(values(suggest, "api", port)).toEqual(["api-versioning", "api-design"]);
    expect(values(suggest, "version", port)).toEqual(["api-versioning", "conversion-rates"]);
    expect(values(suggest, "cache", port)).toEqual(["caching-patterns"]);
    expect(values(suggest, "oins", port)).toEqual(["sql-joins"]);
    // Spaces typed where the id has hyphens.
    expect(values(suggest, "api design", port)).toEqual(["api-design"]);
    expect(values(suggest, "zzz", port)).toEqual([]);
  });

  it("offers the fixed words first, then each catalog in its order, when nothing is typed", () => {
    expect(values({ catalogs: ["lessons"], words: ["next", "today"] }, "", port)).toEqual([
      "next",
      "today",
      "sql-joins",
      "conversion-rates",
      "api-versioning",
      "caching-patterns",
    ]);
  });

  it("keeps Discord's limits: 25 choices, no id over 100 characters, a long label cut at a word with its id whole", () => {
    const many = catalogs({ lessons: Array.from({ length: 40 }, (_, i) => lesson(`lesson-${i}`, `Lesson ${i}`)) });
    expect(suggestFromCatalog({ catalogs: ["lessons"] }, "", many)).toHaveLength(25);
    const longId = catalogs({ lessons: [lesson("x".repeat(101), "Too long to pick"), lesson("short", "Short")] });
    expect(values({ catalogs: ["lessons"] }, "", longId)).toEqual(["short"]);
    const title = `${"A rather long title about distributed systems ".repeat(3)}end`;
    const [choice] = suggestFromCatalog({ catalogs: ["lessons"] }, "", catalogs({ lessons: [lesson("distributed-systems", title)] }));
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name.endsWith("… (distributed-systems)")).toBe(true);
  });
});
