import type { CommandDefinition } from "./commands.js";
import { editDistance } from "./edit-distance.js";
import { UserError } from "./errors.js";
import { type Block, type Message, ui } from "./message.js";
import { COMMAND, type CommandRouter, usageOf } from "./router.js";
import { userText } from "./text.js";

/** A help topic: a theme and the first words of the commands about it, in the order a newcomer meets them. */
export interface HelpTopic {
  name: string;
  title: string;
  words: readonly string[];
}

export const HELP_TOPICS: readonly HelpTopic[] = [
  { name: "lessons", title: "Lessons and progress", words: ["lesson", "lessons", "progress"] },
  { name: "quizzes", title: "Quizzes, labs and skills", words: ["quiz", "review", "lab", "skills", "leaderboard"] },
  {
    name: "pairing",
    title: "Mentoring pairs",
    words: ["join", "profile", "mentor", "mentees", "pause", "resume", "dontpair", "unpair", "rematch", "leave", "pair"],
  },
  { name: "checkins", title: "Check-ins and reports", words: ["checkin", "checkins", "digest", "report"] },
  { name: "gamedays", title: "Incident game days", words: ["gameday"] },
  { name: "settings", title: "You and this bot", words: ["help", "status", "timezone", "dashboard"] },
  { name: "admin", title: "Running the workspace", words: ["admin"] },
];

/** `/mentor help [topic]`: generated from the command definitions, so it is never stale. */
export function helpCommand(router: CommandRouter): CommandDefinition {
  return {
    path: ["help"],
    summary: "List every command, or the commands about one topic.",
    args: [
      { kind: "word", name: "topic", optional: true, description: `A topic (${HELP_TOPICS.map((t) => t.name).join(", ")}) or a command`, example: "lessons" },
    ],
    access: "member",
    async run(ctx, args) {
      const typed = args.string("topic")?.toLowerCase();
      const all = router.all();
      if (!typed) return renderHelp(all, ctx.isAdmin);
      const found = findTopic(typed, all);
      if (!found) {
        throw new UserError(
          "unknown_topic",
          `There is no help topic "${userText(typed.slice(0, 40))}". Topics: ${HELP_TOPICS.map((t) => t.name).join(", ")}. For example: \`${COMMAND} help ${HELP_TOPICS[0]?.name}\``,
        );
      }
      return renderHelp(found.definitions, ctx.isAdmin, found.title);
    },
  };
}

/**
 * What `/mentor help <typed>` is about: a topic by name ("pairing", "quiz" for quizzes), the
 * commands of a first word ("pair", "lessons"), or the nearest of either (a typo).
 */
export function findTopic(typed: string, all: readonly CommandDefinition[]): { title: string; definitions: CommandDefinition[] } | undefined {
  const byWords = (words: readonly string[]) => all.filter((d) => words.includes(d.path[0] as string));
  const topic = HELP_TOPICS.find((t) => t.name === typed || t.name.startsWith(typed) || typed.startsWith(t.name));
  if (topic) return { title: topic.title, definitions: byWords(topic.words) };
  const firstWords = [...new Set(all.map((d) => d.path[0] as string))];
  const word = firstWords.find((w) => w === typed) ?? firstWords.find((w) => typed.startsWith(w) || w.startsWith(typed));
  if (word) return { title: `${COMMAND} ${word}`, definitions: byWords([word]) };
  const near = [...HELP_TOPICS.map((t) => t.name), ...firstWords].find((name) => editDistance(name, typed) <= 2);
  return near ? findTopic(near, all) : undefined;
}

export function renderHelp(definitions: readonly CommandDefinition[], viewerIsAdmin: boolean, title?: string): Message {
  const line = (d: CommandDefinition) => `• \`${usageOf(d)}\` — ${d.summary}${d.access === "admin" ? " _(admin)_" : ""}`;
  const sections: { title: string; lines: string[] }[] = [];
  const placed = new Set<CommandDefinition>();
  for (const topic of HELP_TOPICS) {
    const list = topic.words.flatMap((word) => definitions.filter((d) => d.path[0] === word));
    for (const d of list) placed.add(d);
    if (list.length > 0) sections.push({ title: topic.title, lines: list.map(line) });
  }
  const others = definitions.filter((d) => !placed.has(d));
  if (others.length > 0) sections.push({ title: "More", lines: others.map(line) });
  const heading = title ?? "What I can do";
  const blocks: Block[] = [ui.header(heading)];
  // One section per topic keeps every section far below the platforms' length limits.
  for (const section of sections) blocks.push(ui.section(title ? section.lines.join("\n") : `**${section.title}**\n${section.lines.join("\n")}`));
  const topics = `Topics: ${HELP_TOPICS.map((t) => t.name).join(", ")} (\`${COMMAND} help <topic>\`).`;
  const admin = viewerIsAdmin ? "You are an admin here: commands marked (admin) are yours too." : "Commands marked (admin) need a workspace admin.";
  blocks.push(ui.context(admin, topics));
  const text = sections.map((s) => `${title ? "" : `${s.title}\n`}${s.lines.join("\n")}`).join("\n");
  return { text: `${heading}\n${text}\n${topics}`, blocks };
}
