import { loadCurriculum } from "../../src/lessons/curriculum-loader.js";
import type { Curriculum } from "../../src/lessons/curriculum-schema.js";

let course: Curriculum | undefined;

/**
 * The built-in curriculum, read once per test worker: test files in a worker share their modules
 * (vitest.config.ts), and parsing the course's YAML costs about half a second of CPU each time.
 * Frozen, so that no test can change what the next one reads. Tests of the loader itself call
 * `loadCurriculum`.
 */
export function builtInCourse(): Curriculum {
  course ??= deepFreeze(loadCurriculum("curriculum"));
  return course;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
