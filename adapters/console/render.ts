import type { Block, Form, FormInput, Message } from "../../src/core/message.js";
import { type ConversationRef, localIdOf } from "../../src/core/refs.js";
import { withoutMarks } from "../../src/core/text.js";
import { type TerminalStyle, terminalHeading, terminalMarkdown } from "./markdown.js";

/** A button as printed: its global number and what pressing it sends. */
export interface NumberedAction {
  number: number;
  actionId: string;
  value: string;
  /** Select options a `/press N <option>` may name. */
  options?: { label: string; value: string }[];
}

/**
 * Renders a message as terminal text. Buttons get numbers that are unique over the whole run
 * (`nextNumber` hands them out), so `/press N` is never ambiguous.
 */
export function renderMessage(message: Message, nextNumber: () => number, style: TerminalStyle = "plain"): { text: string; actions: NumberedAction[] } {
  const md = (text: string) => terminalMarkdown(text, style);
  const blocks = message.blocks ?? [{ type: "section", markdown: message.text } satisfies Block];
  const lines: string[] = [];
  const actions: NumberedAction[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        lines.push(terminalHeading(withoutMarks(block.text), style));
        break;
      case "section":
        lines.push(md(block.markdown));
        break;
      case "fields":
        for (const field of block.fields) lines.push(`${md(field.label)}: ${md(field.value)}`);
        break;
      case "context":
        lines.push(`(${block.elements.map(md).join(" · ")})`);
        break;
      case "image":
        lines.push(`[image: ${block.alt}] ${block.url}`);
        break;
      case "divider":
        lines.push("----");
        break;
      case "actions": {
        const labels: string[] = [];
        for (const element of block.elements) {
          const number = nextNumber();
          if (element.type === "button") {
            actions.push({ number, actionId: element.actionId, value: element.value });
            labels.push(`[${number}] ${element.label}`);
          } else {
            actions.push({ number, actionId: element.actionId, value: "", options: element.options });
            labels.push(`[${number}] ${element.placeholder}: ${element.options.map((o) => o.label).join(" | ")}`);
          }
        }
        lines.push(labels.join("   "));
        break;
      }
    }
  }
  return { text: lines.join("\n"), actions };
}

export function renderFormIntro(form: Form): string {
  const fields = form.inputs.map((input, i) => `  ${i + 1}. ${describeInput(input)}`);
  return [
    `== ${form.title} ==`,
    "Answer each field on its own line. Enter keeps the value in [brackets] (or skips an optional field); - clears an optional one; /cancel or Ctrl-C cancels:",
    ...fields,
  ].join("\n");
}

/** A field as asked: its label, what it accepts, and its saved value in brackets. */
export function describeInput(input: FormInput): string {
  const optional = input.required ? "" : " (optional)";
  const saved = input.initial ? ` [${shownValue(input, input.initial)}]` : "";
  switch (input.kind) {
    case "number":
      // "Mentees at once (1-10)" says its range already.
      return `${input.label}${optional}${input.label.includes(`${input.min}-${input.max}`) ? "" : `, ${input.min} to ${input.max}`}${saved}`;
    case "choice":
      return `${input.label}${optional}, one of: ${input.options.map((o) => o.value).join(", ")}${saved}`;
    default:
      return input.kind === "longText" && input.paste
        ? `${input.label}${optional} (paste any number of lines, then a line with only a dot: .)`
        : `${input.label}${optional}${input.placeholder ? `, ${input.placeholder}` : ""}${saved}`;
  }
}

/** A saved value on one line; a long one is cut (Enter still keeps all of it). */
function shownValue(input: FormInput, value: string): string {
  const oneLine = value.replace(/\s*\n\s*/g, " / ");
  if (input.kind !== "longText" || oneLine.length <= 80) return oneLine;
  return `${oneLine.slice(0, 77)}...`;
}

/** What a message's first line starts with: "(DM to maria) ", "(group DM ana, bo) ", nothing in the channel. */
export function conversationPrefix(conversation: ConversationRef): string {
  const local = localIdOf(conversation);
  if (local.startsWith("dm.")) return `(DM to ${local.slice(3)}) `;
  if (local.startsWith("group.")) return `(group DM ${local.slice(6).split("+").join(", ")}) `;
  return "";
}

/** "(only maria sees this)", and for the console's default person "(only you see this)". */
export function onlySees(name: string): string {
  return name === "you" ? "(only you see this)" : `(only ${name} sees this)`;
}
