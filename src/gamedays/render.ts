import { type Block, type Message, ui } from "../core/message.js";
import { counted, quoted, readerTime, withoutMarks } from "../core/text.js";
import type { Scenario, Step } from "./scenario-schema.js";
import type { Gameday, GamedayStep } from "./store.js";
import type { ChoiceReason } from "./tally.js";

export const GAMEDAY_VOTE_ACTION = "gameday.vote";
export const GAMEDAY_CLOSE_ACTION = "gameday.close";

/** A vote button's value: the game, the decision's number and the option (at most 37 characters). */
export function voteValue(gameId: number, seq: number, optionId: string): string {
  return `${gameId}.${seq}.${optionId}`;
}

/** Where the channel is: the decision's number among the game's decisions. */
function heading(scenario: Scenario, seq: number): string {
  return seq === 0 ? `Game day: ${scenario.title}` : `Game day: decision ${seq + 1}`;
}

/** What happened because of the last choice, then the new situation. */
function situation(step: Step, outcome: string | undefined): Block[] {
  return [...(outcome ? [ui.section(`_What happened:_ ${outcome}`)] : []), ui.section(step.text)];
}

/** A decision open for votes: the situation, the question, a button per option and the admins' close button. */
export function openStepMessage(game: Gameday, scenario: Scenario, row: GamedayStep, outcome: string | undefined): Message {
  const step = scenario.stepById.get(row.stepId) as Step;
  const decision = step.decision;
  if (!decision) throw new Error(`step ${step.id} has no decision`);
  const closes = readerTime(row.closesAt ?? row.openedAt, "time", game.timezone);
  return {
    text: `${heading(scenario, row.seq)}. ${decision.prompt}`,
    blocks: [
      ui.header(heading(scenario, row.seq)),
      ...situation(step, outcome),
      ui.section(`**Decision:** ${decision.prompt}`),
      ui.actions(...decision.options.map((o) => ui.button(GAMEDAY_VOTE_ACTION, o.label, voteValue(game.id, row.seq, o.id)))),
      ui.actions(ui.button(GAMEDAY_CLOSE_ACTION, "Close the vote (admins)", `${game.id}.${row.seq}`)),
      ui.context(
        `The vote closes at ${closes}, or when an admin closes it. One vote each: clicking again changes nothing, another option replaces your vote. More facts may come in before then.`,
      ),
    ],
  };
}

const REASONS: Record<ChoiceReason, string> = {
  votes: "by the most votes",
  tie: "a tie, settled by the order of the options",
  no_votes: "nobody voted, and the incident did not wait",
};

/** The decision once closed: what was chosen, how, and the votes per option. No buttons. */
export function closedStepMessage(scenario: Scenario, row: GamedayStep, reason: ChoiceReason, outcome: string | undefined): Message {
  const step = scenario.stepById.get(row.stepId) as Step;
  const decision = step.decision;
  if (!decision) throw new Error(`step ${step.id} has no decision`);
  const tally = row.tally ?? {};
  const chosen = decision.options.find((o) => o.id === row.chosenOption);
  const votes = decision.options.map((o) => `• ${o.label}: ${counted(tally[o.id] ?? 0, "vote")}`).join("\n");
  const by = row.closedBy === "admin" ? "an admin closed the vote" : "the vote's time was up";
  const unrevealed = step.facts.filter((_f, i) => !(String(i) in row.revealedAt)).length;
  const early = unrevealed > 0 ? ` The vote closed before ${counted(unrevealed, "more fact")} came in.` : "";
  return {
    text: `${heading(scenario, row.seq)}: the channel chose ${quoted(chosen?.label ?? "")}.`,
    blocks: [
      ui.header(heading(scenario, row.seq)),
      ...situation(step, outcome),
      ui.section(`**Decision:** ${decision.prompt}\n**Chosen:** ${chosen?.label ?? ""} (${REASONS[reason]}; ${by}).${early}\n${votes}`),
    ],
  };
}

/** A fact the timer reveals while the channel deliberates. */
export function factMessage(game: Gameday, text: string, at: Date): Message {
  const time = readerTime(at, "time", game.timezone);
  return { text: `New information (${withoutMarks(time)}): ${text}`, blocks: [ui.section(`**New information** (${time}): ${text}`)] };
}

/** The channel's message when an admin stops the game. */
export function stoppedMessage(scenario: Scenario | undefined, who: string): Message {
  const title = scenario ? ` ${quoted(scenario.title)}` : "";
  const text = `The game day${title} was stopped by ${who}. No postmortem: it counts for nobody. \`/mentor gameday start\` begins another.`;
  return { text, blocks: [ui.section(text)] };
}

/** The scenarios, for `/mentor gameday list`. */
export function listMessage(scenarios: Scenario[], lessonTitle: (id: string) => string | undefined): Message {
  if (scenarios.length === 0) return { text: "No game day scenarios are installed.", blocks: [ui.section("No game day scenarios are installed.")] };
  const lines = scenarios.map((s) => {
    const lessons = s.lessons.map((id) => lessonTitle(id) ?? id).join("; ");
    return `**${s.id}**: ${s.title}\n${s.summary}\n_Practises:_ ${lessons}`;
  });
  return {
    text: `Game day scenarios: ${scenarios.map((s) => s.id).join(", ")}`,
    blocks: [
      ui.header("Game day scenarios"),
      ...lines.map((l) => ui.section(l)),
      ui.context("An admin starts one in a channel: `/mentor gameday start <scenario>`. Everyone in the channel votes; it ends with a postmortem and a score."),
    ],
  };
}
