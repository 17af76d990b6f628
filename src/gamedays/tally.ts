import type { Decision, Option } from "./scenario-schema.js";

/** Points a choice earns: the score is the share of the points the best choices would have earned. */
export const RATING_POINTS = { best: 2, fair: 1, harmful: 0 } as const;

export type ChoiceReason = "votes" | "tie" | "no_votes";

/**
 * The channel's choice: the option with the most votes; a tie goes to the option listed first
 * in the scenario (the order the buttons show); with no votes the incident takes the
 * decision's `no_vote` option, because an incident does not wait.
 */
export function choose(decision: Decision, tally: Record<string, number>): { option: Option; reason: ChoiceReason } {
  const counts = decision.options.map((o) => tally[o.id] ?? 0);
  const top = Math.max(...counts);
  if (top === 0) return { option: decision.options.find((o) => o.id === decision.no_vote) as Option, reason: "no_votes" };
  const leaders = decision.options.filter((_o, i) => counts[i] === top);
  return { option: leaders[0] as Option, reason: leaders.length > 1 ? "tie" : "votes" };
}

/** 0-100: points of the options chosen over the points of choosing the best each time. */
export function scoreOf(chosen: Option[]): number {
  if (chosen.length === 0) return 0;
  const points = chosen.reduce((sum, o) => sum + RATING_POINTS[o.rating], 0);
  return Math.round((100 * points) / (RATING_POINTS.best * chosen.length));
}
