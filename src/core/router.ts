import { type ArgSpec, type ArgValue, argExample, argExpectation, argPlaceholder, ParsedArgs, parseArg } from "./args.js";
import type { CommandDefinition } from "./commands.js";
import { editDistance } from "./edit-distance.js";
import { UserError } from "./errors.js";
import type { TypedCommand } from "./events.js";
import { userText } from "./text.js";
import { guessedZones, guessTimezones, timezoneSuggestion } from "./timezone-search.js";
import { tokenize } from "./tokenize.js";

export const COMMAND = "/mentor";

export interface RoutedCommand {
  definition: CommandDefinition;
  args: ParsedArgs;
}

/**
 * Finds the command a line names (the longest matching path) and parses its arguments.
 * Every refusal is a UserError whose sentence tells the person what to type instead.
 */
export class CommandRouter {
  private readonly definitions: CommandDefinition[] = [];
  /** `all()`'s answer, made once per registration: help, autocomplete and registration ask often. */
  private alphabetical: readonly CommandDefinition[] | undefined;

  register(...definitions: CommandDefinition[]): void {
    for (const definition of definitions) {
      const key = definition.path.join(" ");
      if (this.definitions.some((d) => d.path.join(" ") === key)) throw new Error(`Command ${key} registered twice`);
      const restIndex = definition.args.findIndex((a) => a.kind === "rest");
      if (restIndex !== -1 && restIndex !== definition.args.length - 1) throw new Error(`Command ${key}: rest must be last`);
      this.definitions.push(definition);
    }
    this.definitions.sort((a, b) => b.path.length - a.path.length);
    this.alphabetical = undefined;
  }

  all(): readonly CommandDefinition[] {
    this.alphabetical ??= Object.freeze([...this.definitions].sort((a, b) => a.path.join(" ").localeCompare(b.path.join(" "))));
    return this.alphabetical;
  }

  route(line: string): RoutedCommand {
    const tokens = tokenize(line.trim());
    if (tokens.length === 0) return this.route("help");
    const words = tokens.map((t) => t.toLowerCase());
    const definition = this.definitions.find((d) => d.path.every((part, i) => words[i] === part));
    if (!definition) throw this.unknown(words);
    const args = parseArgs(definition, tokens.slice(definition.path.length));
    return { definition, args };
  }

  /**
   * A command a platform delivered with typed options (Discord): the path names the command
   * exactly, and each value is checked as its argument's kind, taken whole (a value with spaces
   * or quotes stays one value). Keywords carry no value there and are left out.
   */
  routeTyped(typed: TypedCommand): RoutedCommand {
    const words = typed.path.map((word) => word.toLowerCase());
    if (words.length === 0) return this.route("help");
    const definition = this.definitions.find((d) => d.path.length === words.length && d.path.every((part, i) => words[i] === part));
    if (!definition) throw this.unknown(words);
    return { definition, args: parseTypedArgs(definition, typed.values) };
  }

  private unknown(words: string[]): UserError {
    const first = words[0] as string;
    const group = this.definitions.filter((d) => d.path[0] === first);
    if (group.length > 0) {
      const options = group.map((d) => d.path.slice(1).join(" ")).filter(Boolean);
      const attempted = words.slice(1, 2).join(" ");
      const opening = attempted ? `${COMMAND} ${first} has no "${attempted}".` : `${COMMAND} ${first} needs more.`;
      return new UserError("unknown_subcommand", `${opening} Try one of: ${options.sort().join(", ")}. (${COMMAND} help ${first} explains each.)`);
    }
    const names = [...new Set(this.definitions.map((d) => d.path[0] as string))];
    const suggestion = closest(first, names);
    const hint = suggestion ? ` Did you mean \`${COMMAND} ${suggestion}\`?` : "";
    return new UserError("unknown_command", `I don't know the command "${clip(first)}".${hint} Type \`${COMMAND} help\` to see everything I can do.`);
  }
}

function parseArgs(definition: CommandDefinition, tokens: string[]): ParsedArgs {
  const values = new Map<string, ArgValue>();
  let next = 0;
  /** Optional arguments the current token was tried as and did not fit: what a leftover token was likely meant for. */
  let passedOver: ArgSpec[] = [];
  for (const spec of definition.args) {
    const token = tokens[next];
    if (spec.kind === "rest") {
      const rest = tokens.slice(next).join(" ");
      if (rest.length > 0) {
        if (rest.length > spec.maxLength) throw tooLong(spec, rest.length);
        values.set(spec.name, rest);
      } else if (!spec.optional) {
        throw missing(definition, spec);
      }
      next = tokens.length;
      break;
    }
    const value = token === undefined ? undefined : parseWithExample(definition, spec, token);
    if (value !== undefined) {
      if (spec.kind !== "keyword") values.set(spec.name, value);
      next++;
      passedOver = [];
    } else if (!spec.optional) {
      throw token === undefined ? missing(definition, spec) : wrongKind(definition, spec, token);
    } else if (token !== undefined) {
      passedOver.push(spec);
    }
  }
  const leftover = tokens[next];
  if (leftover !== undefined) {
    const meant = likelyMeant(passedOver, leftover);
    if (meant) throw wrongKind(definition, meant, leftover);
    throw new UserError("unexpected_arg", `I didn't understand "${clip(leftover)}": \`${usageOf(definition)}\` takes nothing more there.`);
  }
  return new ParsedArgs(values);
}

