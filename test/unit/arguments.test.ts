import { describe, expect, it } from "vitest";
import { allCommands } from "../../src/commands.js";
import { AdminJobRegistry } from "../../src/core/admin-jobs.js";
import type { ArgSpec } from "../../src/core/args.js";
import { UserError } from "../../src/core/errors.js";
import { findTopic, HELP_TOPICS } from "../../src/core/help.js";
import { CommandRouter } from "../../src/core/router.js";
import { withoutMarks } from "../../src/core/text.js";

/** The router the app builds (src/app.ts), without a database: definitions only. */
function realRouter(): CommandRouter {
  const router = new CommandRouter();
  router.register(...allCommands(router, new AdminJobRegistry()));
  return router;
}

const router = realRouter();

function refusal(line: string): UserError {
  try {
    router.route(line);
  } catch (error) {
    // What a person reads: their own text is marked to be shown as typed (core/text.ts).
    if (error instanceof UserError) return new UserError(error.code, withoutMarks(error.message));
    throw error;
  }
  throw new Error(`"${line}" was accepted`);
}

/** The command in a refusal's "For example: `...`". */
function exampleIn(message: string): string {
  const example = /For example: `\/mentor ([^`]+)`/.exec(message)?.[1];
  if (example === undefined) throw new Error(`No example in: ${message}`);
  return example;
}

describe("timezone arguments", () => {
  it("suggests the IANA zone of a city, an abbreviation and a fixed offset, with a working example", () => {
    const berlin = refusal("timezone Berlin");
    expect(berlin.message).toContain('The timezone can\'t be "Berlin"');
    expect(berlin.message).toContain("Did you mean Europe/Berlin?");
    expect(exampleIn(berlin.message)).toBe("timezone Europe/Berlin");

    const est = refusal("timezone EST");
    expect(est.message).toMatch(/EST is an abbreviation; the zone is named after a city, such as America\/New_York/);
    expect(exampleIn(est.message)).toBe("timezone America/New_York");

    const offset = refusal("timezone UTC+2");
    expect(offset.message).toContain("The fixed zone for UTC+2 is Etc/GMT-2 (the sign is inverted in Etc/GMT names)");
    expect(exampleIn(offset.message)).toBe("timezone Etc/GMT-2");
    expect(router.route(exampleIn(offset.message)).args.string("timezone")).toBe("Etc/GMT-2");
  });

  it("names the nearest zone for a misspelt IANA name", () => {
    expect(refusal("admin timezone Europe/Berln").message).toContain("Did you mean Europe/Berlin?");
  });

  it("blames the timezone, not the days, for a city after a lesson time", () => {
    const error = refusal("lessons here 09:00 Berlin");
    expect(error.message).toContain("Did you mean Europe/Berlin?");
    expect(exampleIn(error.message)).toBe("lessons here Europe/Berlin");
  });
});

describe("days and times as people write them", () => {
  it("accepts full day names, plurals, ranges of them and am/pm times", () => {
    const friday = router.route("quiz schedule friday 3pm");
    expect(friday.args.days("days")).toEqual([5]);
    expect(friday.args.string("time")).toBe("15:00");
    expect(router.route("lessons here 09:00 monday").args.days("days")).toEqual([1]);
    expect(router.route("lessons here 9am monday-friday").args.days("days")).toEqual([1, 2, 3, 4, 5]);
    expect(router.route("lessons here 9:30am").args.string("time")).toBe("09:30");
    expect(router.route("lessons here 12am").args.string("time")).toBe("00:00");
    expect(router.route("lessons here 12pm").args.string("time")).toBe("12:00");
    expect(router.route("lessons here tuesdays,thurs").args.days("days")).toEqual([2, 4]);
    expect(router.route("lessons here weekends").args.days("days")).toEqual([0, 6]);
  });

  it("refuses a day it cannot read with the forms it can, and an example", () => {
    const error = refusal("quiz schedule fridy 15:00");
    expect(error.message).toContain('The days can\'t be "fridy": use mon-fri, mon,wed,fri, weekdays');
    expect(exampleIn(error.message)).toBe("quiz schedule mon-fri 09:30");
  });

  it("refuses 13pm as a time and still shows an example", () => {
    const error = refusal("lessons here 13pm");
    expect(error.code).toBe("bad_time");
    expect(exampleIn(error.message)).toBe("lessons here 09:30");
  });
});

describe("fixed words", () => {
  it("reads `pause` with or without `until`, and refuses a non-date by naming the date", () => {
    expect(router.route("pause 2030-12-20").args.string("date")).toBe("2030-12-20");
    expect(router.route("pause until 2030-12-20").args.string("date")).toBe("2030-12-20");
    const error = refusal("pause someday");
    expect(error.message).toMatch(/^The date can't be "someday": use a date as YYYY-MM-DD\. For example: `\/mentor pause until \d{4}-\d{2}-\d{2}`$/);
    expect(error.message).not.toContain("expected one of until");
  });

  it("schedules pairing `every week` as well as `every 2 weeks`", () => {
    expect(router.route("pair every week").args.int("weeks")).toBeUndefined();
    expect(router.route("pair every 2 weeks mon 10:00").args.int("weeks")).toBe(2);
    expect(router.route("pair every 3 thu").args.string("day")).toBe("thu");
  });
});

describe("every argument refusal", () => {
  /** A token no argument of `spec`'s kind accepts. */
  const BAD: Partial<Record<ArgSpec["kind"], string>> = {
    choice: "zzz",
    int: "3.5",
    time: "7.30",
    date: "12/24",
    days: "fridy",
    timezone: "Atlantis",
  };

  it("names the argument and shows an example that itself is accepted, for every command", () => {
    let checked = 0;
    for (const definition of router.all()) {
      definition.args.forEach((spec, index) => {
        const bad = BAD[spec.kind];
        if (bad === undefined) return;
        // Every argument before this one filled with its example, then the bad token.
        const before = definition.args.slice(0, index).filter((a) => !a.optional || a.kind === "keyword");
        const line = [...definition.path, ...before.map((a) => sampleFor(a)), bad].join(" ");
        // A later argument may take the token as its own (a skill word after an optional timezone).
        if (accepted(line)) return;
        const error = refusal(line);
        expect(error.message, line).toContain(spec.name);
        const example = exampleIn(error.message);
        expect(() => router.route(example), `${line} → ${example}`).not.toThrow();
        expect(router.route(example).definition.path, example).toEqual(definition.path);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("says what is missing and how to write it", () => {
    const error = refusal("lessons skip");
    expect(error.code).toBe("missing_arg");
    expect(error.message).toMatch(
      /^`\/mentor lessons skip` needs the date: use a date as YYYY-MM-DD\. For example: `\/mentor lessons skip \d{4}-\d{2}-\d{2}`$/,
    );
  });
});

function accepted(line: string): boolean {
  try {
    router.route(line);
    return true;
  } catch {
    return false;
  }
}

function sampleFor(spec: ArgSpec): string {
  switch (spec.kind) {
    case "keyword":
      return spec.words[0];
    case "choice":
      return spec.choices[0] as string;
    case "int":
      return String(spec.min);
    case "time":
      return "09:00";
    case "date":
      return "2030-01-02";
    case "days":
      return "mon-fri";
    case "timezone":
      return "Europe/Berlin";
    default:
      return "x";
  }
}

describe("help topics", () => {
  it("finds the pairing commands under `pairing` and `pair`, and every command has a topic", () => {
    const all = router.all();
    expect(findTopic("pairing", all)?.definitions.map((d) => d.path.join(" "))).toContain("pair now");
    expect(findTopic("pair", all)?.definitions.map((d) => d.path.join(" "))).toContain("pair every");
    expect(findTopic("quiz", all)?.definitions.map((d) => d.path.join(" "))).toContain("leaderboard");
    expect(findTopic("lesons", all)?.definitions.map((d) => d.path.join(" "))).toContain("lessons here");
    const topicWords = new Set(HELP_TOPICS.flatMap((t) => t.words));
    for (const definition of all) expect(topicWords.has(definition.path[0] as string), definition.path.join(" ")).toBe(true);
  });
});
