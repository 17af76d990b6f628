import { and, isNull, notInArray, sql } from "drizzle-orm";
import { lessons, questions } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import { contentHash, lessonHash } from "./curriculum-loader.js";
import type { Curriculum } from "./curriculum-schema.js";

export interface SyncReport {
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** Questions in the bank after the sync. */
  questions: number;
}

/**
 * Brings the lessons table in line with a checked curriculum, in one transaction:
 * new lessons are added, changed ones (by content hash) updated in place, missing ones
 * retired. Lessons are never deleted: progress and posts keep pointing at them.
 */
export async function syncCurriculum(db: Db, curriculum: Curriculum): Promise<SyncReport> {
  const report: SyncReport = { added: 0, updated: 0, unchanged: 0, retired: 0, questions: 0 };
  const all = curriculum.tracks.flatMap((track) => track.lessons);
  await db.transaction(async (tx) => {
    const existing = new Map(
      (
        await tx
          .select({ id: lessons.id, hash: lessons.contentHash, retiredAt: lessons.retiredAt, prerequisites: lessons.prerequisites, kind: lessons.kind })
          .from(lessons)
      ).map((r) => [r.id, r]),
    );
    for (const lesson of all) {
      const hash = lessonHash(lesson);
      const current = existing.get(lesson.id);
      // Rows synced before the prerequisites and kind columns existed have the same hash but the columns' defaults.
      const columnsCurrent = current && current.kind === lesson.kind && current.prerequisites.join(",") === lesson.prerequisites.join(",");
      if (current && current.hash === hash && current.retiredAt === null && columnsCurrent) {
        report.unchanged++;
        continue;
      }
      const values = {
        id: lesson.id,
        track: lesson.track,
        module: lesson.module,
        moduleTitle: lesson.moduleTitle,
        position: lesson.position,
        title: lesson.title,
        skills: lesson.skills,
        level: lesson.level,
        minutes: lesson.minutes,
        body: lesson.body,
        questionIds: lesson.questions,
        prerequisites: lesson.prerequisites,
        kind: lesson.kind,
        contentHash: hash,
        retiredAt: null,
        updatedAt: new Date(),
      };
      await tx.insert(lessons).values(values).onConflictDoUpdate({ target: lessons.id, set: values });
      if (current) report.updated++;
      else report.added++;
    }
    const ids = all.map((lesson) => lesson.id);
    const retired = await tx
      .update(lessons)
      .set({ retiredAt: sql`now()` })
      .where(and(isNull(lessons.retiredAt), ids.length > 0 ? notInArray(lessons.id, ids) : undefined))
      .returning({ id: lessons.id });
    report.retired = retired.length;
    report.questions = await syncQuestions(tx as unknown as Db, curriculum);
  });
  return report;
}

/** Same rules for questions: upsert by content hash, retire what is gone, never delete (cards point at them). */
async function syncQuestions(db: Db, curriculum: Curriculum): Promise<number> {
  const existing = new Map(
    (await db.select({ id: questions.id, hash: questions.contentHash, retiredAt: questions.retiredAt }).from(questions)).map((r) => [r.id, r]),
  );
  for (const question of curriculum.questions) {
    const { file: _file, ...content } = question;
    const hash = contentHash(content);
    const current = existing.get(question.id);
    if (current && current.hash === hash && current.retiredAt === null) continue;
    const values = {
      id: question.id,
      lessonId: question.lesson,
      skill: question.skill,
      difficulty: question.difficulty,
      prompt: question.prompt,
      options: question.options.map((o) => o.text),
      correctIndex: question.options.findIndex((o) => o.correct === true),
      explanation: question.explanation,
      contentHash: hash,
      retiredAt: null,
    };
    await db.insert(questions).values(values).onConflictDoUpdate({ target: questions.id, set: values });
  }
  const ids = curriculum.questions.map((q) => q.id);
  await db
    .update(questions)
    .set({ retiredAt: sql`now()` })
    .where(and(isNull(questions.retiredAt), ids.length > 0 ? notInArray(questions.id, ids) : undefined));
  return ids.length;
}
