import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairs } from "../../drizzle/schema/index.js";
import { CHECKIN_REPLY_FORM } from "../../src/checkins/form.js";
import { CHECKIN_OPEN_ACTION, CHECKIN_REPLY_ACTION } from "../../src/checkins/render.js";
import type { BotCore } from "../../src/core/bot.js";
import { RUN_COMMAND_ACTION } from "../../src/core/command-action.js";
import type { ActionHandler } from "../../src/core/context.js";
import { GAMEDAY_CLOSE_ACTION, GAMEDAY_VOTE_ACTION } from "../../src/gamedays/render.js";
import { CHECKPOINT_DONE_ACTION, LESSON_DONE_ACTION, LESSON_QUIZ_ACTION } from "../../src/lessons/render.js";
import { SKIP_ROUND_ACTION } from "../../src/pairing/actions.js";
import { LAB_PASTE_ACTION, LAB_SHARE_ACTION } from "../../src/practice/render.js";
import { CHECKPOINT_START_ACTION } from "../../src/quizzes/checkpoints.js";
import { QUIZ_ANSWER_ACTION, QUIZ_FORM_ACTION, REVIEW_START_ACTION, ROUND_ANSWER_ACTION } from "../../src/quizzes/render.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, command, send, snapshot } from "./core-driver.js";
import { ELSEWHERE, HOME_MARK, type HomeWorld, seedHome, workspaceRows } from "./two-workspaces.js";

const NOW = new Date("2026-11-25T10:00:00Z");
const NOT_YOURS_TO_REPLY = "Only the mentee's current mentor can reply to this check-in.";

/** A button value naming workspace A's objects, pressed in workspace B, and the refusal B's person must get. */
interface Forgery {
  value: (home: HomeWorld) => string[];
  refusal: string;
}

/** Every action whose value names an object that belongs to one workspace. */
const FORGED: Record<string, Forgery> = {
  [ROUND_ANSWER_ACTION]: {
    value: (home) => home.roundOptions.map((option) => `${home.roundId}.${option}`),
    refusal: "That answer does not match an open round.",
  },
  [QUIZ_ANSWER_ACTION]: {
    value: (home) => [0, 1, 2, 3].map((option) => `${home.sessionId}.0.${option}`),
    refusal: "That answer does not match any open question. Start again with `/mentor quiz`.",
  },
  [CHECKIN_REPLY_ACTION]: { value: (home) => [String(home.checkinId)], refusal: NOT_YOURS_TO_REPLY },
  [GAMEDAY_VOTE_ACTION]: {
    value: (home) => home.gamedayOptions.map((option) => `${home.gamedayId}.0.${option}`),
    refusal: "That vote does not match a game day running here.",
  },
  [GAMEDAY_CLOSE_ACTION]: { value: (home) => [`${home.gamedayId}.0`], refusal: "That button does not match a game day running here." },
};

/**
 * The other actions' values name nothing a workspace owns: pressed in B, they act on the presser
 * in B only, and A stays as it was.
 */
const OWN_ONLY: Record<string, { why: string; value: string }> = {
  [LESSON_DONE_ACTION]: { why: "a lesson of the course, which every workspace shares", value: "" },
  [LESSON_QUIZ_ACTION]: { why: "a lesson of the course, which every workspace shares", value: "" },
  [CHECKPOINT_DONE_ACTION]: { why: "a checkpoint of the course, which every workspace shares; the evidence is the presser's own", value: "project-run-it" },
  [SKIP_ROUND_ACTION]: { why: "a pairing period; the skip is the presser's own", value: "2026-W49" },
  [CHECKIN_OPEN_ACTION]: { why: "a week; the check-in is the presser's own", value: "2026-W48" },
  [REVIEW_START_ACTION]: { why: "nothing", value: "start" },
  [QUIZ_FORM_ACTION]: { why: "a quiz session looked up as the presser's own in the presser's workspace", value: "1.0" },
  [CHECKPOINT_START_ACTION]: { why: "nothing: a checkpoint is drawn from the presser's own lessons", value: "" },
  [LAB_PASTE_ACTION]: { why: "a practice lab of the course, which every workspace shares", value: "explain-analyze" },
  [LAB_SHARE_ACTION]: { why: "a submission id, shared only by the learner who made it (anyone else is refused)", value: "1" },
  [RUN_COMMAND_ACTION]: { why: "a command line, run as the presser (see the permission matrix)", value: "leaderboard all" },
};

const registeredActions = (core: BotCore) => [...(core as unknown as { actions: Map<string, ActionHandler> }).actions.keys()];

