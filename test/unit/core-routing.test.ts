import { describe, expect, it } from "vitest";
import { AdapterRegistry } from "../../src/core/adapters.js";
import { BotCore } from "../../src/core/bot.js";
import { RUN_COMMAND_ACTION, runCommandAction } from "../../src/core/command-action.js";
import type { CommandDefinition } from "../../src/core/commands.js";
import { FormValidationError, UserError } from "../../src/core/errors.js";
import type { ActionEvent, Actor, CommandEvent, Responder } from "../../src/core/events.js";
import { silentLogger } from "../../src/core/logger.js";
import { type Message, textMessage } from "../../src/core/message.js";
import type { AppServices, IdentityPort } from "../../src/core/ports.js";
import { requireSameWorkspace } from "../../src/core/preconditions.js";
import { CommandRouter } from "../../src/core/router.js";
import { createMetrics } from "../../src/http/metrics.js";

/**
 * The core's routing with in-memory ports, in the manner of Bolt's FakeReceiver: events go in
 * as the adapters would send them, replies are collected from a fake responder. No Postgres,
 * no Redis, no platform.
 */

const ADMIN_REFUSAL = "Only an admin of this workspace can run `/mentor lessons stop`.";

/** Workspaces and members in maps; admins are those the platform calls admins, as in the app. */
class InMemoryIdentity implements IdentityPort {
  private readonly workspaces = new Map<string, { id: number }>();
  private readonly members = new Map<string, { id: number }>();
  private readonly effects = new Set<string>();

  async workspace(ref: string) {
    const row = this.workspaces.get(ref) ?? { id: this.workspaces.size + 1 };
    this.workspaces.set(ref, row);
    return row as Awaited<ReturnType<IdentityPort["workspace"]>>;
  }
  async claimEffect(workspaceId: number, key: string) {
    const scoped = `${workspaceId}:${key}`;
    if (this.effects.has(scoped)) return false;
    this.effects.add(scoped);
    return true;
  }
  async member(_workspace: { id: number }, actor: Actor) {
    const row = this.members.get(actor.user) ?? { id: this.members.size + 1 };
    this.members.set(actor.user, row);
    return row as Awaited<ReturnType<IdentityPort["member"]>>;
  }
  isAdmin(_member: unknown, actor: Pick<Actor, "platformAdmin" | "external">) {
    return actor.platformAdmin && !actor.external;
  }
  async markLeft() {
    return undefined;
  }
  async markLeftHandled() {}
  async unhandledLeavers() {
    return [];
  }
}

function world() {
  const metrics = createMetrics();
  const ran: string[] = [];
  const definitions: CommandDefinition[] = [
    { path: ["help"], summary: "help", args: [], access: "member", run: async () => ({ text: "help text" }) },
    {
      path: ["lessons", "stop"],
      summary: "stop",
      args: [],
      access: "admin",
      run: async () => {
        ran.push("lessons stop");
        return { text: "stopped" };
      },
    },
  ];
  const router = new CommandRouter();
  router.register(...definitions);
  const services = { logger: silentLogger, metrics, adapters: new AdapterRegistry(), identity: new InMemoryIdentity(), now: () => new Date() };
  // The app merges its domains into AppServices; routing reads only the core's ports.
  const core = new BotCore(services as unknown as AppServices, router);
  core.registerActions(runCommandAction(router), {
    actionId: "row.open",
    async run(ctx, value) {
      requireSameWorkspace(ctx, { workspaceId: Number(value) }, new UserError("not_allowed", "That is not yours to open."));
      return { text: "opened" };
    },
  });
  core.registerForms({
    formId: "hours",
    async run(_ctx, values) {
      if (!/^\d\d:\d\d-\d\d:\d\d$/.test(values.hours ?? "")) throw new FormValidationError({ hours: "Write your hours like 09:00-17:00." });
      return { text: `Saved ${values.hours}.` };
    },
  });

  const from = (actor: Partial<Actor>) => {
    const replies: { message: Message; private?: boolean }[] = [];
    const respond: Responder = {
      async reply(message, options) {
        replies.push({ message, private: options?.private });
      },
    };
    const who: Actor = { user: "slack:T1:U1", workspace: "slack:T1", displayName: "Ada", platformAdmin: false, ...actor };
    return { replies, base: { actor: who, conversation: "slack:T1:C1", respond } };
  };
  const send = async (event: Record<string, unknown>, actor: Partial<Actor> = {}) => {
    const { replies, base } = from(actor);
    await core.handle({ ...base, ...event } as CommandEvent | ActionEvent);
    return replies;
  };
  const submit = async (formId: string, values: Record<string, string>) => {
    const { replies, base } = from({});
    const outcome = await core.submitForm({ kind: "formSubmit", formId, values, ...base });
    return { outcome, replies };
  };
  const metricsText = () => metrics.registry.metrics();
  return { send, submit, ran, metricsText };
}

