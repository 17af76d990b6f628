import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import type { Block, Message } from "../../src/core/message.js";
import { mapReaderTimes, mapUserText, withoutMarks } from "../../src/core/text.js";
import { discordCommandLines } from "./command-lines.js";

/**
 * The message in Discord's terms: text people wrote shown exactly as written (backslash escapes,
 * which Discord's Markdown honours), every command line the core wrote in Discord's layout
 * (command-lines.ts), and moments as timestamps each reader sees in their own zone.
 */
export function forDiscord(message: Message, commands: readonly CommandDefinitionSummary[] | undefined): Message {
  const text = (markdown: string) =>
    mapReaderTimes(
      mapUserText(markdown, writtenText, (core) => (commands ? discordCommandLines(core, commands) : core)),
      // Discord shows a timestamp in each reader's own zone.
      (epoch, style) => `<t:${epoch}:${style === "time" ? "t" : "f"}>`,
    );
  const blocks = message.blocks?.map((block): Block => {
    switch (block.type) {
      case "header":
        return { ...block, text: withoutMarks(block.text) };
      case "section":
        return { ...block, markdown: text(block.markdown) };
      case "context":
        return { ...block, elements: block.elements.map(text) };
      case "fields":
        return { ...block, fields: block.fields.map((f) => ({ label: text(f.label), value: text(f.value) })) };
      default:
        return block;
    }
  });
  return { ...message, text: text(message.text), ...(blocks ? { blocks } : {}) };
}

/** Markdown characters escaped, and line starts that would make a heading, quote or list. */
function writtenText(written: string): string {
  return written
    .replace(/[\\*_~`|<>[\]#]/g, "\\$&")
    .replace(/^(\s*)-/gm, "$1\\-")
    .replace(/^(\s*\d+)\./gm, "$1\\.");
}
