import type { CommandDefinition } from "../core/commands.js";
import { type ActionHandler, type CommandContext, type FormHandler, openFormOrExplain } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import type { Form, Message } from "../core/message.js";
import type { QuestionRow } from "./bank.js";
import { NUMBER_FIELD, orderLetters, stepField } from "./grading.js";
import { QUIZ_FORM_ACTION } from "./render.js";
import { seedOf } from "./sessions.js";

export const QUIZ_NUMERIC_FORM = "quiz.numeric";
export const QUIZ_ORDER_FORM = "quiz.order";

function zones(ctx: CommandContext) {
  return { workspace: ctx.workspace.timezone, member: ctx.services.members.timezoneOf(ctx.member, ctx.workspace) };
}

/** The form a typed question is answered in: one text field for a number, one choice per step for an order. */
export function answerForm(question: QuestionRow, where: string, seed: string): Form {
  const spec = question.spec;
  if (spec.kind === "numeric") {
    const label = spec.unit ? `Your answer, in ${spec.unit}` : "Your answer (a number)";
    return {
      id: QUIZ_NUMERIC_FORM,
      title: "Your answer",
      submitLabel: "Answer",
      metadata: where,
      inputs: [{ kind: "text", id: NUMBER_FIELD, label: label.slice(0, 45), required: true, maxLength: 40, placeholder: "e.g. 240" }],
    };
  }
  if (spec.kind === "order") {
    const options = orderLetters(spec.items.length, `${seed}:${question.id}`).map(({ letter, item }) => ({
      label: `${letter}. ${spec.items[item]}`,
      value: letter,
    }));
    return {
      id: QUIZ_ORDER_FORM,
      title: "Put them in order",
      submitLabel: "Answer",
      metadata: where,
      inputs: spec.items.map((_, position) => ({
        kind: "choice" as const,
        id: stepField(position),
        label: position === 0 ? "Step 1 (first)" : position === spec.items.length - 1 ? `Step ${position + 1} (last)` : `Step ${position + 1}`,
        required: true,
        options,
      })),
    };
  }
  throw new UserError("not_typed", "This question is answered with its buttons.");
}

/** "Type your answer" / "Put them in order": opens the question's form (a modal; a prompt at the console). */
export const quizFormAction: ActionHandler = {
  actionId: QUIZ_FORM_ACTION,
  opensForm: () => true,
  async run(ctx, value) {
    const { session, question } = await ctx.services.quizzes.sessions.current(ctx.workspace.id, ctx.member.id, value, ctx.services.now());
    return openFormOrExplain(
      ctx,
      answerForm(question, value, seedOf(session)),
      "This surface cannot open forms; reply with `/mentor quiz answer` and your answer.",
    );
  },
};

function typedAnswerHandler(formId: string): FormHandler {
  return {
    formId,
    async run(ctx, values, metadata) {
      if (!metadata || !/^\d{1,9}\.\d{1,9}$/.test(metadata)) throw new UserError("invalid_answer", "That answer does not match any open question.");
      return ctx.services.quizzes.sessions.answerTyped(ctx.workspace.id, ctx.member.id, metadata, values, ctx.services.now(), zones(ctx));
    },
  };
}

export const quizNumericFormHandler = typedAnswerHandler(QUIZ_NUMERIC_FORM);
export const quizOrderFormHandler = typedAnswerHandler(QUIZ_ORDER_FORM);

/**
 * `/mentor quiz answer 240` or `/mentor quiz answer C A D B`: the short reply for a numeric or ordering
 * question of your open quiz, where a form is not at hand.
 */
export function answerCommand(): CommandDefinition {
  return {
    path: ["quiz", "answer"],
    summary: "Answer the open numeric or ordering question of your quiz: a number, or the letters in order.",
    args: [{ kind: "rest", name: "answer", maxLength: 60, description: "A number (240), or the letters in order (C A D B)", example: "240" }],
    access: "member",
    async run(ctx, args) {
      return answerByReply(ctx, args.string("answer") ?? "");
    },
  };
}

async function answerByReply(ctx: CommandContext, text: string): Promise<Message> {
  const { sessions } = ctx.services.quizzes;
  const now = ctx.services.now();
  const open = await sessions.openFor(ctx.workspace.id, ctx.member.id, now);
  if (!open) throw new UserError("no_open_question", "You have no quiz open. Start one with `/mentor quiz`.");
  const where = `${open.id}.${open.position}`;
  const { question } = await sessions.current(ctx.workspace.id, ctx.member.id, where, now);
  const spec = question.spec;
  let values: Record<string, string>;
  if (spec.kind === "numeric") values = { [NUMBER_FIELD]: text };
  else if (spec.kind === "order") {
    const letters = text.toUpperCase().match(/[A-Z]/g) ?? [];
    values = Object.fromEntries(letters.slice(0, spec.items.length).map((letter, i) => [stepField(i), letter]));
  } else throw new UserError("press_a_button", "Your open question is answered with its buttons.");
  try {
    return await sessions.answerTyped(ctx.workspace.id, ctx.member.id, where, values, now, zones(ctx));
  } catch (error) {
    if (!(error instanceof FormValidationError)) throw error;
    const hint =
      spec.kind === "order"
        ? ` Give all ${spec.items.length} letters, each once, e.g. \`/mentor quiz answer ${"ABCDE".slice(0, spec.items.length).split("").reverse().join(" ")}\`.`
        : "";
    throw new UserError("invalid_answer", `${Object.values(error.fieldErrors)[0] ?? "That is not an answer."}${hint}`);
  }
}
