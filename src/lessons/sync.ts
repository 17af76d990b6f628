import { and, isNull, notInArray, type SQL, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { lessons, questions } from "../../drizzle/schema/index.js";
import type { ChainRef, FamilyRef } from "../../drizzle/schema/quizzes.js";
import type { Db } from "../db/connection.js";
import { contentHash, lessonHash } from "./curriculum-loader.js";
import type { Curriculum, Question } from "./curriculum-schema.js";

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
    const changed: (typeof lessons.$inferInsert)[] = [];
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
      changed.push(values);
      if (current) report.updated++;
      else report.added++;
    }
    for (const rows of batches(changed))
      await tx
        .insert(lessons)
        .values(rows)
        .onConflictDoUpdate({ target: lessons.id, set: excludedColumns(rows) });
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
  const families = familyRefs(curriculum);
  const chains = chainRefs(curriculum);
  const changed: (typeof questions.$inferInsert)[] = [];
  for (const question of curriculum.questions) {
    const { file: _file, ...content } = question;
    const family = families.get(question.id) ?? null;
    const chain = chains.get(question.id) ?? null;
    const hash = contentHash({ content, family, chain });
    const current = existing.get(question.id);
    if (current && current.hash === hash && current.retiredAt === null) continue;
    const values = {
      id: question.id,
      lessonId: question.lesson,
      skill: question.skill,
      difficulty: question.difficulty,
      prompt: question.prompt,
      ...answerColumns(question),
      explanation: question.explanation,
      kind: question.kind,
      spec: question.spec,
      family,
      chain,
      contentHash: hash,
      retiredAt: null,
    };
    changed.push(values);
  }
  for (const rows of batches(changed))
    await db
      .insert(questions)
      .values(rows)
      .onConflictDoUpdate({ target: questions.id, set: excludedColumns(rows) });
  const ids = curriculum.questions.map((q) => q.id);
  await db
    .update(questions)
    .set({ retiredAt: sql`now()` })
    .where(and(isNull(questions.retiredAt), ids.length > 0 ? notInArray(questions.id, ids) : undefined));
  for (const family of curriculum.families) await mergeFamilyCards(db, family.members);
  return ids.length;
}

/** Rows per insert: one statement per batch instead of one per row, well under Postgres's 65,535 parameters. */
const BATCH_ROWS = 200;

function batches<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_ROWS) result.push(rows.slice(i, i + BATCH_ROWS));
  return result;
}

/** An upsert's `set` for many rows: each column takes the value its own row proposed (`excluded`). */
function excludedColumns(rows: object[]): Record<string, SQL> {
  const columns = Object.keys(rows[0] ?? {}).filter((column) => column !== "id");
  return Object.fromEntries(columns.map((column) => [column, sql.raw(`excluded.${toSnakeCase(column)}`)]));
}

/** Single choice keeps its options; spot-the-bug answers with a button per line, so its lines are its options. */
function answerColumns(question: Question): { options: string[]; correctIndex: number } {
  if (question.spec.kind === "single")
    return { options: question.options.map((o) => o.text), correctIndex: question.options.findIndex((o) => o.correct === true) };
  if (question.spec.kind === "bug") return { options: question.spec.code.split("\n").map((_, i) => `Line ${i + 1}`), correctIndex: question.spec.line - 1 };
  return { options: [], correctIndex: 0 };
}

function familyRefs(curriculum: Curriculum): Map<string, FamilyRef> {
  const refs = new Map<string, FamilyRef>();
  for (const family of curriculum.families) {
    const ref = { id: family.id, anchor: family.members[0] as string, members: family.members };
    for (const member of family.members) refs.set(member, ref);
  }
  return refs;
}

function chainRefs(curriculum: Curriculum): Map<string, ChainRef> {
  const refs = new Map<string, ChainRef>();
  for (const chain of curriculum.chains) {
    const story = [chain.scenario];
    chain.steps.forEach((step, i) => {
      if (step.reveal) story.push(step.reveal);
      refs.set(step.question, { id: chain.id, title: chain.title, step: i + 1, of: chain.steps.length, story: [...story] });
    });
  }
  return refs;
}

/**
 * A family has one card per person, on its anchor. People who answered other members before the
 * family existed keep their progress: the most recently reviewed of their cards moves to the
 * anchor (remembering which member it was), and the others go.
 */
async function mergeFamilyCards(db: Db, members: string[]): Promise<void> {
  const [anchor, ...others] = members;
  if (!anchor || others.length === 0) return;
  const others_ = sql.join(
    others.map((id) => sql`${id}`),
    sql`, `,
  );
  const moved = (await db.execute(sql`
    with latest as (
      select distinct on (member_id) * from cards where question_id in (${others_}) order by member_id, last_review desc nulls last
    )
    insert into cards (workspace_id, member_id, question_id, skill, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, state, last_review, last_asked)
    select workspace_id, member_id, ${anchor}, skill, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, state, last_review, question_id from latest
    on conflict (member_id, question_id) do update set
      due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty, scheduled_days = excluded.scheduled_days,
      learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses, state = excluded.state,
      last_review = excluded.last_review, last_asked = excluded.last_asked
      where cards.last_review is null or cards.last_review < excluded.last_review
    returning member_id`)) as unknown as { rows: unknown[] };
  const removed = (await db.execute(sql`delete from cards where question_id in (${others_}) returning member_id`)) as unknown as { rows: unknown[] };
  if (moved.rows.length === 0 && removed.rows.length === 0) return;
  await db.execute(sql`update quiz_settings set next_due = (select min(due) from cards where cards.member_id = quiz_settings.member_id)
    where member_id in (select member_id from cards where question_id = ${anchor})`);
}
