import { pairs } from "../../drizzle/schema/index.js";
import type { App } from "../../src/app.js";
import { saveSchedule } from "../../src/pairing/schedule.js";

/**
 * A workspace with more of everything than `/mentor status` lists: 14 channels with daily
 * lessons and quiz rounds (long names), a pairing schedule and 14 current pairs.
 */
export async function seedBusyWorkspace(app: App, workspaceRef: string, channel: (i: number) => string, user: (i: number) => string): Promise<void> {
  const { services } = app;
  const workspace = await services.workspaces.ensure(workspaceRef);
  const person = (i: number) =>
    services.members.ensure(workspace, { user: user(i), workspace: workspaceRef, displayName: `person-with-a-long-name-${i}`, platformAdmin: false });
  const creator = await person(0);
  for (let i = 0; i < 14; i++) {
    const when = { time: "09:30", days: [1, 3, 5], timezone: "America/Argentina/ComodRivadavia" };
    await services.lessons.subscriptions.subscribe(workspace.id, channel(i), services.lessons.defaultTrack(), when, creator.id);
    await services.quizzes.schedules.schedule(workspace.id, channel(i), when, { skill: "system-design", minutes: 10 }, creator.id);
  }
  await saveSchedule(services.db, services.jobs, workspace.id, workspace.timezone, { everyWeeks: 3, day: 2, time: "10:00", anchorMonday: "2026-11-30" });
  for (let i = 1; i <= 14; i++) {
    const [mentor, mentee] = [await person(100 + i), await person(200 + i)];
    await services.db
      .insert(pairs)
      .values({ workspaceId: workspace.id, mentorId: mentor.id, menteeId: mentee.id, fit: 0.5, reason: "seeded", startedAt: new Date() });
  }
}