describe("forged action values: a person of workspace B naming workspace A's objects", () => {
  let t: TestApp;
  let home: HomeWorld;
  // B's people: a member, and a mentor with a mentee of their own (so only the workspace stands between them and A's check-in).
  const bob = actorIn(ELSEWHERE, "bob");
  const mentorB = actorIn(ELSEWHERE, "bo");
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    home = await seedHome(t, NOW);
    const { services } = t.app;
    await command(t, bob, "help");
    const workspace = await services.workspaces.ensure(bob.workspace);
    const [mentor, mentee] = await Promise.all([mentorB, actorIn(ELSEWHERE, "kim")].map((p) => services.members.ensure(workspace, p)));
    if (!mentor || !mentee) throw new Error("members not created");
    await services.pairing.profiles.join(mentee, "mentee", NOW);
    await services.pairing.profiles.join(mentor, "mentor", NOW);
    await services.db.insert(pairs).values({ workspaceId: workspace.id, mentorId: mentor.id, menteeId: mentee.id, fit: 1, reason: "test", startedAt: NOW });
    const lesson = (await services.db.query.lessons.findMany({ columns: { id: true }, limit: 1 }))[0]?.id ?? "";
    for (const id of [LESSON_DONE_ACTION, LESSON_QUIZ_ACTION]) (OWN_ONLY[id] as { value: string }).value = lesson;
  });
  afterAll(async () => {
    await t.close();
  });

  it("knows every registered action: each names a workspace's objects or says why not", () => {
    expect([...Object.keys(FORGED), ...Object.keys(OWN_ONLY)].sort()).toEqual(registeredActions(t.app.core).sort());
  });

  for (const [actionId, forgery] of Object.entries(FORGED)) {
    it(`${actionId}: refused with a sentence, nothing written anywhere`, async () => {
      for (const person of [bob, mentorB]) {
        for (const value of forgery.value(home)) {
          const before = await snapshot(t.app.services.db);
          const answer = await send(t, person, { kind: "action", actionId, value });
          expect(answer.text, `${actionId} ${value}`).toBe(forgery.refusal);
          expect(answer.forms).toEqual([]);
          expect(await snapshot(t.app.services.db), `${actionId} ${value}`).toEqual(before);
        }
      }
    });
  }

  it(`${CHECKIN_REPLY_FORM} form naming A's check-in: refused, nothing sent`, async () => {
    const before = await snapshot(t.app.services.db);
    t.take();
    const answer = await send(t, mentorB, { kind: "formSubmit", formId: CHECKIN_REPLY_FORM, values: { message: "hello" }, metadata: String(home.checkinId) });
    expect(answer.text).toBe(NOT_YOURS_TO_REPLY);
    expect(t.take()).not.toContain("hello");
    expect(await snapshot(t.app.services.db)).toEqual(before);
  });

  for (const [actionId, { why }] of Object.entries(OWN_ONLY)) {
    it(`${actionId} (its value names ${why}): A is unchanged and not shown`, async () => {
      const before = await workspaceRows(t.app.services.db, home.workspaceId);
      const answer = await send(t, bob, { kind: "action", actionId, value: (OWN_ONLY[actionId] as { value: string }).value });
      await t.app.jobs.waitIdle(20_000);
      expect(answer.replies.length + answer.forms.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer)).not.toContain(HOME_MARK);
      expect(await workspaceRows(t.app.services.db, home.workspaceId)).toEqual(before);
    });
  }

  it("takes the same values from A's own people: the refusals above were about the workspace", async () => {
    const { mentee, mentor } = home.people;
    const round = await send(t, mentor, { kind: "action", actionId: ROUND_ANSWER_ACTION, value: `${home.roundId}.${home.roundOptions[0]}` });
    expect(round.text).toContain("Answer recorded");
    const quiz = await send(t, mentee, { kind: "action", actionId: QUIZ_ANSWER_ACTION, value: `${home.sessionId}.0.0` });
    expect(quiz.text).toContain("question 2 of 3");
    const reply = await send(t, mentor, { kind: "action", actionId: CHECKIN_REPLY_ACTION, value: String(home.checkinId) });
    expect(reply.forms.map((form) => form.id)).toEqual([CHECKIN_REPLY_FORM]);
    const vote = await send(t, mentor, { kind: "action", actionId: GAMEDAY_VOTE_ACTION, value: `${home.gamedayId}.0.${home.gamedayOptions[1]}` });
    expect(vote.text).toContain("Vote recorded");
  });
});
