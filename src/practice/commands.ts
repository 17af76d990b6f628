import type { CommandDefinition } from "../core/commands.js";
import { type ActionHandler, type CommandContext, type FormHandler, openFormOrExplain } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import { type Form, textMessage } from "../core/message.js";
import { quoted } from "../core/text.js";
import { evaluatePaste, type LabResult, MAX_PASTE_CHARS, pasteTooLong } from "./evaluate.js";
import type { PracticeLab } from "./lab-files.js";
import { LAB_COMPLETION_POINTS } from "./points.js";
import { LAB_FORM, LAB_PASTE_ACTION, LAB_SHARE_ACTION, labFeedback, labInstructions, labList, sharedSummary } from "./render.js";

const LAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function practiceCommands(): CommandDefinition[] {
  return [
    {
      path: ["lab"],
      summary: "Practice labs on your own system; no id lists them.",
      args: [{ kind: "word", name: "id", optional: true, description: "A lab id", example: "explain-analyze" }],
      access: "member",
      async run(ctx, args) {
        const id = args.string("id");
        const { practice } = ctx.services;
        if (!id) return labList(practice.all(), await practice.store.completedLabs(ctx.member.id));
        const lab = requireLab(ctx, id);
        return labInstructions(lab, (await practice.store.completedLabs(ctx.member.id)).has(lab.id));
      },
    },
  ];
}

function requireLab(ctx: Pick<CommandContext, "services">, id: string): PracticeLab {
  const lab = LAB_ID.test(id) ? ctx.services.practice.get(id) : undefined;
  if (lab) return lab;
  const ids = ctx.services.practice
    .all()
    .map((l) => `\`${l.id}\``)
    .join(", ");
  throw new UserError("unknown_lab", `There is no lab ${quoted(id.slice(0, 40))}. Labs: ${ids || "none"}. \`/mentor lab\` lists them.`);
}

function pasteForm(lab: PracticeLab): Form {
  return {
    id: LAB_FORM,
    title: "Paste your output",
    submitLabel: "Check it",
    metadata: lab.id,
    inputs: [
      {
        kind: "longText",
        id: "output",
        label: `Output of the ${lab.parser} lab`.slice(0, 45),
        required: true,
        maxLength: MAX_PASTE_CHARS,
        paste: true,
        placeholder: "Paste everything the command printed",
      },
    ],
  };
}

export const labPasteAction: ActionHandler = {
  actionId: LAB_PASTE_ACTION,
  opensForm: () => true,
  async run(ctx, value) {
    return openFormOrExplain(ctx, pasteForm(requireLab(ctx, value)), "This surface cannot open forms; paste your output from Slack, Discord or the console.");
  },
};

export const labSubmitHandler: FormHandler = {
  formId: LAB_FORM,
  async run(ctx, values, metadata) {
    const lab = requireLab(ctx, metadata ?? "");
    const output = values.output ?? "";
    const tooLong = pasteTooLong(output);
    // An oversized paste is refused before anything is parsed or stored.
    if (tooLong) throw new FormValidationError({ output: tooLong });
    if (output.trim().length === 0) throw new FormValidationError({ output: "Paste the output the command printed." });
    const result = evaluatePaste(lab, output);
    const { submission, firstCompletion } = await ctx.services.practice.store.record(
      ctx.workspace.id,
      ctx.member.id,
      lab.id,
      output,
      result,
      ctx.services.now(),
    );
    return labFeedback(lab, result, submission.id, firstCompletion, LAB_COMPLETION_POINTS);
  },
};

export const labShareAction: ActionHandler = {
  actionId: LAB_SHARE_ACTION,
  async run(ctx, value) {
    const { store } = ctx.services.practice;
    // Only the learner's own submissions are found: another member's id (or a forged one) finds nothing.
    const submission = await store.ownSubmission(ctx.member.id, Number(value));
    if (!submission) throw new UserError("not_allowed", "Only the person who pasted an output can share its summary.");
    const lab = ctx.services.practice.get(submission.labId);
    if (!lab || !submission.passed) throw new UserError("not_shareable", "Only a passed lab's summary can be shared.");
    if (!(await store.claimShare(ctx.member.id, submission.id, ctx.services.now()))) return textMessage("You already shared this summary.");
    const result: LabResult = { passed: true, summary: submission.result.summary, findings: submission.result.findings };
    try {
      await ctx.services.adapters.for(ctx.conversation).post(ctx.conversation, sharedSummary(ctx.member.displayName, lab, result));
    } catch (error) {
      await store.unclaimShare(ctx.member.id, submission.id);
      throw error;
    }
    return textMessage("Shared: the summary (not your paste) is posted in this conversation.");
  },
};
