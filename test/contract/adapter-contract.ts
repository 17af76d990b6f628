import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatAdapter, EventSink, FormOutcome, InteractionDescription } from "../../src/core/adapter.js";
import type { FormSubmitEvent, IncomingEvent } from "../../src/core/events.js";
import { type Form, type Message, ui } from "../../src/core/message.js";
import { type ConversationRef, type MessageRef, type UserRef, workspaceOf } from "../../src/core/refs.js";

/** Records what the adapter delivers, and opens a form when a command asks for one. */
export class RecordingSink implements EventSink {
  readonly events: IncomingEvent[] = [];
  formToOpen: Form | undefined;

  async handle(event: Exclude<IncomingEvent, FormSubmitEvent>): Promise<void> {
    this.events.push(event);
    if (event.kind === "command" && this.formToOpen && event.respond.openForm) await event.respond.openForm(this.formToOpen);
  }

  async submitForm(event: FormSubmitEvent): Promise<FormOutcome> {
    this.events.push(event);
    return { kind: "answered" };
  }

  /** The contract's commands open no form (unless `formToOpen` is set) and answer privately. */
  describe(): InteractionDescription {
    return { opensForm: this.formToOpen !== undefined, privateAnswer: true };
  }

  last<K extends IncomingEvent["kind"]>(kind: K): Extract<IncomingEvent, { kind: K }> | undefined {
    return this.events.filter((e): e is Extract<IncomingEvent, { kind: K }> => e.kind === kind).at(-1);
  }
}

/** What each platform's test setup provides: the adapter, and a way to act as a person on it. */
export interface ContractHarness {
  adapter: ChatAdapter;
  sink: RecordingSink;
  channel: ConversationRef;
  user: UserRef;
  /** What the platform currently shows for a message, as text. */
  shown(ref: MessageRef): Promise<string>;
  /** A person presses the button with this label on the message. */
  press(ref: MessageRef, label: string): Promise<void>;
  /** A person runs `/mentor <text>`. */
  command(text: string): Promise<void>;
  /** A person fills the open form with these values, in input order, and submits. */
  submitForm(values: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The promises every adapter keeps. Run against console now, Slack and Discord as they land. */
export function runAdapterContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h.close();
    });

    const message = (text: string): Message => ({
      text,
      blocks: [ui.header(text), ui.section(`Body of ${text}`), ui.actions(ui.button("contract.press", "Press me", "v-42"))],
    });

    it("posts a message and returns a ref in that conversation", async () => {
      const ref = await h.adapter.post(h.channel, message("First post"));
      expect(ref.conversation).toBe(h.channel);
      expect(ref.id).not.toBe("");
      expect(await h.shown(ref)).toContain("Body of First post");
    });

    it("updates a posted message in place", async () => {
      const ref = await h.adapter.post(h.channel, message("Before"));
      await h.adapter.update(ref, { text: "After", blocks: [ui.section("Updated body")] });
      expect(await h.shown(ref)).toContain("Updated body");
    });

    it("opens a DM in the same workspace and posts to it", async () => {
      const dm = await h.adapter.openDM(h.user);
      expect(workspaceOf(dm)).toBe(workspaceOf(h.user));
      const ref = await h.adapter.post(dm, message("Direct"));
      expect(await h.shown(ref)).toContain("Body of Direct");
    });

    it("round-trips a button: the press reaches the core with its id, value, person and message", async () => {
      const ref = await h.adapter.post(h.channel, message("Buttons"));
      await h.press(ref, "Press me");
      const action = h.sink.last("action");
      expect(action).toMatchObject({ actionId: "contract.press", value: "v-42" });
      expect(action?.actor.user).toBe(h.user);
      expect(action?.source).toEqual(ref);
    });

    it("delivers a command and a form submission with its values and metadata", async () => {
      h.sink.formToOpen = {
        id: "contract.form",
        title: "Contract form",
        submitLabel: "Send",
        metadata: "meta-7",
        inputs: [
          { kind: "text", id: "name", label: "Name", required: true },
          { kind: "number", id: "mood", label: "Mood", required: true, min: 1, max: 5 },
        ],
      };
      await h.command("contract go");
      expect(h.sink.last("command")?.text).toBe("contract go");
      await h.submitForm(["Ada", "4"]);
      const submit = h.sink.last("formSubmit");
      expect(submit).toMatchObject({ formId: "contract.form", values: { name: "Ada", mood: "4" }, metadata: "meta-7" });
      h.sink.formToOpen = undefined;
    });

    it("describes a user", async () => {
      const profile = await h.adapter.getUser(h.user);
      expect(profile.user).toBe(h.user);
      expect(profile.displayName).not.toBe("");
    });
  });
}
