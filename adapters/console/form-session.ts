import type { Form, FormInput } from "../../src/core/message.js";
import { describeInput, renderFormIntro } from "./render.js";

/** What a person types to empty an optional field that has a saved value. */
const CLEAR = "-";

/** A form being answered line by line in the terminal. */
export class ConsoleForm {
  private readonly answers = new Map<string, string>();
  private order: FormInput[];
  private index = 0;
  /** Lines of a pasted field so far, until the line that holds only "." ends it. */
  private pasted: string[] | undefined;

  constructor(readonly form: Form) {
    this.order = [...form.inputs];
  }

  intro(): string {
    return `${renderFormIntro(this.form)}\n${this.currentPrompt()}`;
  }

  currentPrompt(): string {
    const input = this.order[this.index];
    return input ? `> ${describeInput(input)}:` : "";
  }

  /**
   * Takes one line for the current field; says what is wrong or what comes next. An empty line
   * keeps the saved value (as the prefilled field of a Slack or Discord form does) or skips an
   * optional field without one; "-" clears an optional field. A paste field takes lines until ".".
   */
  answer(written: string): { problem?: string; nextPrompt?: string; pasting?: boolean } {
    const input = this.order[this.index];
    if (!input) return {};
    if (input.kind === "longText" && input.paste) return this.pasteLine(input, written);
    const typed = written.trim();
    if (typed === CLEAR && !input.required) {
      this.answers.set(input.id, "");
      return this.advance();
    }
    const line = typed === "" && input.initial ? input.initial : typed;
    const problem = checkAnswer(input, line);
    if (problem) return { problem: `${problem}\n${this.currentPrompt()}` };
    if (line.length > 0) this.answers.set(input.id, normaliseChoice(input, line));
    else this.answers.delete(input.id);
    return this.advance();
  }

  private advance(): { nextPrompt?: string } {
    this.index++;
    return this.index < this.order.length ? { nextPrompt: this.currentPrompt() } : {};
  }

  /** One line of a pasted field, kept as written; a line holding only "." ends the paste. */
  private pasteLine(input: FormInput, line: string): { problem?: string; nextPrompt?: string; pasting?: boolean } {
    if (line.trim() !== ".") {
      this.pasted = [...(this.pasted ?? []), line];
      return { pasting: true };
    }
    // The handler judges a paste's size, so that its sentence (with the real length) is the one shown.
    const text = (this.pasted ?? []).join("\n");
    this.pasted = undefined;
    if (text.trim().length === 0 && input.required) return { problem: `${input.label} is required.\n${this.currentPrompt()}` };
    this.answers.set(input.id, text);
    this.index++;
    return this.index < this.order.length ? { nextPrompt: this.currentPrompt() } : {};
  }

  values(): Record<string, string> {
    return Object.fromEntries(this.answers);
  }

  /** After the handler refused some fields: ask those again, keeping the other answers. */
  reopenFor(fieldErrors: Record<string, string>): ConsoleForm {
    const again = this.form.inputs.filter((input) => input.id in fieldErrors);
    this.order = again.length > 0 ? again : [...this.form.inputs];
    this.index = 0;
    return this;
  }
}

function checkAnswer(input: FormInput, line: string): string | undefined {
  if (line.length === 0) return input.required ? `${input.label} is required.` : undefined;
  switch (input.kind) {
    case "number": {
      const value = Number(line);
      if (!Number.isInteger(value) || value < input.min || value > input.max) return `${input.label} must be a whole number from ${input.min} to ${input.max}.`;
      return undefined;
    }
    case "choice":
      return input.options.some((o) => o.value.toLowerCase() === line.toLowerCase() || o.label.toLowerCase() === line.toLowerCase())
        ? undefined
        : `${input.label} must be one of: ${input.options.map((o) => o.value).join(", ")}.`;
    default:
      return input.maxLength !== undefined && line.length > input.maxLength ? `${input.label} can be at most ${input.maxLength} characters.` : undefined;
  }
}

function normaliseChoice(input: FormInput, line: string): string {
  if (input.kind !== "choice") return line;
  const option = input.options.find((o) => o.value.toLowerCase() === line.toLowerCase() || o.label.toLowerCase() === line.toLowerCase());
  return option?.value ?? line;
}
