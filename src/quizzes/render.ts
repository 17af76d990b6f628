import { type Block, type Message, ui } from "../core/message.js";
import { quoted } from "../core/text.js";
import type { QuestionRow } from "./bank.js";
import { type Graded, orderLetters } from "./grading.js";

export const QUIZ_ANSWER_ACTION = "quiz.answer";
export const QUIZ_FORM_ACTION = "quiz.type";
export const ROUND_ANSWER_ACTION = "round.answer";
export const REVIEW_START_ACTION = "review.start";

/** Buttons per action block: Discord's five a row, so a block is a row everywhere. */
const PER_ROW = 5;

/**
 * One question, as the person sees it. Single choice and spot-the-bug answer with a button
 * (`valueFor(option)`); numeric and ordering answers are typed in a form the button opens
 * (`formValue`), since a button cannot carry a number or a sequence.
 */
export function questionBlocks(
  question: QuestionRow,
  order: number[],
  heading: string,
  valueFor: (option: number) => string,
  actionId: string,
  form?: { value: string; seed: string },
): Block[] {
  const blocks: Block[] = [ui.header(heading)];
  if (question.chain) {
    const { title, step, of, story } = question.chain;
    blocks.push(ui.section(`**Case: ${title}** (part ${step} of ${of})\n\n${story.join("\n\n")}`));
  }
  const spec = question.spec;
  if (spec.kind === "bug") {
    const width = String(spec.code.split("\n").length).length;
    const numbered = spec.code
      .split("\n")
      .map((line, i) => `${String(i + 1).padStart(width)}  ${line}`)
      .join("\n");
    blocks.push(ui.section(`${question.prompt}\n\`\`\`${spec.language}\n${numbered}\n\`\`\``));
  } else if (spec.kind === "order" && form) {
    const letters = orderLetters(spec.items.length, `${form.seed}:${question.id}`);
    const listed = letters.map(({ letter, item }) => `${letter}. ${spec.items[item]}`).join("\n");
    blocks.push(ui.section(`${question.prompt}\n\n${listed}`));
  } else {
    blocks.push(ui.section(question.prompt));
  }
  blocks.push(ui.context(`Skill: ${question.skill} · difficulty ${question.difficulty} of 3 · ${KIND_HINT[spec.kind]}`));
  if ((spec.kind === "numeric" || spec.kind === "order") && form) {
    blocks.push(ui.actions(ui.button(QUIZ_FORM_ACTION, spec.kind === "numeric" ? "Type your answer" : "Put them in order", form.value, "primary")));
    return blocks;
  }
  for (let i = 0; i < order.length; i += PER_ROW) {
    blocks.push(ui.actions(...order.slice(i, i + PER_ROW).map((option) => ui.button(actionId, question.options[option] as string, valueFor(option)))));
  }
  return blocks;
}

const KIND_HINT: Record<QuestionRow["kind"], string> = {
  single: "choose one",
  bug: "choose the line with the bug",
  numeric: "type a number",
  order: "put the steps in order",
};

export function feedbackBlocks(question: QuestionRow, graded: Graded): Block[] {
  return [ui.section(`${verdict(question, graded)}\n\n${question.explanation}`)];
}

function verdict(question: QuestionRow, graded: Graded): string {
  const spec = question.spec;
  switch (spec.kind) {
    case "numeric": {
      const unit = spec.unit ? ` ${spec.unit}` : "";
      const answer = `${spec.answer}${unit} (answers within ±${spec.tolerance} count)`;
      return graded.correct
        ? `**Right:** ${answer}; you typed ${graded.response}.`
        : `**Not quite.** You typed ${graded.response}; the answer is **${answer}**.`;
    }
    case "order": {
      const steps = spec.items.map((item, i) => `${i + 1}. ${item}`).join("\n");
      if (graded.correct) return `**Right:** every step in place.\n${steps}`;
      const placed = Math.round(graded.credit * spec.items.length);
      return `**Not quite: ${placed} of ${spec.items.length} steps in place** (partial credit ${placed}/${spec.items.length} in your skill profile; points need every step). The order:\n${steps}`;
    }
    case "bug": {
      const line = spec.code.split("\n")[spec.line - 1]?.trim() ?? "";
      const where = `line ${spec.line}: \`${line.replaceAll("`", "'")}\``;
      return graded.correct ? `**Right:** ${where}.` : `**Not quite.** You chose line ${graded.option + 1}; the bug is on ${where}.`;
    }
    case "single": {
      const answer = question.options[question.correctIndex] as string;
      return graded.correct
        ? `**Right:** ${answer}`
        : `**Not quite.** You chose ${quoted(question.options[graded.option] as string)}; the answer is **${answer}**.`;
    }
  }
}

export function withText(blocks: Block[], text: string): Message {
  return { text, blocks };
}
