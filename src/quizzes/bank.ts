import { createHash } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { questions } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

export type QuestionRow = typeof questions.$inferSelect;

/** The question bank: lookups by id, lesson and skill. */
export class QuestionBank {
  /** Questions change only with a deploy (the curriculum sync at start), so every answer need not read one. */
  private readonly cache = new Map<string, QuestionRow>();

  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<QuestionRow | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = await this.db.query.questions.findFirst({ where: eq(questions.id, id) });
    if (row) this.cache.set(id, row);
    return row;
  }

  async byIds(ids: string[]): Promise<Map<string, QuestionRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(questions).where(inArray(questions.id, ids));
    return new Map(rows.map((r) => [r.id, r]));
  }

  async forLesson(lessonId: string): Promise<QuestionRow[]> {
    return this.db
      .select()
      .from(questions)
      .where(and(eq(questions.lessonId, lessonId), isNull(questions.retiredAt)));
  }

  async forSkill(skill: string): Promise<QuestionRow[]> {
    return this.db
      .select()
      .from(questions)
      .where(and(eq(questions.skill, skill), isNull(questions.retiredAt)));
  }

  async forLessons(lessonIds: string[]): Promise<QuestionRow[]> {
    if (lessonIds.length === 0) return [];
    return this.db
      .select()
      .from(questions)
      .where(and(inArray(questions.lessonId, lessonIds), isNull(questions.retiredAt)));
  }
}

/**
 * A deterministic shuffle: the same seed always gives the same order, different seeds
 * (a person, a round) give different ones, so option positions cannot be learnt by heart.
 */
export function seededOrder<T>(items: readonly T[], seed: string): T[] {
  const keyed = items.map((item, index) => ({ item, key: createHash("sha256").update(`${seed}:${index}`).digest().readUInt32BE(0) }));
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.item);
}

/** Option indexes in the order one person sees them for one question. */
export function optionOrderFor(question: QuestionRow, seed: string): number[] {
  // A spot-the-bug question's options are its lines: shown in order, as the code reads.
  if (question.kind === "bug") return question.options.map((_, i) => i);
  return seededOrder(
    question.options.map((_, i) => i),
    `${seed}:${question.id}`,
  );
}
