import { sql } from "drizzle-orm";
import type { FormOutcome } from "../../src/core/adapter.js";
import type { ArgSpec } from "../../src/core/args.js";
import type { Actor, Responder } from "../../src/core/events.js";
import type { Form, Message } from "../../src/core/message.js";
import { makeRef } from "../../src/core/refs.js";
import type { Db } from "../../src/db/connection.js";
import type { TestApp } from "../helpers/test-app.js";

/** The console's workspace and channel (adapters/console), where startTestApp's people live. */
export const HOME = { platform: "console", workspace: "local", channel: "general" } as const;

export function actorIn(workspace: string, name: string, platformAdmin = false): Actor {
  return { user: makeRef(HOME.platform, workspace, name), workspace: makeRef(HOME.platform, workspace), displayName: name, platformAdmin };
}

/** What the core answered to one event: every reply, any form it opened, and how it took a submitted form. */
export interface Answer {
  replies: Message[];
  forms: Form[];
  /** All reply texts, one per line. */
  text: string;
  /** For a form submit: answered, or invalid with the problems the platform shows next to the fields. */
  submitted?: FormOutcome;
}

function capturingResponder(answer: Answer): Responder {
  return {
    async reply(message) {
      answer.replies.push(message);
      answer.text = answer.replies.map((m) => m.text).join("\n");
    },
    async openForm(form) {
      answer.forms.push(form);
    },
  };
}

type EventInput =
  | { kind: "command"; text: string }
  | { kind: "action"; actionId: string; value: string }
  | { kind: "formSubmit"; formId: string; values: Record<string, string>; metadata?: string };

/**
 * Sends one event straight to the core as `actor`, in `conversation` (the actor's #general by
 * default), and returns what the person was told.
 */
export async function send(t: TestApp, actor: Actor, input: EventInput, conversation?: string): Promise<Answer> {
  const answer: Answer = { replies: [], forms: [], text: "" };
  const where = conversation ?? `${actor.workspace}:${HOME.channel}`;
  const base = { actor, conversation: where, respond: capturingResponder(answer) };
  if (input.kind === "formSubmit") answer.submitted = await t.app.core.submitForm({ ...input, ...base });
  else await t.app.core.handle({ ...input, ...base });
  return answer;
}

export const command = (t: TestApp, actor: Actor, text: string) => send(t, actor, { kind: "command", text });

/** The course, synced at start: large, and no request writes it. */
const CURRICULUM_TABLES = ["lessons", "questions"];

/** Every row of every table but the course, so a test can show that a refused request changed nothing. */
export async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_name not in ${CURRICULUM_TABLES} order by table_name`,
  )) as unknown as {
    rows: { table_name: string }[];
  };
  const result: Record<string, string[]> = {};
  // One statement for every table: a snapshot is taken around each of hundreds of requests.
  const everyRow = tables.rows
    .map(({ table_name: table }) => `select '${table}' as table_name, row_to_json(t)::text as row from "${table}" t`)
    .join(" union all ");
  const rows = (await db.execute(sql.raw(everyRow))) as unknown as { rows: { table_name: string; row: string }[] };
  for (const { table_name: table } of tables.rows) result[table] = [];
  for (const { table_name: table, row } of rows.rows) result[table]?.push(row);
  for (const table of Object.keys(result)) result[table]?.sort();
  return result;
}

/** The refusal BotCore gives a non-admin for an admin-only command. */
export const adminOnly = (path: readonly string[]) => `Only an admin of this workspace can run \`/mentor ${path.join(" ")}\`.`;

export const SOMETHING_WENT_WRONG = "Something went wrong";

/** A value each argument kind accepts, derived from its spec (so a new command needs no edit in the tests). */
export function sampleArg(spec: ArgSpec, person = "@you"): string {
  switch (spec.kind) {
    case "choice":
      return spec.choices.at(-1) as string;
    case "keyword":
      return spec.words[0];
    case "int":
      return String(spec.min);
    case "time":
      return "10:00";
    case "date":
      return "2027-01-04";
    case "days":
      return "mon-fri";
    case "timezone":
      return "Europe/Berlin";
    case "user":
      return person;
    case "rest":
      return "a reason";
    case "word":
      // A game day scenario takes the command's example (a scenario that ships); others a common word.
      return spec.suggest?.catalogs.includes("scenarios") ? spec.example : "lessons";
  }
}
