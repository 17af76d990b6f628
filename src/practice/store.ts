import { and, desc, eq, isNull } from "drizzle-orm";
import { labCompletions, labSubmissions } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import type { LabResult } from "./evaluate.js";

/** The largest PostgreSQL integer: the submission id column's range. */
const MAX_ROW_ID = 2_147_483_647;

export type LabSubmission = typeof labSubmissions.$inferSelect;

/** Pasted outputs and lab completions in Postgres; every read is by the learner's own member id. */
export class PracticeStore {
  constructor(private readonly db: Db) {}

  /**
   * Saves a submission and, when it passed, the lab's completion in one transaction. The
   * completion is keyed by (member, lab): a second pass, or the same form submitted twice, keeps
   * the first completion and reports `firstCompletion: false`.
   */
  async record(
    workspaceId: number,
    memberId: number,
    labId: string,
    output: string,
    result: LabResult,
    now: Date,
  ): Promise<{ submission: LabSubmission; firstCompletion: boolean }> {
    return this.db.transaction(async (tx) => {
      const stored = { summary: result.summary, reason: result.reason, findings: result.findings };
      const [submission] = await tx
        .insert(labSubmissions)
        .values({ workspaceId, memberId, labId, output, passed: result.passed, result: stored, submittedAt: now })
        .returning();
      if (!submission) throw new Error("lab submission not stored");
      if (!result.passed) return { submission, firstCompletion: false };
      const claimed = await tx
        .insert(labCompletions)
        .values({ workspaceId, memberId, labId, submissionId: submission.id, completedAt: now })
        .onConflictDoNothing()
        .returning();
      return { submission, firstCompletion: claimed.length === 1 };
    });
  }

  /** A submission of this member only: another person's id finds nothing. */
  async ownSubmission(memberId: number, id: number): Promise<LabSubmission | undefined> {
    if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) return undefined;
    return this.db.query.labSubmissions.findFirst({ where: and(eq(labSubmissions.id, id), eq(labSubmissions.memberId, memberId)) });
  }

  async latest(memberId: number, labId: string): Promise<LabSubmission | undefined> {
    return this.db.query.labSubmissions.findFirst({
      where: and(eq(labSubmissions.memberId, memberId), eq(labSubmissions.labId, labId)),
      orderBy: desc(labSubmissions.submittedAt),
    });
  }

  async completedLabs(memberId: number): Promise<Set<string>> {
    const rows = await this.db.select({ labId: labCompletions.labId }).from(labCompletions).where(eq(labCompletions.memberId, memberId));
    return new Set(rows.map((r) => r.labId));
  }

  /** Marks a submission shared; false when it already was (a double click posts once). */
  async claimShare(memberId: number, id: number, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(labSubmissions)
      .set({ sharedAt: now })
      .where(and(eq(labSubmissions.id, id), eq(labSubmissions.memberId, memberId), isNull(labSubmissions.sharedAt)))
      .returning({ id: labSubmissions.id });
    return rows.length === 1;
  }

  async unclaimShare(memberId: number, id: number): Promise<void> {
    await this.db
      .update(labSubmissions)
      .set({ sharedAt: null })
      .where(and(eq(labSubmissions.id, id), eq(labSubmissions.memberId, memberId)));
  }
}
