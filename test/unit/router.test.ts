import { describe, expect, it } from "vitest";
import type { CommandDefinition } from "../../src/core/commands.js";
import { UserError } from "../../src/core/errors.js";
import { CommandRouter } from "../../src/core/router.js";
import { withoutMarks } from "../../src/core/text.js";
import { tokenize } from "../../src/core/tokenize.js";

const noop = async () => undefined;
function router(): CommandRouter {
  const r = new CommandRouter();
  const defs: CommandDefinition[] = [
    {
      path: ["help"],
      summary: "help",
      args: [{ kind: "word", name: "topic", optional: true, description: "A topic", example: "lessons" }],
      access: "member",
      run: noop,
    },
    {
      path: ["lessons", "here"],
      summary: "subscribe",
      args: [
        { kind: "time", name: "time", optional: true, description: "When" },
        { kind: "days", name: "days", optional: true, description: "Which days" },
        { kind: "timezone", name: "timezone", optional: true, description: "Whose time" },
      ],
      access: "admin",
      run: noop,
    },
    { path: ["lessons", "stop"], summary: "stop", args: [], access: "admin", run: noop },
    { path: ["lessons", "skip"], summary: "skip", args: [{ kind: "date", name: "date", description: "The day" }], access: "admin", run: noop },
    {
      path: ["note"],
      summary: "note",
      args: [{ kind: "rest", name: "text", maxLength: 20, description: "The note", example: "buy coffee" }],
      access: "member",
      run: noop,
    },
    {
      path: ["quiz"],
      summary: "quiz",
      args: [{ kind: "int", name: "count", min: 1, max: 20, optional: true, description: "How many" }],
      access: "member",
      run: noop,
    },
  ];
  r.register(...defs);
  return r;
}

function refusal(line: string): UserError {
  try {
    router().route(line);
  } catch (error) {
    // What a person reads: their own text is marked to be shown as typed (core/text.ts).
    if (error instanceof UserError) return new UserError(error.code, withoutMarks(error.message));
    throw error;
  }
  throw new Error(`"${line}" was accepted`);
}

describe("tokenize", () => {
  it("groups quoted words and keeps escapes", () => {
    expect(tokenize(`note "hello world" 'it\\'s' plain`)).toEqual(["note", "hello world", "it's", "plain"]);
  });
  it("refuses an unclosed quote with a sentence", () => {
    expect(() => tokenize(`note "oops`)).toThrow(/quote is not closed/);
  });
});

