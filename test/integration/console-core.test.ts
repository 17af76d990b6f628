import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("the core through the console adapter (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists every registered subcommand in help", async () => {
    await t.type("/mentor help");
    const out = t.take();
    for (const definition of t.app.core.router.all()) {
      expect(out).toContain(`/mentor ${definition.path.join(" ")}`);
    }
  });

  it("answers an unknown command with a helpful sentence, not a stack trace", async () => {
    await t.type("/mentor nosuch");
    const out = t.take();
    expect(out).toContain(`I don't know the command "nosuch"`);
    expect(out).not.toMatch(/at .*\.ts:\d+/);
  });

  it("refuses admin commands to a non-admin and allows them to the admin", async () => {
    await t.type("/as maria");
    await t.type("/mentor admin timezone Europe/Berlin");
    expect(t.take()).toContain("Only an admin of this workspace can run /mentor admin timezone");
    await t.type("/as you");
    await t.type("/mentor admin timezone Europe/Berlin");
    expect(t.take()).toContain("The workspace's timezone is now Europe/Berlin");
  });

  it("shows a UserError's sentence and hides a bug behind a reference", async () => {
    t.app.core.router.register(
      { path: ["test-refuse"], summary: "t", args: [], access: "member", run: async () => Promise.reject(new UserError("not_allowed", "Not today.")) },
      { path: ["test-crash"], summary: "t", args: [], access: "member", run: async () => Promise.reject(new Error("db exploded with secret detail")) },
    );
    await t.type("/mentor test-refuse");
    expect(t.take()).toContain("Not today.");
    await t.type("/mentor test-crash");
    const out = t.take();
    expect(out).toMatch(/Something went wrong \(ref [0-9a-f]{8}\)/);
    expect(out).not.toContain("secret detail");
  });

  it("runs a form: a refused field is asked again, then saved", async () => {
    await t.type("/as lee");
    await t.type("/mentor profile");
    expect(t.take()).toContain("== Your profile ==");
    // Timezone, working hours, skills (optional), languages (optional).
    for (const line of ["Mars/Olympus", "09:00-17:00", "", ""]) await t.type(line);
    expect(t.take()).toContain("is not a timezone I know");
    await t.type("Asia/Kolkata");
    expect(t.take()).toContain("Profile saved. Your timezone is Asia/Kolkata.");
    await t.type("/mentor timezone");
    expect(t.take()).toContain("Your timezone is Asia/Kolkata (you set it)");
  });

  it("a cancelled form saves nothing", async () => {
    await t.type("/as kim");
    await t.type("/mentor profile");
    await t.type("/cancel");
    expect(t.take()).toContain("Form cancelled; nothing was saved.");
    await t.type("/mentor timezone");
    expect(t.take()).toContain("the workspace's default");
  });

  it("presses a button with /press and refuses a number that does not exist", async () => {
    await t.type("/as you");
    await t.type("/mentor lesson what-is-a-backend");
    const shown = t.take();
    const button = /\[(\d+)\] Mark as done/.exec(shown)?.[1];
    expect(button).toBeDefined();
    await t.type(`/press ${button}`);
    expect(t.take()).toContain('Marked done: "Backend" is relative');
    await t.type(`/press ${button}`);
    expect(t.take()).toContain("it counts once");
    await t.type("/press 99999");
    expect(t.take()).toContain("There is no button [99999]");
  });

  it("handles a redelivered event (same delivery id) once", async () => {
    const replies: string[] = [];
    const event = {
      kind: "command" as const,
      text: "timezone America/Chicago",
      deliveryId: "evt-123",
      actor: { user: "console:local:rita", workspace: "console:local", displayName: "rita", platformAdmin: false },
      conversation: "console:local:general",
      respond: {
        async reply(message: { text: string }) {
          replies.push(message.text);
        },
      },
    };
    await t.app.core.handle(event);
    await t.app.core.handle(event);
    expect(replies).toEqual(["Your timezone is now America/Chicago. Personal lessons and reminders follow it."]);
  });
});
