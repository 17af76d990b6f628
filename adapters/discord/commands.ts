import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIApplicationCommandSubcommandGroupOption,
  APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { ArgSpec } from "../../src/core/args.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import type { TypedCommand } from "../../src/core/events.js";
import { COMMAND_NAME, LIMITS, type Placement, planLayout } from "./command-layout.js";

export { COMMAND_NAME, isMentorCommand } from "./command-layout.js";

const DESCRIPTION_MAX = 100;

/** The option types Discord knows, by the core argument kind they carry. */
const OPTION = { subcommand: 1, group: 2, string: 3, integer: 4, user: 6 } as const satisfies Record<string, ApplicationCommandOptionType>;

type ChatCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The core's commands as Discord application commands: `/mentor` with each command path as a
 * subcommand, or a subcommand of a group (["lessons", "here"] → group lessons, subcommand here),
 * plus `/mentor-<word>` commands when /mentor alone would break Discord's limits (command-layout.ts).
 * Guild-only: a DM has no server, so no workspace to act in.
 */
export function applicationCommands(summaries: readonly CommandDefinitionSummary[]): RESTPutAPIApplicationCommandsJSONBody {
  const byCommand = new Map<string, Placement[]>();
  for (const placement of layoutOf(summaries)) byCommand.set(placement.command, [...(byCommand.get(placement.command) ?? []), placement]);
  if (byCommand.size > LIMITS.commands) throw new Error(`${byCommand.size} application commands; Discord allows ${LIMITS.commands}`);
  return [...byCommand.entries()].map(([name, placements]) => buildCommand(name, placements));
}

/** The last layout, for the same command objects: every interaction looks its command up in it. */
let cached: { summaries: readonly CommandDefinitionSummary[]; placements: Placement[] } | undefined;

function layoutOf(summaries: readonly CommandDefinitionSummary[]): Placement[] {
  const same = cached?.summaries.length === summaries.length && cached.summaries.every((s, i) => s === summaries[i]);
  if (!cached || !same) {
    const placements = planLayout(summaries, (inMentor) => {
      const command = buildCommand(COMMAND_NAME, inMentor);
      return { entries: command.options?.length ?? 0, characters: commandCharacters(command) };
    });
    cached = { summaries: [...summaries], placements };
  }
  return cached.placements;
}

function buildCommand(name: string, placements: readonly Placement[]): ChatCommand {
  const only = placements[0];
  // A first word with no subcommands, moved out of /mentor, takes its arguments directly.
  if (placements.length === 1 && only && only.path.length === 0) return commandBody(name, only.summary.summary, argumentOptions(only.summary));
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  const top: APIApplicationCommandOption[] = [];
  for (const { summary, path } of placements) {
    const [first, second] = path as [string, string | undefined];
    const subcommand: APIApplicationCommandSubcommandOption = {
      type: OPTION.subcommand,
      name: optionName(second ?? first),
      description: clip(summary.summary),
      options: argumentOptions(summary),
    };
    if (second === undefined) {
      top.push(subcommand);
      continue;
    }
    let group = groups.get(first);
    if (!group) {
      group = { type: OPTION.group, name: optionName(first), description: clip(`${first[0]?.toUpperCase()}${first.slice(1)} commands`), options: [] };
      groups.set(first, group);
      top.push(group);
    }
    group.options?.push(subcommand);
  }
  for (const option of top) {
    const count = option.type === OPTION.group ? (option.options?.length ?? 0) : 0;
    if (count > LIMITS.options) throw new Error(`/${name} ${option.name} has ${count} subcommands; Discord allows ${LIMITS.options} in a group`);
  }
  const description =
    name === COMMAND_NAME
      ? "Daily lessons, progress and settings from your mentor bot"
      : `${capitalise(name.slice(COMMAND_NAME.length + 1))} commands of your mentor bot`;
  return commandBody(name, description, top);
}

function commandBody(name: string, description: string, options: APIApplicationCommandOption[]): ChatCommand {
  return { name: optionName(name), description: clip(description), type: 1, options, contexts: [0], integration_types: [0] };
}

/**
 * A command's arguments as options; Discord wants every required one before the optional ones.
 * A keyword ("until" in `pause until <date>`) carries no value, so it is no option here.
 */
function argumentOptions(summary: CommandDefinitionSummary): APIApplicationCommandBasicOption[] {
  const valued = summary.args.filter((spec) => spec.kind !== "keyword");
  if (valued.length > LIMITS.options) throw new Error(`Command "${summary.path.join(" ")}" has more than ${LIMITS.options} arguments`);
  return valued.map(toOption).sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
}

/**
 * What Discord counts against its 8,000 characters: name, description and value of the command,
 * of every option at every depth, and of every choice.
 */
export function commandCharacters(node: {
  name?: string;
  description?: string;
  value?: unknown;
  options?: readonly unknown[];
  choices?: readonly unknown[];
}): number {
  let total = (node.name?.length ?? 0) + (node.description?.length ?? 0) + (node.value === undefined ? 0 : String(node.value).length);
  for (const child of [...(node.options ?? []), ...(node.choices ?? [])]) total += commandCharacters(child as Parameters<typeof commandCharacters>[0]);
  return total;
}

