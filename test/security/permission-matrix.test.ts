import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairs } from "../../drizzle/schema/index.js";
import type { CommandDefinition } from "../../src/core/commands.js";
import { isUserError } from "../../src/core/errors.js";
import { quoted, userText } from "../../src/core/text.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { type Answer, actorIn, adminOnly, command, HOME, SOMETHING_WENT_WRONG, sampleArg, send, snapshot } from "./core-driver.js";
import { ELSEWHERE, HOME_MARK, type HomeWorld, seedHome, workspaceRows } from "./two-workspaces.js";

const ROLES = ["member", "mentee", "mentor", "admin"] as const;
type Role = (typeof ROLES)[number];
/** yes: it runs for them; no: refused as admin-only; n/a: it runs and says why it does not apply to them. */
type Cell = "yes" | "no" | "n/a";

/**
 * What an admin of another workspace gets when the command names this workspace's people and
 * data. own: it runs on their own workspace only; refused: the person named is unknown there.
 */
type ElsewhereCell = "own" | "refused";

/** The "Permission matrix" table of README.md, by command path ("lessons here"). */
function documentedTable(): Map<string, { roles: Record<Role, Cell>; elsewhere: ElsewhereCell }> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Permission matrix$/m)[1]?.split(/^## /m)[0] ?? "";
  const matrix = new Map<string, { roles: Record<Role, Cell>; elsewhere: ElsewhereCell }>();
  for (const line of section.split("\n")) {
    const cells = /^\| `\/mentor ([a-z ]+)` \|(.*)\|$/.exec(line.trim());
    if (!cells) continue;
    const values = (cells[2] as string).split("|").map((c) => c.trim());
    const roles = Object.fromEntries(ROLES.map((role, i) => [role, values[i]])) as Record<Role, Cell>;
    matrix.set(cells[1] as string, { roles, elsewhere: values[ROLES.length] as ElsewhereCell });
  }
  return matrix;
}

function documentedMatrix(): Map<string, Record<Role, Cell>> {
  return new Map([...documentedTable()].map(([name, row]) => [name, row.roles]));
}

const NOW = new Date("2026-11-25T10:00:00Z");

const sampleLine = (definition: CommandDefinition) =>
  [...definition.path, ...definition.args.filter((a) => !a.optional).map((spec) => sampleArg(spec))].join(" ");

