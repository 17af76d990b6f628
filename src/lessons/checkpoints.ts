import { and, desc, eq, gte } from "drizzle-orm";
import { checkpointEvidence } from "../../drizzle/schema/index.js";
import type { ActionHandler, FormHandler } from "../core/context.js";
import { openFormOrExplain } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";
import { counted, quoted } from "../core/text.js";
import type { Db } from "../db/connection.js";
import { CHECKPOINT_DONE_ACTION } from "./render.js";

export const CHECKPOINT_FORM = "checkpoint.evidence";
/** Room for a command's output or a link, within every platform's form field (Slack 3,000, Discord 4,000). */
export const EVIDENCE_MAX = 2_000;
/** How much of pasted output a mentor's digest shows. */
const EXCERPT_MAX = 160;

export type Evidence = typeof checkpointEvidence.$inferSelect;

/** A checkpoint's "Mark done with evidence": the form that asks for it. */
export const checkpointDoneAction: ActionHandler = {
  actionId: CHECKPOINT_DONE_ACTION,
  opensForm: () => true,
  async run(ctx, value) {
    const lesson = ctx.services.lessons.catalog.get(value);
    if (lesson?.kind !== "checkpoint") throw new UserError("unknown_checkpoint", "That button does not name a project checkpoint of the course.");
    const existing = await ctx.services.db.query.checkpointEvidence.findFirst({
      where: and(eq(checkpointEvidence.memberId, ctx.member.id), eq(checkpointEvidence.lessonId, lesson.id)),
    });
    return openFormOrExplain(
      ctx,
      {
        id: CHECKPOINT_FORM,
        title: "Checkpoint evidence",
        submitLabel: existing ? "Update" : "Mark done",
        metadata: lesson.id,
        inputs: [
          {
            kind: "longText",
            id: "evidence",
            label: "Pasted output or a link that shows it works",
            required: true,
            maxLength: EVIDENCE_MAX,
            initial: existing?.evidence,
            placeholder: "curl -i output, a test run, or https://github.com/you/shortlinks/pull/3",
          },
        ],
      },
      "This surface cannot open forms; mark the checkpoint done from Slack or Discord.",
    );
  },
};

export const checkpointFormHandler: FormHandler = {
  formId: CHECKPOINT_FORM,
  async run(ctx, values, metadata) {
    const evidence = (values.evidence ?? "").trim();
    if (evidence.length === 0) throw new FormValidationError({ evidence: "Paste the output that shows it works, or a link to it." });
    if (evidence.length > EVIDENCE_MAX)
      throw new FormValidationError({
        evidence: `Evidence can be at most ${EVIDENCE_MAX} characters (got ${evidence.length}): paste the telling part, or a link.`,
      });
    const { lessons, members } = ctx.services;
    const lesson = lessons.catalog.get(metadata ?? "");
    if (lesson?.kind !== "checkpoint")
      throw new UserError("unknown_checkpoint", "That form does not name a project checkpoint of the course; nothing was saved.");
    const now = ctx.services.now();
    const saved = await saveEvidence(ctx.services.db, {
      workspaceId: ctx.workspace.id,
      memberId: ctx.member.id,
      lessonId: lesson.id,
      evidence,
      submittedAt: now,
    });
    const timezone = members.timezoneOf(ctx.member, ctx.workspace);
    const first = await lessons.progress.markDone(ctx.workspace.id, ctx.member.id, lesson.id, timezone, now);
    const progress = await lessons.progress.progress(ctx.workspace.id, ctx.member.id, lesson.track, timezone, now);
    const kept = saved === "updated" ? "Your evidence is updated" : "Your evidence is kept";
    return textMessage(
      first
        ? `Marked done: ${lesson.title}. ${kept}; your mentor sees it in their digest. ${progress.done} of ${progress.total} lessons, streak ${counted(progress.streaks.current, "day")}.`
        : `${quoted(lesson.title)} was already done; it counts once. ${kept}; your mentor sees it in their digest.`,
    );
  },
};

/** Keeps the evidence (a second submit replaces the first); says which it was. */
async function saveEvidence(db: Db, row: Evidence): Promise<"saved" | "updated"> {
  const before = await db.query.checkpointEvidence.findFirst({
    where: and(eq(checkpointEvidence.memberId, row.memberId), eq(checkpointEvidence.lessonId, row.lessonId)),
  });
  await db
    .insert(checkpointEvidence)
    .values(row)
    .onConflictDoUpdate({ target: [checkpointEvidence.memberId, checkpointEvidence.lessonId], set: { evidence: row.evidence, submittedAt: row.submittedAt } });
  return before ? "updated" : "saved";
}

/** A member's checkpoint evidence since `since`, newest first. */
export async function evidenceSince(db: Db, memberId: number, since: Date, limit = 3): Promise<Evidence[]> {
  return db
    .select()
    .from(checkpointEvidence)
    .where(and(eq(checkpointEvidence.memberId, memberId), gte(checkpointEvidence.submittedAt, since)))
    .orderBy(desc(checkpointEvidence.submittedAt))
    .limit(limit);
}

/** What a digest shows of evidence: its first link, else the start of the pasted output on one line. */
export function evidenceExcerpt(evidence: string): string {
  const link = /https?:\/\/\S+/.exec(evidence)?.[0];
  if (link) return link.length > EXCERPT_MAX ? `${link.slice(0, EXCERPT_MAX - 1)}…` : link;
  const line = evidence.replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_MAX ? `${line.slice(0, EXCERPT_MAX - 1)}…` : line;
}