function parseTypedArgs(definition: CommandDefinition, given: TypedCommand["values"]): ParsedArgs {
  const values = new Map<string, ArgValue>();
  for (const spec of definition.args) {
    if (spec.kind === "keyword") continue;
    const raw = Object.hasOwn(given, spec.name) ? given[spec.name] : undefined;
    const token = raw === undefined ? "" : String(raw);
    if (token === "") {
      if (!spec.optional) throw missing(definition, spec);
      continue;
    }
    if (spec.kind === "rest" && token.length > spec.maxLength) throw tooLong(spec, token.length);
    const value = parseWithExample(definition, spec, token);
    if (value === undefined) throw wrongKind(definition, spec, token);
    values.set(spec.name, value);
  }
  const unknown = Object.keys(given).find((name) => !definition.args.some((spec) => spec.kind !== "keyword" && spec.name === name));
  if (unknown !== undefined) {
    throw new UserError("unexpected_arg", `\`${COMMAND} ${definition.path.join(" ")}\` has no ${clip(unknown)}: \`${usageOf(definition)}\`.`);
  }
  return new ParsedArgs(values);
}

/** A refusal from the parser itself (25:00, 2026-02-30) gets the command's example too. */
function parseWithExample(definition: CommandDefinition, spec: ArgSpec, token: string): ArgValue | undefined {
  try {
    return parseArg(spec, token);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(error.code, `${error.message} For example: \`${exampleOf(definition, spec)}\``);
  }
}

/** Of the optional arguments a leftover token did not fit, the one it most looks like. */
function likelyMeant(candidates: ArgSpec[], token: string): ArgSpec | undefined {
  const zone = candidates.find((spec) => spec.kind === "timezone");
  if (zone && timezoneSuggestion(token)) return zone;
  const digits = /\d/.test(token);
  const looksLike = (spec: ArgSpec) => {
    if (["time", "date", "int"].includes(spec.kind)) return digits;
    return spec.kind === "timezone" ? /[a-z]/i.test(token) : !digits;
  };
  return candidates.find(looksLike) ?? candidates[0];
}

export function usageOf(definition: CommandDefinition): string {
  return [COMMAND, ...definition.path, ...definition.args.map(argPlaceholder)].join(" ");
}

/** The command with an example value for every required argument and for `spec`. */
export function exampleOf(definition: CommandDefinition, spec?: ArgSpec, value?: string): string {
  const shown = (arg: ArgSpec | undefined): boolean => arg !== undefined && (arg === spec || !arg.optional);
  const words = definition.args.flatMap((arg, i) => {
    if (arg === spec) return [quoteToken(value ?? argExample(arg))];
    // A fixed word is shown with the argument it introduces ("pause until <date>"), not alone.
    if (arg.kind === "keyword") return !arg.optional || shown(definition.args[i + 1]) ? [quoteToken(argExample(arg))] : [];
    return arg.optional ? [] : [quoteToken(argExample(arg))];
  });
  return [COMMAND, ...definition.path, ...words].join(" ");
}

function quoteToken(token: string): string {
  return /\s/.test(token) ? `"${token}"` : token;
}

function missing(definition: CommandDefinition, spec: ArgSpec): UserError {
  return new UserError(
    "missing_arg",
    `\`${COMMAND} ${definition.path.join(" ")}\` needs the ${spec.name}: use ${argExpectation(spec)}. For example: \`${exampleOf(definition, spec)}\``,
  );
}

function tooLong(spec: { name: string; maxLength: number }, length: number): UserError {
  return new UserError("arg_too_long", `The ${spec.name} can be at most ${spec.maxLength} characters (got ${length}).`);
}

function wrongKind(definition: CommandDefinition, spec: ArgSpec, token: string): UserError {
  if (spec.kind === "timezone") {
    const suggestion = timezoneSuggestion(token);
    const suggested = suggestion ? guessedZones(guessTimezones(token, 1))[0] : undefined;
    return new UserError(
      "bad_arg",
      `The timezone can't be "${clip(token)}". ${suggestion ?? `Use ${argExpectation(spec)}.`} For example: \`${exampleOf(definition, spec, suggested)}\``,
    );
  }
  return new UserError("bad_arg", `The ${spec.name} can't be "${clip(token)}": use ${argExpectation(spec)}. For example: \`${exampleOf(definition, spec)}\``);
}

/** Keeps echoes of user input short so a refusal never becomes a wall of text, and shows them as typed. */
function clip(text: string): string {
  return userText(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** The known word within edit distance 2, if any. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    // Lengths further apart than 2 are at least that many edits apart.
    if (Math.abs(word.length - name.length) > 2) continue;
    const distance = editDistance(word, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
