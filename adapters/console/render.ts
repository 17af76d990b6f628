import type { Block, Form, FormInput, Message } from "../../src/core/message.js";
import { withoutMarks } from "../../src/core/text.js";

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
export function renderMessage(message: Message, nextNumber: () => number): { text: string; actions: NumberedAction[] } {
  const blocks = message.blocks ?? [{ type: "section", markdown: message.text } satisfies Block];
  const lines: string[] = [];
  const actions: NumberedAction[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        lines.push(`== ${withoutMarks(block.text)} ==`);
        break;
      case "section":
        lines.push(withoutMarks(block.markdown));
        break;
      case "fields":
        for (const field of block.fields) lines.push(`${withoutMarks(field.label)}: ${withoutMarks(field.value)}`);
        break;
      case "context":
        lines.push(`(${block.elements.map(withoutMarks).join(" · ")})`);
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
  return [`== ${form.title} ==`, "Answer each field on its own line (an empty line skips an optional one; /cancel aborts):", ...fields].join("\n");
}

export function describeInput(input: FormInput): string {
  const optional = input.required ? "" : " (optional)";
  switch (input.kind) {
    case "number":
      return `${input.label}${optional} [${input.min}-${input.max}]`;
    case "choice":
      return `${input.label}${optional} [${input.options.map((o) => o.value).join("|")}]`;
    default:
      return input.kind === "longText" && input.paste
        ? `${input.label}${optional} (paste any number of lines, then a line with only a dot: .)`
        : `${input.label}${optional}`;
  }
}
