import { UserError } from "../core/errors.js";
import type { LessonCatalog, LessonRow } from "./catalog.js";

/** Every level of the course: 1 on-ramp, 2 core, 3 senior and staff. */
export const ALL_LEVELS: readonly number[] = [1, 2, 3];
const LEVEL_NAMES: Record<number, string> = { 1: "on-ramp", 2: "core", 3: "senior and staff" };
export const LEVELS_PATTERN = /^[1-3](-[1-3])?$/;

/** What a channel posts: the track from one lesson on, in some levels. */
export interface ChannelTrack {
  startLessonId: string | null;
  levels: readonly number[];
}

/** "2-3" → [2, 3]; "2" → [2]. A range written backwards is refused with a sentence. */
export function parseLevels(token: string): number[] {
  const [from, to = from] = token.split("-").map(Number) as [number, number?];
  if (to < from) throw new UserError("bad_levels", `Levels go from low to high: write ${to}-${from}, not ${token}.`);
  return ALL_LEVELS.filter((level) => level >= from && level <= to);
}

/** "levels 2-3 (core, senior and staff)", or "every level" */
export function describeLevels(levels: readonly number[]): string {
  const sorted = [...levels].sort((a, b) => a - b);
  if (sorted.join() === ALL_LEVELS.join()) return "every level (1 on-ramp, 2 core, 3 senior and staff)";
  const first = sorted[0] as number;
  const last = sorted[sorted.length - 1] as number;
  const names = sorted.map((level) => LEVEL_NAMES[level]).join(", ");
  return first === last ? `level ${first} only (${names})` : `levels ${first}-${last} (${names})`;
}

/** The lessons a channel's track posts, in track order: from its start on, in its levels. */
export function channelLessons(catalog: LessonCatalog, track: string, channel: ChannelTrack): LessonRow[] {
  const lessons = catalog.track(track);
  const start = channel.startLessonId ? catalog.get(channel.startLessonId) : undefined;
  // A start lesson retired since it was chosen starts the track where it stood.
  const from = start && start.track === track ? start.position : 1;
  return lessons.filter((lesson) => lesson.position >= from && channel.levels.includes(lesson.level));
}

/** The next lesson a channel gets: the first of its track not yet posted there. */
export function nextChannelLesson(catalog: LessonCatalog, track: string, channel: ChannelTrack, posted: ReadonlySet<string>): LessonRow | undefined {
  return channelLessons(catalog, track, channel).find((lesson) => !posted.has(lesson.id));
}

/** What a person's lessons stand on: sent to them, marked done, placed out of by the placement quiz. */
export interface PersonalState {
  sent: ReadonlySet<string>;
  done: ReadonlySet<string>;
  placedOut: ReadonlySet<string>;
}

export type PersonalNext =
  | { kind: "lesson"; lesson: LessonRow }
  /** Every lesson left builds on one not yet done: the first of them, and what it waits for. */
  | { kind: "waiting"; lesson: LessonRow; prerequisite: LessonRow }
  | { kind: "finished" };

/**
 * A person's next DM lesson: the first in track order not sent, done or placed out whose
 * prerequisites are all done or placed out (a prerequisite only sent does not count: the
 * person has not said they did it). A lesson never comes before the ones it builds on.
 */
export function nextPersonalLesson(catalog: LessonCatalog, track: string, state: PersonalState): PersonalNext {
  const known = (id: string) => state.done.has(id) || state.placedOut.has(id) || !catalog.get(id);
  const open = catalog.track(track).filter((lesson) => !state.sent.has(lesson.id) && !state.done.has(lesson.id) && !state.placedOut.has(lesson.id));
  const ready = open.find((lesson) => lesson.prerequisites.every(known));
  if (ready) return { kind: "lesson", lesson: ready };
  const first = open[0];
  if (!first) return { kind: "finished" };
  const missing = first.prerequisites.find((id) => !known(id)) as string;
  return { kind: "waiting", lesson: first, prerequisite: catalog.get(missing) as LessonRow };
}
