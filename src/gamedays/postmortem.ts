import { type Message, ui } from "../core/message.js";
import { counted } from "../core/text.js";
import { bestPath } from "./scenario-check.js";
import type { Scenario, Step } from "./scenario-schema.js";
import { chosenOption, type Gameday, type GamedayStep, OUT_OF_TIME } from "./store.js";

const OUTCOME_WORDS = { resolved: "Resolved", degraded: "Degraded: the service is up, with lasting damage", outage: "Outage" } as const;

export const OUT_OF_TIME_TEXT =
  "The exercise ran out of decisions before the incident was over: in a real incident, this is when a fresh incident commander takes over.";

/** "14:05" in the channel's zone: the postmortem is a document to copy, so times are written out. */
function clock(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** The start of a text up to a sentence end or `max` characters, cut between words. */
export function gist(text: string, max = 120): string {
  // Plain words for a one-line entry: no bold markers, no alarm emoji.
  const flat = text
    .replace(/\*\*|🚨/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 1))}…`;
}

export function endingOf(scenario: Scenario, endingId: string | null): { outcome: keyof typeof OUTCOME_WORDS; text: string } {
  const ending = endingId ? scenario.stepById.get(endingId)?.ending : undefined;
  return ending ?? { outcome: "outage", text: OUT_OF_TIME_TEXT };
}

/** The message that ends a game: how it ended and the score. */
export function endingMessage(game: Gameday, scenario: Scenario, outcome: string | undefined): Message {
  const ending = endingOf(scenario, game.endingId);
  const score = `Score: ${game.score ?? 0}/100 (best choice 2 points, fair 1, harmful 0, over the decisions taken).`;
  return {
    text: `Game day over: ${OUTCOME_WORDS[ending.outcome]}. ${score}`,
    blocks: [
      ui.header(`Game day over: ${scenario.title}`),
      ...(outcome ? [ui.section(`_What happened:_ ${outcome}`)] : []),
      ui.section(`**${OUTCOME_WORDS[ending.outcome]}.** ${ending.text}`),
      ui.context(`${score} The postmortem follows.`),
    ],
  };
}

/**
 * The blameless postmortem, filled from what the channel did: a timeline in the channel's zone,
 * the votes per decision in aggregate (never who chose what), what went well and what hurt, the
 * better path and why, and follow-ups to own.
 */
export function postmortemMessage(
  game: Gameday,
  scenario: Scenario,
  rows: GamedayStep[],
  voters: number,
  lessonTitle: (id: string) => string | undefined,
): Message {
  const zone = game.timezone;
  const ending = endingOf(scenario, game.endingId);
  const decisions = rows.filter((r) => r.chosenOption);
  const timeline: string[] = [`${clock(game.startedAt, zone)} Alert fired: ${gist(stepOf(scenario, rows[0]).text)}`];
  const votes: string[] = [];
  const well: string[] = [];
  const lessWell: string[] = [];
  const better: string[] = [];
  for (const row of decisions) {
    const step = stepOf(scenario, row);
    const decision = step.decision;
    const chosen = chosenOption(scenario, row);
    if (!decision || !chosen) continue;
    const n = row.seq + 1;
    for (const [index, at] of Object.entries(row.revealedAt).sort(([, a], [, b]) => a.localeCompare(b))) {
      const fact = step.facts[Number(index)];
      if (fact) timeline.push(`${clock(new Date(at), zone)} Learned: ${gist(fact.text)}`);
    }
    const tally = row.tally ?? {};
    const total = Object.values(tally).reduce((a, b) => a + b, 0);
    const how = total === 0 ? "no votes; the incident did not wait" : `${counted(tally[chosen.id] ?? 0, "vote")} of ${total}`;
    const closed = row.closedBy === "admin" ? "closed by an admin" : "closed on time";
    timeline.push(`${clock(row.closedAt ?? row.openedAt, zone)} Decision ${n}: ${chosen.label} (${how}; ${closed})`);
    votes.push(`Decision ${n}: ${decision.options.map((o) => `${o.label}: ${tally[o.id] ?? 0}`).join(" · ")}`);
    if (chosen.rating === "best") well.push(`Decision ${n}: ${chosen.label}. ${chosen.why}`);
    else {
      const cost = chosen.rating === "harmful" ? "made it worse" : "safe, but slower or partial";
      lessWell.push(`Decision ${n}: ${chosen.label} (${cost}). ${gist(chosen.outcome, 200)}`);
      const best = decision.options.find((o) => o.rating === "best");
      if (best) better.push(`Decision ${n}: ${best.label}, rather than ${chosen.label}. ${best.why}`);
    }
  }
  const end = rows.at(-1);
  timeline.push(`${clock(game.endedAt ?? end?.openedAt ?? game.startedAt, zone)} Ended: ${OUTCOME_WORDS[ending.outcome]}`);
  const ideal = bestPath(scenario)
    .filter((s) => s.decision)
    .map((s) => s.decision?.options.find((o) => o.rating === "best")?.label)
    .join(" → ");
  const lessons = scenario.lessons.map((id) => `• ${lessonTitle(id) ?? id} (\`/mentor lesson ${id}\`)`);
  const impact = game.endingId === OUT_OF_TIME ? OUT_OF_TIME_TEXT : ending.text;
  return {
    text: `Postmortem (blameless): ${scenario.title}. ${OUTCOME_WORDS[ending.outcome]}; score ${game.score ?? 0}/100.`,
    blocks: [
      ui.header(`Postmortem (blameless): ${gist(scenario.title, 120)}`),
      ui.section(
        `**Summary.** ${gist(impact, 400)}\n**Outcome:** ${OUTCOME_WORDS[ending.outcome]}. **Score:** ${game.score ?? 0}/100 over ${counted(decisions.length, "decision")}; ${counted(voters, "person", "people")} voted.`,
      ),
      ui.section(`**Timeline** (${zone})\n${timeline.map((l) => `• ${l}`).join("\n")}`),
      ui.section(`**Votes per decision** (in aggregate)\n${votes.map((l) => `• ${l}`).join("\n") || "• No decision was taken."}`),
      ui.section(`**What went well**\n${bullets(well, "Nothing this time: the better path below says what would have.")}`),
      ui.section(`**What went less well**\n${bullets(lessWell, "Every choice was the better one.")}`),
      ui.section(
        `**The better path and why**\n${better.map((l) => `• ${l}`).join("\n")}${better.length > 0 ? "\n" : ""}Best choices: ${ideal}. ${scenario.better_path}`,
      ),
      ui.section(`**Follow-ups** (to give an owner and a date)\n${scenario.follow_ups.map((f) => `• [ ] ${f}`).join("\n")}`),
      ui.section(`**Lessons to revisit**\n${lessons.join("\n")}`),
      ui.context("Blameless: this records what was known at each point and what the system allowed, not who chose what. Votes are counted, never named."),
    ],
  };
}

function stepOf(scenario: Scenario, row: GamedayStep | undefined): Step {
  return (row && scenario.stepById.get(row.stepId)) || { id: OUT_OF_TIME, text: OUT_OF_TIME_TEXT, facts: [] };
}

function bullets(lines: string[], none: string): string {
  return lines.length > 0 ? lines.map((l) => `• ${l}`).join("\n") : none;
}
