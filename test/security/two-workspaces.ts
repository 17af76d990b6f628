import { and, eq, sql } from "drizzle-orm";
import { gamedays, lessonSubscriptions, pairs, quizRounds, quizSessions } from "../../drizzle/schema/index.js";
import type { Actor } from "../../src/core/events.js";
import type { Db } from "../../src/db/connection.js";
import { GAMEDAY_VOTE_ACTION } from "../../src/gamedays/render.js";
import { ROUND_ANSWER_ACTION } from "../../src/quizzes/render.js";
import type { TestApp } from "../helpers/test-app.js";
import { actorIn, command, HOME, send } from "./core-driver.js";

/** Workspace B: the console platform, another workspace id, its own #general. */
export const ELSEWHERE = "elsewhere";

/**
 * Workspace A (the console's home) with something of everything a person of workspace B could
 * aim at: a pair, a check-in, a personal quiz, an open round with an answer, a lesson done, a
 * lesson subscription, a recorded delivery failure and a running game day with a vote. Every name ends in "-of-a", so an
 * answer that shows anything of A can be spotted.
 */
export interface HomeWorld {
  workspaceId: number;
  people: { admin: Actor; mentee: Actor; mentor: Actor; member: Actor };
  roundId: number;
  roundOptions: number[];
  sessionId: number;
  checkinId: number;
  gamedayId: number;
  /** The option ids of the game day's first decision. */
  gamedayOptions: string[];
}

export const HOME_MARK = "-of-a";

export async function seedHome(t: TestApp, now: Date): Promise<HomeWorld> {
  const { services } = t.app;
  const people = {
    admin: actorIn(HOME.workspace, `ann${HOME_MARK}`, true),
    mentee: actorIn(HOME.workspace, `mia${HOME_MARK}`),
    mentor: actorIn(HOME.workspace, `max${HOME_MARK}`),
    member: actorIn(HOME.workspace, `meg${HOME_MARK}`),
  };
  await command(t, people.admin, "help");
  const workspace = await services.workspaces.ensure(people.admin.workspace);
  const [mentee, mentor, member] = await Promise.all([people.mentee, people.mentor, people.member].map((p) => services.members.ensure(workspace, p)));
  if (!mentee || !mentor || !member) throw new Error("members not created");
  await services.pairing.profiles.join(mentee, "mentee", now);
  await services.pairing.profiles.join(mentor, "mentor", now);
  await services.db.insert(pairs).values({ workspaceId: workspace.id, mentorId: mentor.id, menteeId: mentee.id, fit: 1, reason: "test pair", startedAt: now });
  // Written directly: a scheduler firing during a test would change A on its own.
  await services.db.insert(lessonSubscriptions).values({
    workspaceId: workspace.id,
    channel: `${workspace.ref}:${HOME.channel}`,
    track: services.lessons.defaultTrack(),
    time: "09:00",
    days: [1, 2, 3, 4, 5],
    timezone: "UTC",
  });
  await services.workspaces.recordDeliveryFailure(workspace.id, {
    target: `${workspace.ref}:gone${HOME_MARK}`,
    code: "channel_not_found",
    detail: "gone",
    job: "test",
  });

  await send(t, people.mentee, { kind: "formSubmit", formId: "checkin", values: { mood: "4", workedOn: `billing${HOME_MARK}`, blockers: "", meet: "yes" } });
  await command(t, people.mentee, "quiz 3");
  await command(t, people.admin, "quiz round 30");
  const [round] = await services.db.select().from(quizRounds).where(eq(quizRounds.workspaceId, workspace.id));
  const [session] = await services.db
    .select()
    .from(quizSessions)
    .where(and(eq(quizSessions.workspaceId, workspace.id), eq(quizSessions.kind, "quiz")));
  const [checkin] = await services.checkins.recent(mentee.id, 1);
  if (!round || !session || !checkin) throw new Error("workspace A was not seeded");
  await send(t, people.mentee, { kind: "action", actionId: ROUND_ANSWER_ACTION, value: `${round.id}.${round.optionOrder[0]}` });
  await command(t, people.admin, "gameday start retry-storm");
  const [game] = await services.db.select().from(gamedays).where(eq(gamedays.workspaceId, workspace.id));
  const scenario = game && services.gamedays.scenarioOf(game);
  const gamedayOptions = scenario?.stepById.get(scenario.start)?.decision?.options.map((o) => o.id) ?? [];
  if (!game || gamedayOptions.length === 0) throw new Error("no game day in workspace A");
  await send(t, people.member, { kind: "action", actionId: GAMEDAY_VOTE_ACTION, value: `${game.id}.0.${gamedayOptions[0]}` });
  await t.app.jobs.waitIdle(20_000);
  // The game's timers (reveals in 45 s, the close in 3 min) would change A on their own during a test.
  for (const queue of ["tasks", "outbound"] as const) {
    for (const job of await t.app.jobs.queue(queue).getDelayed()) if (job.name.startsWith("gameday.")) await job.remove();
  }
  const lesson = (await services.db.query.lessons.findMany({ columns: { id: true }, limit: 1 }))[0];
  if (lesson) await send(t, people.member, { kind: "action", actionId: "lesson.done", value: lesson.id });
  await t.app.jobs.waitIdle(20_000);
  return {
    workspaceId: workspace.id,
    people,
    roundId: round.id,
    roundOptions: round.optionOrder,
    sessionId: session.id,
    checkinId: checkin.id,
    gamedayId: game.id,
    gamedayOptions,
  };
}

/** Every row that belongs to one workspace (tables with a workspace_id, and its own row), to show it did not change. */
export async function workspaceRows(db: Db, workspaceId: number): Promise<Record<string, string[]>> {
  const tables = (await db.execute(
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id' order by table_name`,
  )) as unknown as { rows: { table_name: string }[] };
  const result: Record<string, string[]> = {};
  for (const { table_name: table } of tables.rows) {
    const rows = (await db.execute(
      sql`select row_to_json(t)::text as row from ${sql.identifier(table)} t where t.workspace_id = ${workspaceId}`,
    )) as unknown as {
      rows: { row: string }[];
    };
    result[table] = rows.rows.map((r) => r.row).sort();
  }
  const own = (await db.execute(sql`select row_to_json(w)::text as row from workspaces w where w.id = ${workspaceId}`)) as unknown as {
    rows: { row: string }[];
  };
  result.workspaces = own.rows.map((r) => r.row);
  return result;
}
