import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIApplicationCommandSubcommandGroupOption,
  APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { ArgSpec } from "../../src/core/args.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";

export const COMMAND_NAME = "mentor";
const DESCRIPTION_MAX = 100;

/** The option types Discord knows, by the core argument kind they carry. */
const OPTION = { subcommand: 1, group: 2, string: 3, integer: 4, user: 6 } as const satisfies Record<string, ApplicationCommandOptionType>;

const DEFAULT_DESCRIPTIONS: Record<ArgSpec["kind"], string> = {
  word: "A word",
  choice: "One of the choices",
  int: "A whole number",
  time: "A 24-hour time, HH:MM (e.g. 09:30)",
  date: "A date, YYYY-MM-DD",
  days: "Days: mon-fri, mon,wed,fri, weekdays or daily",
  timezone: "An IANA timezone such as Europe/Berlin (start typing for suggestions)",
  user: "A person",
  rest: "Text",
};

/**
 * `/mentor` as one application command: each core command path becomes a subcommand, or a
 * subcommand of a group (["lessons", "here"] → group lessons, subcommand here). Guild-only:
 * a DM has no server, so no workspace to act in.
 */
export function applicationCommands(summaries: readonly CommandDefinitionSummary[]): RESTPutAPIApplicationCommandsJSONBody {
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  const top: APIApplicationCommandOption[] = [];
  for (const summary of summaries) {
    const [first, second] = discordPath(summary, summaries);
    const subcommand: APIApplicationCommandSubcommandOption = {
      type: OPTION.subcommand,
      name: optionName(second ?? first),
      description: clip(summary.summary),
      options: summary.args.map(toOption).sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)),
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
  if (top.length > 25) throw new Error(`/${COMMAND_NAME} has ${top.length} subcommands and groups; Discord allows 25`);
  return [
    {
      name: COMMAND_NAME,
      description: "Daily lessons, progress and settings from your mentor bot",
      type: 1,
      options: top,
      contexts: [0],
      integration_types: [0],
    },
  ];
}

/**
 * Where a core command sits under /mentor. Discord cannot have `quiz` both as a subcommand and
 * as a group, so when the core has both, the bare command becomes `quiz go` inside the group
 * (this also keeps /mentor within Discord's 25 top-level entries). Deeper paths do not exist.
 */
export const BARE_IN_GROUP = "go";

function discordPath(summary: CommandDefinitionSummary, all: readonly CommandDefinitionSummary[]): [string] | [string, string] {
  const [first, second, ...deeper] = summary.path;
  if (!first || deeper.length > 0) throw new Error(`Command "${summary.path.join(" ")}": Discord allows at most a group and a subcommand`);
  if (second !== undefined) {
    if (second === BARE_IN_GROUP && all.some((s) => s.path.length === 1 && s.path[0] === first)) {
      throw new Error(`Commands "${first}" and "${first} ${BARE_IN_GROUP}" would both be /mentor ${first} ${BARE_IN_GROUP} on Discord`);
    }
    return [first, second];
  }
  const isGroup = all.some((s) => s.path.length === 2 && s.path[0] === first);
  return isGroup ? [first, BARE_IN_GROUP] : [first];
}

function toOption(spec: ArgSpec): APIApplicationCommandBasicOption {
  const base = { name: optionName(spec.name), description: clip(spec.description ?? DEFAULT_DESCRIPTIONS[spec.kind]), required: !spec.optional };
  switch (spec.kind) {
    case "int":
      return { ...base, type: OPTION.integer, min_value: spec.min, max_value: spec.max };
    case "user":
      return { ...base, type: OPTION.user };
    case "choice":
      // Past 25 choices Discord needs autocompletion instead of a fixed list.
      return spec.choices.length <= 25
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

/** An option as the interaction carries it (discord.js's CommandInteractionOption shape). */
export interface ReceivedOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly ReceivedOption[];
}

/**
 * Turns a received `/mentor` interaction back into the line the core router parses:
 * subcommand path, then each argument's value in the definition's order, quoted when needed.
 */
export function commandText(options: readonly ReceivedOption[], summaries: readonly CommandDefinitionSummary[]): string {
  const path: string[] = [];
  let level = options;
  for (;;) {
    const nested = level.find((o) => o.type === OPTION.subcommand || o.type === OPTION.group);
    if (!nested) break;
    path.push(nested.name);
    level = nested.options ?? [];
  }
  const summary = findSummary(path, summaries);
  const values = new Map(level.map((o) => [o.name, o.value]));
  const words = summary ? summary.path : path;
  const args = (summary?.args ?? []).flatMap((spec) => {
    const value = values.get(optionName(spec.name));
    return value === undefined || value === "" ? [] : [quote(String(value))];
  });
  return [...words, ...args].join(" ");
}

/** The core command behind a received subcommand path. */
export function findSummary(path: readonly string[], summaries: readonly CommandDefinitionSummary[]): CommandDefinitionSummary | undefined {
  const wanted = path.join(" ");
  return summaries.find((s) => discordPath(s, summaries).map(optionName).join(" ") === wanted);
}

/** The router splits on spaces and honours double quotes with backslash escapes. */
function quote(value: string): string {
  return /[\s"'“\\]/.test(value) || value === "" ? `"${value.replace(/["\\]/g, "\\$&")}"` : value;
}
