import { asc, isNull } from "drizzle-orm";
import { lessons } from "../../drizzle/schema/index.js";
import { editDistance } from "../core/edit-distance.js";
import type { Db } from "../db/connection.js";

export type LessonRow = typeof lessons.$inferSelect;

/**
 * The published lessons, read once from the database after the curriculum sync.
 * Content only changes with a deploy, so every replica holds the same copy.
 */
export class LessonCatalog {
  private byId = new Map<string, LessonRow>();
  private byTrack = new Map<string, LessonRow[]>();

  async load(db: Db): Promise<void> {
    const rows = await db.select().from(lessons).where(isNull(lessons.retiredAt)).orderBy(asc(lessons.track), asc(lessons.position));
    this.byId = new Map(rows.map((row) => [row.id, row]));
    this.byTrack = new Map();
    for (const row of rows) this.byTrack.set(row.track, [...(this.byTrack.get(row.track) ?? []), row]);
  }

  get(id: string): LessonRow | undefined {
    return this.byId.get(id);
  }

  track(track: string): LessonRow[] {
    return this.byTrack.get(track) ?? [];
  }

  /** The track's modules in course order, each with its lessons in order. */
  modules(track: string): { id: string; title: string; lessons: LessonRow[] }[] {
    const modules: { id: string; title: string; lessons: LessonRow[] }[] = [];
    for (const lesson of this.track(track)) {
      const last = modules.at(-1);
      if (last?.id === lesson.module) last.lessons.push(lesson);
      else modules.push({ id: lesson.module, title: lesson.moduleTitle, lessons: [lesson] });
    }
    return modules;
  }

  tracks(): string[] {
    return [...this.byTrack.keys()];
  }

  /** The first lesson of `track`, in order, whose id `isDone` rejects. */
  firstNot(track: string, isDone: (id: string) => boolean): LessonRow | undefined {
    return this.track(track).find((lesson) => !isDone(lesson.id));
  }

  /** Ids close to a mistyped one, for a helpful refusal. */
  similar(id: string): string[] {
    const needle = id.toLowerCase();
    return [...this.byId.keys()].filter((key) => key.includes(needle) || needle.includes(key) || editDistance(key, needle) <= 2).slice(0, 3);
  }
}
