import type { CommandContext, FormHandler } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import { type Form, textMessage, ui } from "../core/message.js";
import { requireSameWorkspace } from "../core/preconditions.js";
import { plainName, userText } from "../core/text.js";
import { requireMentorOf } from "../pairing/preconditions.js";
import { currentWeek } from "./schedule.js";

export const CHECKIN_FORM = "checkin";
export const CHECKIN_REPLY_FORM = "checkin.reply";
/** Room for a real answer, within every platform's form field limit. */
const TEXT_MAX = 1_000;

/** The week's check-in form, prefilled when the mentee already answered this week (submitting again edits it). */
export async function checkinForm(ctx: CommandContext, week: string): Promise<Form> {
  const mentors = await ctx.services.pairing.profiles.currentMentors(ctx.member.id);
  if (mentors.length === 0)
    throw new UserError("no_mentor", "Check-ins go to your mentor, and you have none yet. `/mentor join mentee` and the next pairing round will find you one.");
  const existing = await ctx.services.checkins.forWeek(ctx.member.id, week);
  return {
    id: CHECKIN_FORM,
    title: "Weekly check-in",
    submitLabel: existing ? "Update" : "Send",
    metadata: week,
    inputs: [
      {
        kind: "number",
        id: "mood",
        label: "How is it going? (1 bad - 5 great)",
        required: true,
        min: 1,
        max: 5,
        initial: existing ? String(existing.mood) : undefined,
      },
      { kind: "longText", id: "workedOn", label: "What did you work on?", required: true, maxLength: TEXT_MAX, initial: existing?.workedOn },
      { kind: "longText", id: "blockers", label: "What is blocking you?", required: false, maxLength: TEXT_MAX, initial: existing?.blockers || undefined },
      {
        kind: "choice",
        id: "meet",
        label: "Meet your mentor this week?",
        required: true,
        options: [
          { label: "Yes, please", value: "yes" },
          { label: "Not this week", value: "no" },
        ],
        initial: existing ? (existing.wantsMeeting ? "yes" : "no") : undefined,
      },
    ],
  };
}

export function weekFor(ctx: CommandContext): string {
  return currentWeek(ctx.services.now(), ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
}

export const checkinFormHandler: FormHandler = {
  formId: CHECKIN_FORM,
  async run(ctx, values, metadata) {
    const errors: Record<string, string> = {};
    const mood = Number(values.mood);
    if (!Number.isInteger(mood) || mood < 1 || mood > 5) errors.mood = "Mood is a whole number from 1 to 5.";
    const workedOn = (values.workedOn ?? "").trim();
    if (workedOn.length === 0) errors.workedOn = "Say in a few words what you worked on.";
    if (workedOn.length > TEXT_MAX) errors.workedOn = `What you worked on can be at most ${TEXT_MAX} characters.`;
    const blockers = (values.blockers ?? "").trim();
    if (blockers.length > TEXT_MAX) errors.blockers = `Blockers can be at most ${TEXT_MAX} characters.`;
    if (values.meet !== "yes" && values.meet !== "no") errors.meet = "Choose yes or no.";
    // A half-filled form is never saved: every problem is shown and the form stays open.
    if (Object.keys(errors).length > 0) throw new FormValidationError(errors);
    const week = metadata && /^\d{4}-W\d{2}$/.test(metadata) ? metadata : weekFor(ctx);
    if ((await ctx.services.pairing.profiles.currentMentors(ctx.member.id)).length === 0) {
      throw new UserError("no_mentor", "Check-ins go to your mentor, and you have none right now; nothing was sent.");
    }
    const { checkin, edited } = await ctx.services.checkins.save(
      ctx.workspace.id,
      ctx.member.id,
      week,
      { mood, workedOn, blockers, wantsMeeting: values.meet === "yes" },
      ctx.services.now(),
    );
    // Saved first; the delivery job is owed until it reaches the mentor (the tick retries it too).
    await ctx.services.jobs
      .enqueue("checkins.deliver", { checkinId: checkin.id, revision: checkin.revision }, { jobId: `checkins.deliver-${checkin.id}-${checkin.revision}` })
      .catch((error: unknown) => ctx.services.logger.warn({ err: error, checkinId: checkin.id }, "delivery not queued yet; the next tick queues it"));
    return textMessage(edited ? `Check-in for ${week} updated; your mentor gets the new version.` : `Thanks! Check-in for ${week} sent to your mentor.`);
  },
};

/** The check-in a button or form names, when the person is the mentee's current mentor: the button and the form ask the same. */
export async function checkinToReplyTo(ctx: CommandContext, id: string | undefined) {
  const refusal = new UserError("not_allowed", "Only the mentee's current mentor can reply to this check-in.");
  const checkin = requireSameWorkspace(ctx, await ctx.services.checkins.byId(Number(id)), refusal);
  await requireMentorOf(ctx, checkin.memberId, refusal);
  return checkin;
}

/** The mentor's reply to a check-in: a short message to the mentee. */
export const checkinReplyHandler: FormHandler = {
  formId: CHECKIN_REPLY_FORM,
  async run(ctx, values, metadata) {
    const text = (values.message ?? "").trim();
    if (text.length === 0) throw new FormValidationError({ message: "Write a few words to send." });
    if (text.length > TEXT_MAX) throw new FormValidationError({ message: `A reply can be at most ${TEXT_MAX} characters.` });
    const checkin = await checkinToReplyTo(ctx, metadata);
    const mentee = await ctx.services.members.byId(checkin.memberId);
    if (!mentee) throw new UserError("not_allowed", "That mentee is no longer here.");
    const adapter = ctx.services.adapters.for(mentee.ref);
    const dm = await adapter.openDM(mentee.ref);
    await adapter.post(dm, {
      text: `Your mentor ${plainName(ctx.member.displayName)} replied to your ${checkin.week} check-in.`,
      blocks: [ui.section(`**${plainName(ctx.member.displayName)} replied to your ${checkin.week} check-in:**\n\n${userText(text)}`)],
    });
    return textMessage("Reply sent to your mentee.");
  },
};