describe("permission matrix: every /mentor command for a member, a mentee, a mentor and an admin", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Fresh people for one command: a plain member, a mentee paired with a mentor, an admin. */
  async function peopleFor(index: number): Promise<Record<Role, ReturnType<typeof actorIn>>> {
    const people = {
      member: actorIn(HOME.workspace, `member${index}`),
      mentee: actorIn(HOME.workspace, `mentee${index}`),
      mentor: actorIn(HOME.workspace, `mentor${index}`),
      admin: actorIn(HOME.workspace, `admin${index}`, true),
    };
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(people.member.workspace);
    // Everyone exists before the command, so a refusal shows no change at all.
    const [, mentee, mentor] = await Promise.all([people.member, people.mentee, people.mentor].map((p) => services.members.ensure(workspace, p)));
    if (!mentee || !mentor) throw new Error("members not created");
    await command(t, people.admin, "help");
    await services.pairing.profiles.join(mentee, "mentee", services.now());
    await services.pairing.profiles.join(mentor, "mentor", services.now());
    await services.db
      .insert(pairs)
      .values({ workspaceId: workspace.id, mentorId: mentor.id, menteeId: mentee.id, fit: 1, reason: "test pair", startedAt: NOW });
    return people;
  }

  it("documents every registered command, and nothing else", () => {
    const registered = t.app.core.router.all().map((d) => d.path.join(" "));
    expect([...documentedMatrix().keys()].sort()).toEqual([...registered].sort());
  });

  it("gives each person what the README says, refusing admin-only commands with a sentence and no effect", async () => {
    const documented = documentedMatrix();
    const observed = new Map<string, Record<Role, Cell>>();
    const definitions = t.app.core.router.all();
    for (const [index, definition] of definitions.entries()) {
      const name = definition.path.join(" ");
      // Records whether the command body ran and how it ended, without changing what it does.
      let ran: "no" | "ok" | "refused" = "no";
      const run = definition.run;
      definition.run = async (ctx, args) => {
        try {
          const answer = await run(ctx, args);
          ran = "ok";
          return answer;
        } catch (error) {
          ran = isUserError(error) ? "refused" : "no";
          throw error;
        }
      };
      try {
        const people = await peopleFor(index);
        const row = {} as Record<Role, Cell>;
        for (const role of ROLES) {
          ran = "no";
          // An admin is never refused, so only the others' runs need the before-and-after.
          const before = role === "admin" ? undefined : await snapshot(t.app.services.db);
          const answer: Answer = await command(t, people[role], sampleLine(definition));
          expect(answer.text, `${name} as ${role}`).not.toContain(SOMETHING_WENT_WRONG);
          if (ran === "no") {
            expect(answer.text, `${name} as ${role}`).toBe(adminOnly(definition.path));
            expect(await snapshot(t.app.services.db), `${name} as ${role} changed something`).toEqual(before);
            row[role] = "no";
          } else {
            expect(answer.replies.length + answer.forms.length, `${name} as ${role} got no answer`).toBeGreaterThan(0);
            row[role] = ran === "ok" ? "yes" : "n/a";
          }
        }
        observed.set(name, row);
      } finally {
        definition.run = run;
      }
    }
    for (const definition of definitions) {
      const name = definition.path.join(" ");
      expect.soft(observed.get(name), `/mentor ${name} (README "Permission matrix")`).toEqual(documented.get(name));
    }
    // Every command, four times, each with database snapshots: it grows with the command list.
  }, 240_000);

  it("never takes a person of another organisation (Slack Connect) as an admin: not by the platform's flag, not by a role recorded earlier", async () => {
    const guest = { ...actorIn(HOME.workspace, "guest", true), external: true };
    await command(t, guest, "help");
    const { services } = t.app;
    const member = await services.members.byRef((await services.workspaces.ensure(guest.workspace)).id, guest.user);
    expect(member?.roles).not.toContain("admin");
    if (member) await services.members.addRole(member, "admin");
    for (const definition of t.app.core.router.all().filter((d) => d.access === "admin")) {
      const before = await snapshot(services.db);
      const answer = await command(t, guest, sampleLine(definition));
      expect(answer.text).toBe(`${adminOnly(definition.path)} You take part here from another organisation, so as a member.`);
      expect(await snapshot(services.db)).toEqual(before);
    }
  });

  it("refuses an actor of another workspace acting on this workspace's refs: a sentence, no effect", async () => {
    await command(t, actorIn(HOME.workspace, "owner", true), "help");
    const before = await snapshot(t.app.services.db);
    for (const definition of t.app.core.router.all()) {
      const line = sampleLine(definition);
      const intruder = actorIn("intruder", "eve", true);
      // Eve's actor says workspace "intruder", but the user and the channel are the home workspace's.
      const asHomeUser = await send(t, { ...intruder, user: actorIn(HOME.workspace, "owner").user }, { kind: "command", text: line });
      // Eve, consistently herself, in the home workspace's channel.
      const inHomeChannel = await send(t, intruder, { kind: "command", text: line }, `${actorIn(HOME.workspace, "x").workspace}:${HOME.channel}`);
      for (const answer of [asHomeUser, inHomeChannel]) {
        expect(answer.replies, `/mentor ${line}`).toHaveLength(1);
        expect(answer.text.length, `/mentor ${line}`).toBeGreaterThan(10);
        expect(answer.forms).toEqual([]);
      }
    }
    expect(await snapshot(t.app.services.db)).toEqual(before);
  });
});

describe("permission matrix, last column: an admin of another workspace naming this workspace's people and data", () => {
  let t: TestApp;
  let home: HomeWorld;
  const elsewhereAdmin = actorIn(ELSEWHERE, "bea", true);
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    home = await seedHome(t, NOW);
    await command(t, elsewhereAdmin, "help");
  });
  afterAll(async () => {
    await t.close();
  });

  it("runs each command on their own workspace only, and knows no person of this one", async () => {
    const documented = documentedTable();
    const mention = `@${home.people.mentee.displayName}`;
    const unknownPerson = `I don't know anyone called ${quoted(userText(home.people.mentee.displayName))} here.`;
    // Every person argument (optional or not) names this workspace's mentee; a choice takes its first value ("add").
    const lineFor = (definition: CommandDefinition) =>
      [
        ...definition.path,
        ...definition.args.filter((a) => !a.optional || a.kind === "user").map((spec) => (spec.kind === "choice" ? spec.choices[0] : sampleArg(spec, mention))),
      ].join(" ");
    const before = await workspaceRows(t.app.services.db, home.workspaceId);
    const observed = new Map<string, ElsewhereCell>();
    for (const definition of t.app.core.router.all()) {
      const line = lineFor(definition);
      const answer = await command(t, elsewhereAdmin, line);
      expect(answer.text, `/mentor ${line}`).not.toContain(SOMETHING_WENT_WRONG);
      expect(answer.replies.length + answer.forms.length, `/mentor ${line} got no answer`).toBeGreaterThan(0);
      // Nothing of this workspace is shown (the refusal only repeats the name the admin typed).
      const shown = answer.replies.filter((reply) => reply.text !== unknownPerson);
      expect(JSON.stringify([shown, answer.forms]), `/mentor ${line}`).not.toContain(HOME_MARK);
      observed.set(definition.path.join(" "), answer.text === unknownPerson ? "refused" : "own");
    }
    await t.app.jobs.waitIdle(30_000);
    expect(await workspaceRows(t.app.services.db, home.workspaceId)).toEqual(before);
    for (const definition of t.app.core.router.all()) {
      const name = definition.path.join(" ");
      expect(observed.get(name), `/mentor ${name} (README "Permission matrix", last column)`).toBe(documented.get(name)?.elsewhere);
    }
  });
});
