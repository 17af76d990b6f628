import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairs } from "../../drizzle/schema/index.js";
import type { CommandDefinition } from "../../src/core/commands.js";
import { isUserError } from "../../src/core/errors.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { type Answer, actorIn, adminOnly, command, HOME, SOMETHING_WENT_WRONG, sampleArg, send, snapshot } from "./core-driver.js";

const ROLES = ["member", "mentee", "mentor", "admin"] as const;
type Role = (typeof ROLES)[number];
/** yes: it runs for them; no: refused as admin-only; n/a: it runs and says why it does not apply to them. */
type Cell = "yes" | "no" | "n/a";

/** The "Permission matrix" table of README.md, by command path ("lessons here"). */
function documentedMatrix(): Map<string, Record<Role, Cell>> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Permission matrix$/m)[1]?.split(/^## /m)[0] ?? "";
  const matrix = new Map<string, Record<Role, Cell>>();
  for (const line of section.split("\n")) {
    const cells = /^\| `\/mentor ([a-z ]+)` \|(.*)\|$/.exec(line.trim());
    if (!cells) continue;
    const values = (cells[2] as string).split("|").map((c) => c.trim() as Cell);
    matrix.set(cells[1] as string, Object.fromEntries(ROLES.map((role, i) => [role, values[i]])) as Record<Role, Cell>);
  }
  return matrix;
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
      expect(observed.get(name), `/mentor ${name} (README "Permission matrix")`).toEqual(documented.get(name));
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