describe("CommandRouter", () => {
  it("matches the longest path and parses optional typed arguments in any subset", () => {
    const routed = router().route("lessons here 9:30 Europe/Berlin");
    expect(routed.definition.path).toEqual(["lessons", "here"]);
    expect(routed.args.string("time")).toBe("09:30");
    expect(routed.args.days("days")).toBeUndefined();
    expect(routed.args.string("timezone")).toBe("Europe/Berlin");
  });

  it("parses day lists and ranges", () => {
    expect(router().route("lessons here mon,wed,fri").args.days("days")).toEqual([1, 3, 5]);
    expect(router().route("lessons here fri-mon").args.days("days")).toEqual([0, 1, 5, 6]);
  });

  it("takes quoted arguments as one token", () => {
    expect(router().route(`lessons here "09:00" "America/New_York"`).args.string("timezone")).toBe("America/New_York");
  });

  it("joins the rest of the line and limits its length", () => {
    expect(router().route("note buy more coffee").args.string("text")).toBe("buy more coffee");
    expect(refusal(`note ${"x".repeat(30)}`).message).toMatch(/at most 20 characters/);
  });

  it("explains an unknown command and suggests a near one", () => {
    const error = refusal("lesons");
    expect(error.code).toBe("unknown_command");
    expect(error.message).toMatch(/Did you mean `\/mentor lessons`/);
  });

  it("lists the subcommands of a group when one is unknown", () => {
    const error = refusal("lessons start");
    expect(error.code).toBe("unknown_subcommand");
    expect(error.message).toMatch(/here, skip, stop/);
  });

  it("names a missing required argument with the usage", () => {
    const error = refusal("lessons skip");
    expect(error.code).toBe("missing_arg");
    expect(error.message).toContain("`/mentor lessons skip` needs the date: use a date as YYYY-MM-DD. For example: `/mentor lessons skip ");
  });

  it("refuses impossible times, dates, zones and numbers with a sentence each", () => {
    expect(refusal("lessons here 25:00").message).toMatch(/not a time of day/);
    expect(refusal("lessons skip 2026-02-30").message).toMatch(/not a calendar date/);
    expect(refusal("lessons here Mars/Olympus").message).toMatch(/not a timezone I know/);
    expect(refusal("quiz 99").message).toMatch(/from 1 to 20/);
  });

  it("refuses arguments it cannot place", () => {
    expect(refusal("lessons stop now").code).toBe("unexpected_arg");
    expect(refusal("lessons stop now").message).toBe('I didn\'t understand "now": `/mentor lessons stop` takes nothing more there.');
    expect(refusal("lessons here banana").message).toMatch(/^The days can't be "banana": use mon-fri/);
  });

  it("routes an empty line to help", () => {
    expect(router().route("   ").definition.path).toEqual(["help"]);
  });
});

describe("CommandRouter with typed options (Discord)", () => {
  const typedRefusal = (path: string[], values: Record<string, string | number>): UserError => {
    try {
      router().routeTyped({ path, values });
    } catch (error) {
      if (error instanceof UserError) return new UserError(error.code, withoutMarks(error.message));
      throw error;
    }
    throw new Error(`${path.join(" ")} was accepted`);
  };

  it("takes each value whole, quotes, spaces and backslashes included, and parses it as its kind", () => {
    const note = router().routeTyped({ path: ["note"], values: { text: 'say "hi" \\ now' } });
    expect(note.args.string("text")).toBe('say "hi" \\ now');
    const here = router().routeTyped({ path: ["lessons", "here"], values: { timezone: "Europe/Berlin", time: "9am" } });
    expect(here.definition.path).toEqual(["lessons", "here"]);
    expect(here.args.string("time")).toBe("09:00");
    expect(here.args.string("timezone")).toBe("Europe/Berlin");
    expect(
      router()
        .routeTyped({ path: ["quiz"], values: { count: 7 } })
        .args.int("count"),
    ).toBe(7);
    expect(
      router()
        .routeTyped({ path: ["help"], values: {} })
        .args.has("topic"),
    ).toBe(false);
    // No path at all is help, as an empty line is.
    expect(router().routeTyped({ path: [], values: {} }).definition.path).toEqual(["help"]);
  });

  it("refuses what the line would refuse, with the same sentences", () => {
    expect(typedRefusal(["lessons", "skip"], {}).code).toBe("missing_arg");
    expect(typedRefusal(["lessons", "skip"], {}).message).toBe(refusal("lessons skip").message);
    expect(typedRefusal(["quiz"], { count: 21 }).message).toBe(refusal("quiz 21").message);
    expect(typedRefusal(["lessons", "skip"], { date: "2026-02-30" }).message).toBe(refusal("lessons skip 2026-02-30").message);
    expect(typedRefusal(["note"], { text: "x".repeat(21) }).code).toBe("arg_too_long");
    expect(typedRefusal(["lessons", "here"], { timezone: "Mars/Base" }).message).toBe(refusal("lessons here Mars/Base").message);
  });

  it("refuses a value for an argument the command does not have, and a path it does not know", () => {
    expect(typedRefusal(["quiz"], { count: 3, topic: "sql" }).message).toBe("`/mentor quiz` has no topic: `/mentor quiz [count]`.");
    expect(typedRefusal(["lessons", "gone"], {}).code).toBe("unknown_subcommand");
    expect(typedRefusal(["quiz", "round"], {}).code).toBe("unknown_subcommand");
  });
});
