import fc from "fast-check";
import type { ArgSpec } from "../../src/core/args.js";
import type { CommandDefinition } from "../../src/core/commands.js";
import { UserError } from "../../src/core/errors.js";
import { builtInCourse } from "../helpers/course.js";

/** Text a person might type on purpose or by accident: markup, mentions, SQL, odd Unicode. */
const HOSTILE = [
  "'; DROP TABLE members; --",
  "<!channel>",
  "<@U123|boss>",
  "@everyone",
  "*bold*",
  "_it_",
  "`code`",
  "```",
  "\\",
  '"',
  "'",
  "“",
  "”",
  "\u0000",
  "\u202e",
  "🎉",
  "NaN",
  "-1",
  "0",
  "999999999999999999999",
  "25:61",
  "2026-02-30",
  "Mars/Olympus",
  "utc",
  "mon-sun",
  "__proto__",
  "constructor",
];

/** A value shaped like what an argument of `spec` accepts, often valid, sometimes just off. */
export function argToken(spec: ArgSpec): fc.Arbitrary<string> {
  const near: fc.Arbitrary<string> = (() => {
    switch (spec.kind) {
      case "choice":
        return fc.constantFrom(...spec.choices, ...spec.choices.map((c) => c.toUpperCase()));
      case "keyword":
        return fc.constantFrom(...spec.words, spec.words[0].toUpperCase(), "nope");
      case "int":
        return fc.integer({ min: spec.min - 3, max: spec.max + 3 }).map(String);
      case "time":
        return fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 })).map(([h, m]) => `${h}:${String(m).padStart(2, "0")}`);
      case "date":
        return fc
          .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
          .map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
      case "days":
        return fc.constantFrom("mon-fri", "mon,wed,fri", "weekdays", "daily", "sun-sat", "fri-mon", "friday", "monday-friday", "xyz", "mon,");
      case "timezone":
        return fc.constantFrom("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Europe/Nowhere", "Etc/GMT+5", "Berlin", "EST", "UTC+2");
      case "user":
        return fc.constantFrom("@ana", "ana", "<@ana>", "<@ana|ana>", "@nobody", "@", "<@>");
      case "word":
        return fc.constantFrom("lessons", "next", "today", "api-design", "what-is-a-backend", "nothing");
      case "rest":
        return fc.string({ maxLength: spec.maxLength + 10 });
    }
  })();
  return fc.oneof(
    { arbitrary: near, weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE), weight: 2 },
    { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  );
}

/** Quotes a token the way the router reads it back when it holds spaces or quotes. */
function asTyped(token: string): fc.Arbitrary<string> {
  return fc.constantFrom(token, /[\s"'“\\]/.test(token) || token === "" ? `"${token.replace(/["\\]/g, "\\$&")}"` : token);
}

/** A command line: a known path (sometimes mis-cased, cut short or misspelt) with plausible or hostile arguments. */
export function commandLine(definitions: readonly CommandDefinition[]): fc.Arbitrary<string> {
  const known = fc.constantFrom(...definitions).chain((definition) =>
    fc
      .tuple(
        fc.constantFrom(
          definition.path,
          definition.path.map((w) => w.toUpperCase()),
          definition.path.slice(0, 1),
        ),
        fc.tuple(...definition.args.map((spec) => fc.option(argToken(spec).chain(asTyped), { nil: undefined }))),
        fc.array(fc.constantFrom(...HOSTILE), { maxLength: 2 }),
      )
      .map(([path, args, extra]) => [...path, ...args.filter((a): a is string => a !== undefined), ...extra].join(" ")),
  );
  const words = fc.array(fc.oneof(fc.constantFrom(...new Set(definitions.flatMap((d) => d.path)), ...HOSTILE), fc.string({ maxLength: 12 })), { maxLength: 6 });
  return fc.oneof(
    { arbitrary: known, weight: 6 },
    { arbitrary: words.map((w) => w.join(" ")), weight: 2 },
    { arbitrary: fc.string({ maxLength: 80, unit: "grapheme" }), weight: 1 },
    { arbitrary: fc.string({ maxLength: 600 }), weight: 1 },
  );
}

/** A refusal a person can act on: a UserError with a real sentence, not an internal leftover. */
export function expectSentence(error: unknown, input: string): void {
  if (!(error instanceof UserError)) throw new Error(`${JSON.stringify(input).slice(0, 200)} threw ${String(error)}`);
  expectSentenceText(error.message, input);
  if (error.message.length > 600) throw new Error(`The refusal of ${JSON.stringify(input).slice(0, 200)} is a wall of text: ${error.message.slice(0, 300)}`);
}

const LEAK = /\bundefined\b|\bNaN\b|\[object |Error:/;
let courseText: string[] | undefined;

/** The text minus what the course itself says: a question may well be about `undefined` or NaN. */
function withoutCourseText(text: string): string {
  courseText ??= builtInCourse()
    .questions.flatMap((q) => [q.prompt, q.explanation, ...q.options.map((o) => o.text)])
    .filter((t) => LEAK.test(t));
  return courseText.reduce((rest, t) => rest.replaceAll(t, ""), text);
}

export function expectSentenceText(text: string, input: string): void {
  const problem =
    text.trim().length < 10
      ? "is too short"
      : LEAK.test(text) && LEAK.test(withoutCourseText(text)) && !/undefined|NaN|\[object |Error:/.test(input)
        ? "leaks an internal value"
        : /^Something went wrong/.test(text)
          ? "is the unexpected-error reply"
          : undefined;
  if (problem) throw new Error(`The answer to ${JSON.stringify(input).slice(0, 200)} ${problem}: ${JSON.stringify(text).slice(0, 300)}`);
}