describe("core routing with in-memory ports", () => {
  it("runs a member command and answers privately", async () => {
    const { send } = world();
    expect(await send({ kind: "command", text: "help" })).toEqual([{ message: { text: "help text" }, private: true }]);
  });

  it("refuses an admin command to a member, with the same sentence typed or pressed, and runs neither", async () => {
    const { send, ran } = world();
    const typed = await send({ kind: "command", text: "lessons stop" });
    const pressed = await send({ kind: "action", actionId: RUN_COMMAND_ACTION, value: "lessons stop" });
    expect(typed).toEqual([{ message: textMessage(ADMIN_REFUSAL), private: true }]);
    expect(pressed).toEqual(typed);
    expect(ran).toEqual([]);
  });

  it("tells a person from another organisation why they are no admin here", async () => {
    const { send, ran } = world();
    const replies = await send({ kind: "command", text: "lessons stop" }, { platformAdmin: true, external: true });
    expect(replies.map((r) => r.message.text)).toEqual([`${ADMIN_REFUSAL} You take part here from another organisation, so as a member.`]);
    expect(ran).toEqual([]);
  });

  it("runs an admin command for a platform admin, typed and pressed", async () => {
    const { send, ran } = world();
    await send({ kind: "command", text: "lessons stop" }, { platformAdmin: true });
    await send({ kind: "action", actionId: RUN_COMMAND_ACTION, value: "lessons stop" }, { platformAdmin: true });
    expect(ran).toEqual(["lessons stop", "lessons stop"]);
  });

  it("counts each refusal under the command it named and its reason", async () => {
    const { send, metricsText } = world();
    await send({ kind: "command", text: "lessons stop" });
    await send({ kind: "command", text: "nosuch" });
    await send({ kind: "command", text: "help" });
    const text = await metricsText();
    expect(text).toContain('mentor_commands_total{command="lessons stop",outcome="refused",reason="admin_only"} 1');
    expect(text).toContain('mentor_commands_total{command="command",outcome="refused",reason="unknown_command"} 1');
    expect(text).toContain('mentor_commands_total{command="help",outcome="ok"} 1');
  });

  it("refuses a row of another workspace named by a button", async () => {
    const { send } = world();
    expect((await send({ kind: "action", actionId: "row.open", value: "1" }))[0]?.message.text).toBe("opened");
    expect((await send({ kind: "action", actionId: "row.open", value: "2" }))[0]?.message.text).toBe("That is not yours to open.");
  });

  it("gives a form's field problems back as its outcome, and says nothing itself", async () => {
    const { submit } = world();
    expect(await submit("hours", { hours: "all day" })).toEqual({
      outcome: { kind: "invalid", fieldErrors: { hours: "Write your hours like 09:00-17:00." }, message: "Write your hours like 09:00-17:00." },
      replies: [],
    });
  });

  it("answers a saved form, and a form no longer in use, through the responder", async () => {
    const { submit } = world();
    expect(await submit("hours", { hours: "09:00-17:00" })).toEqual({
      outcome: { kind: "answered" },
      replies: [{ message: { text: "Saved 09:00-17:00." }, private: true }],
    });
    expect(await submit("gone", {})).toEqual({
      outcome: { kind: "answered" },
      replies: [{ message: textMessage("That form is no longer in use. Run the command again for a fresh one."), private: true }],
    });
  });

  it("answers a repeated delivery once", async () => {
    const { send, ran } = world();
    await send({ kind: "command", text: "lessons stop", deliveryId: "Ev1" }, { platformAdmin: true });
    expect(await send({ kind: "command", text: "lessons stop", deliveryId: "Ev1" }, { platformAdmin: true })).toEqual([]);
    expect(ran).toEqual(["lessons stop"]);
  });
});
