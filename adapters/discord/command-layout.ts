import type { CommandDefinitionSummary } from "../../src/core/commands.js";

export const COMMAND_NAME = "mentor";

/**
 * Discord cannot have `quiz` both as a subcommand and as a group, so when the core has both,
 * the bare command becomes `quiz go` inside the group.
 */
export const BARE_IN_GROUP = "go";

/** A first word moved out of /mentor becomes an application command of its own: /mentor-lessons. */
const SPLIT_PREFIX = `${COMMAND_NAME}-`;

/** Discord's limits on one chat-input command (application-commands docs). */
export const LIMITS = {
  /** Options at any level: subcommands and groups of a command, subcommands of a group, arguments. */
  options: 25,
  /** Name, description and value characters of a command, its options and choices, together. */
  characters: 8000,
  /** Chat-input commands of one application (globally, and again per server). */
  commands: 100,
} as const;

/** Where a core command sits on Discord: the application command, then its group and subcommand names. */
export interface Placement {
  summary: CommandDefinitionSummary;
  command: string;
  /** [], [subcommand] or [group, subcommand]. */
  path: string[];
}

export const isMentorCommand = (name: string): boolean => name === COMMAND_NAME || name.startsWith(SPLIT_PREFIX);

/**
 * Places every core command. All of them go under /mentor while it fits Discord's limits
 * (25 entries, 8,000 characters); when it does not, whole first words move out into commands of
 * their own, `/mentor-<word>`, biggest groups first, until it fits. The words a person picks
 * stay the core's words in the same order, so a received interaction maps back to the same line.
 * `measure` sizes /mentor as it would be registered (the caller builds the JSON).
 */
export function planLayout(
  summaries: readonly CommandDefinitionSummary[],
  measure: (placements: Placement[]) => { entries: number; characters: number },
): Placement[] {
  const moved = new Set<string>();
  const candidates = splitOrder(summaries);
  for (;;) {
    const placements = summaries.map((summary) => place(summary, summaries, moved));
    const inMentor = placements.filter((p) => p.command === COMMAND_NAME);
    const { entries, characters } = measure(inMentor);
    if (entries <= LIMITS.options && characters <= LIMITS.characters) return placements;
    const next = candidates.find((word) => !moved.has(word));
    if (next === undefined) throw new Error(`/${COMMAND_NAME} cannot fit Discord's limits even with every first word split out`);
    moved.add(next);
  }
}

function place(summary: CommandDefinitionSummary, all: readonly CommandDefinitionSummary[], moved: ReadonlySet<string>): Placement {
  const [first, second, ...deeper] = summary.path;
  if (!first || deeper.length > 0) throw new Error(`Command "${summary.path.join(" ")}": Discord allows at most a group and a subcommand`);
  if (second === BARE_IN_GROUP && all.some((s) => s.path.length === 1 && s.path[0] === first)) {
    throw new Error(`Commands "${first}" and "${first} ${BARE_IN_GROUP}" would both be /${COMMAND_NAME} ${first} ${BARE_IN_GROUP} on Discord`);
  }
  const isGroup = all.some((s) => s.path.length === 2 && s.path[0] === first);
  const rest = second !== undefined ? [second] : isGroup ? [BARE_IN_GROUP] : [];
  return moved.has(first) ? { summary, command: `${SPLIT_PREFIX}${first}`, path: rest } : { summary, command: COMMAND_NAME, path: [first, ...rest] };
}

/**
 * First words in the order they leave /mentor: groups before single commands (`/mentor-lessons here`
 * reads better than `/mentor-digest`), more subcommands first, then by name, so the result only
 * depends on the set of commands.
 */
/**
 * Words that leave /mentor before any other when it is full: `dashboard` is run once to get an
 * address, so /mentor-dashboard costs less than moving a word people type every day.
 */
const MOVED_FIRST: ReadonlySet<string> = new Set(["dashboard"]);

function splitOrder(summaries: readonly CommandDefinitionSummary[]): string[] {
  const counts = new Map<string, number>();
  for (const summary of summaries) {
    const first = summary.path[0] as string;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const movedFirst = (word: string) => (MOVED_FIRST.has(word) ? 0 : 1);
  return [...counts.entries()]
    .filter(([word]) => word !== "help")
    .sort(([a, countA], [b, countB]) => movedFirst(a) - movedFirst(b) || countB - countA || a.localeCompare(b))
    .map(([word]) => word);
}