function toOption(spec: Exclude<ArgSpec, { kind: "keyword" }>): APIApplicationCommandBasicOption {
  const base = { name: optionName(spec.name), description: clip(spec.description), required: !spec.optional };
  switch (spec.kind) {
    case "int":
      return { ...base, type: OPTION.integer, min_value: spec.min, max_value: spec.max };
    case "user":
      return { ...base, type: OPTION.user };
    case "choice":
      // Past 25 choices Discord needs autocompletion instead of a fixed list.
      return spec.choices.length <= LIMITS.options
        ? { ...base, type: OPTION.string, choices: spec.choices.map((c) => ({ name: c, value: c })) }
        : { ...base, type: OPTION.string, autocomplete: true };
    case "timezone":
      return { ...base, type: OPTION.string, autocomplete: true, max_length: 64 };
    case "time":
      return { ...base, type: OPTION.string, max_length: 5 };
    case "date":
      return { ...base, type: OPTION.string, max_length: 10 };
    case "rest":
      return { ...base, type: OPTION.string, max_length: Math.min(spec.maxLength, 6000) };
    case "word":
      // Lessons and skills are too many for a fixed list: suggested from the catalog as the person types.
      return spec.suggest ? { ...base, type: OPTION.string, autocomplete: true, max_length: 100 } : { ...base, type: OPTION.string, max_length: 100 };
    default:
      return { ...base, type: OPTION.string, max_length: 100 };
  }
}

function optionName(name: string): string {
  const clean = name.toLowerCase();
  if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(clean)) throw new Error(`"${name}" cannot be a Discord option name (1-32 letters, digits, - or _)`);
  return clean;
}

/** Descriptions are 1-100 characters: cut at a word, never mid-word. */
function clip(text: string): string {
  if (text.length <= DESCRIPTION_MAX) return text;
  const cut = text.slice(0, DESCRIPTION_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 1))}…`;
}

const capitalise = (word: string): string => `${word[0]?.toUpperCase() ?? ""}${word.slice(1)}`;

/** An option as the interaction carries it (discord.js's CommandInteractionOption shape). */
export interface ReceivedOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly ReceivedOption[];
}

/** The subcommand path a received interaction names, and the argument options under it. */
function receivedPath(options: readonly ReceivedOption[]): { path: string[]; leaf: readonly ReceivedOption[] } {
  const path: string[] = [];
  let level = options;
  for (;;) {
    const nested = level.find((o) => o.type === OPTION.subcommand || o.type === OPTION.group);
    if (!nested) return { path, leaf: level };
    path.push(nested.name);
    level = nested.options ?? [];
  }
}

/**
 * A received `/mentor` (or `/mentor-<word>`) interaction as the core takes it: the command's path
 * and each option's value under its argument's name, with nothing re-parsed; and the same command
 * as a line, for logs (each value quoted where needed). An option this build does not know (a
 * registration from another build) is passed on under its own name, for the core to refuse.
 */
export function receivedCommand(
  options: readonly ReceivedOption[],
  summaries: readonly CommandDefinitionSummary[],
  commandName = COMMAND_NAME,
): { text: string; typed?: TypedCommand } {
  const { path, leaf } = receivedPath(options);
  const summary = findSummary(commandName, path, summaries);
  if (!summary) return { text: path.join(" ") };
  const given = new Map(leaf.filter((o) => o.value !== undefined && o.value !== "").map((o) => [o.name, o.value as string | number | boolean]));
  const values: Record<string, string | number> = {};
  const words: string[] = [...summary.path];
  for (const spec of summary.args) {
    if (spec.kind === "keyword") {
      words.push(spec.words[0]);
      continue;
    }
    const name = optionName(spec.name);
    const value = given.get(name);
    given.delete(name);
    if (value === undefined) continue;
    values[spec.name] = typedValue(value);
    words.push(quote(String(value)));
  }
  for (const [name, value] of given) values[name] = typedValue(value);
  return { text: words.join(" "), typed: { path: summary.path, values } };
}

/** Numbers stay numbers; anything else Discord sends (strings, booleans, ids) is passed on as text. */
const typedValue = (value: string | number | boolean): string | number => (typeof value === "number" ? value : String(value));

/** The core command behind a received command name and subcommand path. */
export function findSummary(
  commandName: string,
  path: readonly string[],
  summaries: readonly CommandDefinitionSummary[],
): CommandDefinitionSummary | undefined {
  const wanted = path.join(" ");
  return layoutOf(summaries).find((p) => p.command === commandName && p.path.map(optionName).join(" ") === wanted)?.summary;
}

/** Where a core command is on Discord: the application command and the option names to pick. */
export function discordPlacement(summary: CommandDefinitionSummary, summaries: readonly CommandDefinitionSummary[]): { command: string; path: string[] } {
  const placement = layoutOf(summaries).find((p) => p.summary.path.join(" ") === summary.path.join(" "));
  if (!placement) throw new Error(`Command "${summary.path.join(" ")}" is not among the summaries`);
  return { command: placement.command, path: placement.path.map(optionName) };
}

/** The router splits on spaces and honours double quotes with backslash escapes. */
function quote(value: string): string {
  return /[\s"'“\\]/.test(value) || value === "" ? `"${value.replace(/["\\]/g, "\\$&")}"` : value;
}
