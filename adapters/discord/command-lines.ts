import { type ArgSpec, argPlaceholder, parseArg } from "../../src/core/args.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import { tokenize } from "../../src/core/tokenize.js";
import { discordPlacement } from "./commands.js";

/**
 * The core names commands in code spans as a person types them in Slack or the console:
 * `/mentor leaderboard week`, `/mentor quiz [topic] [count]`. On Discord the same commands are
 * picked from the registered layout (command-layout.ts), so those lines are rewritten here:
 * `/mentor leaderboard go period:week`, `/mentor quiz go [topic:…] [count:…]`.
 */
const COMMAND_SPAN = /`\/mentor(?:\s+([^`\n]*))?`/g;

/** Rewrites every `/mentor …` code span of `markdown` in Discord's command layout. */
export function discordCommandLines(markdown: string, summaries: readonly CommandDefinitionSummary[]): string {
  return markdown.replace(COMMAND_SPAN, (whole, rest: string | undefined) => {
    const line = discordLine(rest ?? "", summaries);
    return line === undefined ? whole : `\`${line}\``;
  });
}

/** One command line as it is written on Discord, or undefined when it names no known command. */
export function discordLine(line: string, summaries: readonly CommandDefinitionSummary[]): string | undefined {
  let tokens: string[];
  try {
    tokens = tokenize(line.trim());
  } catch {
    return undefined;
  }
  const words = tokens.map((t) => t.toLowerCase());
  const summary = [...summaries].sort((a, b) => b.path.length - a.path.length).find((s) => s.path.every((part, i) => words[i] === part));
  if (!summary) return undefined;
  const { command, path } = discordPlacement(summary, summaries);
  return [`/${command}`, ...path, ...options(summary.args, tokens.slice(summary.path.length))].join(" ");
}

/** The arguments of a line as Discord options (`name:value`), placeholders (`[time:HH:MM]`) kept as placeholders. */
function options(specs: readonly ArgSpec[], tokens: readonly string[]): string[] {
  const out: string[] = [];
  let next = 0;
  for (const spec of specs) {
    const token = tokens[next];
    if (token === undefined) break;
    const name = spec.name.toLowerCase();
    if (spec.kind === "keyword") {
      // Not an option on Discord: the word is simply left out.
      if (spec.words.includes(token.toLowerCase()) || isPlaceholder(spec, token)) next++;
      continue;
    }
    if (spec.kind === "rest") {
      out.push(isPlaceholder(spec, token) ? placeholder(spec, token) : `${name}:${tokens.slice(next).join(" ")}`);
      next = tokens.length;
      break;
    }
    if (isPlaceholder(spec, token)) out.push(placeholder(spec, token));
    else if (fits(spec, token) || !spec.optional) out.push(`${name}:${token}`);
    else continue;
    next++;
  }
  return [...out, ...tokens.slice(next)];
}

/** `<HH:MM>` or `[HH:MM]`: how the core's usage lines stand for this argument. */
function isPlaceholder(spec: ArgSpec, token: string): boolean {
  return token === argPlaceholder(spec) || token === argPlaceholder({ ...spec, optional: !spec.optional });
}

function placeholder(spec: ArgSpec, token: string): string {
  const inner = token.slice(1, -1).replace(/\.\.\.$/, "");
  const name = spec.name.toLowerCase();
  const shown = `${name}:${inner === spec.name ? "…" : inner}`;
  return spec.optional ? `[${shown}]` : shown;
}

/** Whether the token is a value of this argument (one it would refuse as impossible, like 25:00, still is). */
function fits(spec: ArgSpec, token: string): boolean {
  try {
    return parseArg(spec, token) !== undefined;
  } catch {
    return true;
  }
}
