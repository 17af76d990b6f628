import { describe, expect, it } from "vitest";
import type { JobPort } from "../../jobs/queues.js";
import { silentLogger } from "../../src/core/logger.js";
import type { Db } from "../../src/db/connection.js";
import { GamedayService } from "../../src/gamedays/service.js";
import { PracticeService } from "../../src/practice/service.js";
import { builtInCourse } from "../helpers/course.js";

// Neither service touches its database or queues to list what the curriculum offers.
const noDb = {} as Db;
const lessonIds = () => new Set(builtInCourse().tracks.flatMap((track) => track.lessons.map((lesson) => lesson.id)));

describe("game day scenarios and practice labs are read when first used, once", () => {
  it("reads the scenarios at the first look at the catalog, not when told where they are", () => {
    const gamedays = new GamedayService(noDb, {} as JobPort, silentLogger);
    let reads = 0;
    gamedays.setScenarioSource(() => {
      reads++;
      return [];
    });
    expect(reads).toBe(0);
    expect(gamedays.catalog.scenarios).toEqual([]);
    void gamedays.catalog;
    expect(reads).toBe(1);
  });

  it("reads the practice labs of the curriculum folder at the first lookup", () => {
    const practice = new PracticeService(noDb);
    let asked = 0;
    practice.load(
      "curriculum",
      () => {
        asked++;
        return lessonIds();
      },
      silentLogger,
    );
    expect(asked).toBe(0);
    const labs = practice.all();
    expect(labs.length).toBeGreaterThan(0);
    expect(practice.get(labs[0]?.id ?? "")).toBe(labs[0]);
    expect(asked).toBe(1);
  });
});
