import { type ArgSpec, type ArgValue, argPlaceholder, ParsedArgs, parseArg } from "./args.js";
import type { CommandDefinition } from "./commands.js";
import { UserError } from "./errors.js";
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

  register(...definitions: CommandDefinition[]): void {
    for (const definition of definitions) {
      const key = definition.path.join(" ");
      if (this.definitions.some((d) => d.path.join(" ") === key)) throw new Error(`Command ${key} registered twice`);
      const restIndex = definition.args.findIndex((a) => a.kind === "rest");
      if (restIndex !== -1 && restIndex !== definition.args.length - 1) throw new Error(`Command ${key}: rest must be last`);
      this.definitions.push(definition);
    }
    this.definitions.sort((a, b) => b.path.length - a.path.length);
  }

  all(): readonly CommandDefinition[] {
    return [...this.definitions].sort((a, b) => a.path.join(" ").localeCompare(b.path.join(" ")));
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
  for (const spec of definition.args) {
    const token = tokens[next];
    if (spec.kind === "rest") {
      const rest = tokens.slice(next).join(" ");
      if (rest.length > 0) {
        if (rest.length > spec.maxLength) {
          throw new UserError("arg_too_long", `${spec.name} can be at most ${spec.maxLength} characters (got ${rest.length}).`);
        }
        values.set(spec.name, rest);
      } else if (!spec.optional) {
        throw missing(definition, spec);
      }
      next = tokens.length;
      break;
    }
    const value = token === undefined ? undefined : parseArg(spec, token);
    if (value !== undefined) {
      values.set(spec.name, value);
      next++;
    } else if (!spec.optional) {
      throw token === undefined ? missing(definition, spec) : wrongKind(definition, spec, token);
    }
  }
  if (next < tokens.length) {
    throw new UserError("unexpected_arg", `I didn't understand "${clip(tokens[next] as string)}". Usage: \`${usageOf(definition)}\``);
  }
  return new ParsedArgs(values);
}

export function usageOf(definition: CommandDefinition): string {
  return [COMMAND, ...definition.path, ...definition.args.map(argPlaceholder)].join(" ");
}

function missing(definition: CommandDefinition, spec: ArgSpec): UserError {
  return new UserError("missing_arg", `${COMMAND} ${definition.path.join(" ")} needs ${argPlaceholder(spec)}. Usage: \`${usageOf(definition)}\``);
}

function wrongKind(definition: CommandDefinition, spec: ArgSpec, token: string): UserError {
  const expected = spec.kind === "choice" ? `one of ${spec.choices.join(", ")}` : argPlaceholder(spec);
  return new UserError("bad_arg", `"${clip(token)}" is not a valid ${spec.name}: expected ${expected}. Usage: \`${usageOf(definition)}\``);
}

/** Keeps echoes of user input short so a refusal never becomes a wall of text. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The known word within edit distance 2, if any. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(word, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length] as number;
}
