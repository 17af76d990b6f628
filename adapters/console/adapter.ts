import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ChatAdapter, EventSink, UserProfile } from "../../src/core/adapter.js";
import { FormValidationError } from "../../src/core/errors.js";
import type { Actor, Responder } from "../../src/core/events.js";
import type { Form, Message } from "../../src/core/message.js";
import { type ConversationRef, localIdOf, type MessageRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";
import { ConsoleForm } from "./form-session.js";
import { type NumberedAction, renderMessage } from "./render.js";

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** The person typing at first; an admin of the console workspace. */
  firstUser: string;
  /** Called once the input ends and every line has been handled. */
  onInputEnd?: () => void;
  /**
   * Awaited after each line. With piped input, main waits here for the jobs a line caused,
   * so a script's next line (`/press 1`) sees what the previous one posted, as a person would.
   */
  settle?: () => Promise<unknown>;
  /** Where attached files (charts) are written so the person can open them. */
  filesDir?: string;
}

const WORKSPACE = "local";
const CHANNEL = "general";

/**
 * The terminal platform: one workspace, one channel, and the person typing. The embedded
 * default and a newcomer's first contact; tests drive it through a pipe.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = "console";
  readonly workspace = makeRef("console", WORKSPACE);
  readonly channel = makeRef("console", WORKSPACE, CHANNEL);
  private actingUser: string;
  private sink: EventSink | undefined;
  private lastButton = 0;
  private readonly buttons = new Map<number, NumberedAction & { source: MessageRef }>();
  private lastMessageId = 0;
  private form: ConsoleForm | undefined;
  private lines: Promise<void> = Promise.resolve();
  private reader: ReturnType<typeof createInterface> | undefined;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.actingUser = sanitiseName(options.firstUser);
  }

  userRef(name: string): UserRef {
    return makeRef("console", WORKSPACE, sanitiseName(name));
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.print(`Mentor bot console. You are "${this.actingUser}" in #${CHANNEL}. Try /mentor help (/as NAME switches person, /press N presses a button).`);
    this.reader = createInterface({ input: this.options.input, terminal: false });
    // Lines are handled one after another, as a person would see them answered.
    this.reader.on("line", (line) => void this.handleInput(line));
    this.reader.on("close", () => {
      this.lines.then(() => this.options.onInputEnd?.());
    });
  }

  async stop(): Promise<void> {
    this.reader?.close();
    await this.lines;
  }

  async post(to: ConversationRef, message: Message): Promise<MessageRef> {
    const ref = { conversation: to, id: String(++this.lastMessageId) };
    this.show(ref, message, this.prefixFor(to));
    return ref;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.show(ref, message, `${this.prefixFor(ref.conversation)}(message ${ref.id} updated) `);
  }

  async postEphemeral(to: ConversationRef, user: UserRef, message: Message): Promise<void> {
    this.show({ conversation: to, id: String(++this.lastMessageId) }, message, `(only ${localIdOf(user)} sees this) `);
  }

  async openDM(user: UserRef): Promise<ConversationRef> {
    return makeRef("console", WORKSPACE, `dm.${localIdOf(user)}`);
  }

  async openGroupDM(users: UserRef[]): Promise<ConversationRef> {
    return makeRef("console", WORKSPACE, `group.${users.map(localIdOf).sort().join("+")}`);
  }

  async getUser(user: UserRef): Promise<UserProfile> {
    return { user, displayName: localIdOf(user), isBot: false };
  }

  async describeTarget(ref: string): Promise<string> {
    const local = parseRef(ref).local;
    if (local === undefined) return "this console";
    if (local === CHANNEL) return `#${CHANNEL}`;
    if (local.startsWith("dm.")) return `direct messages with ${local.slice(3)}`;
    if (local.startsWith("group.")) return `the group of ${local.slice(6).split("+").join(", ")}`;
    return local;
  }

  /** Handles one typed line after any still in progress (what the reader does for each line). */
  handleInput(line: string): Promise<void> {
    this.lines = this.lines
      // A form's pasted field keeps its lines as written (indentation is part of a plan).
      .then(() => (this.form ? this.answerForm(line) : this.handleLine(line.trim())))
      .then(async () => {
        await this.options.settle?.();
      })
      .catch((error: unknown) => this.print(`(console error: ${String(error)})`));
    return this.lines;
  }

  private async handleLine(line: string): Promise<void> {
    if (line.length === 0) return;
    const [word = "", ...rest] = line.split(/\s+/);
    switch (word) {
      case "/as":
        return this.switchUser(rest.join(" "));
      case "/press":
        return this.press(rest);
      case "/mentor":
        return this.dispatch({ kind: "command", text: line.slice("/mentor".length).trim(), ...this.eventBase() });
      case "/cancel":
        return this.print("There is no open form to cancel.");
      default:
        if (word.startsWith("/")) {
          return this.print(`Unknown console command ${word}. Use /mentor help, /as NAME, /press N or /cancel.`);
        }
        return this.print("(I only answer /mentor commands. Try /mentor help.)");
    }
  }

  private switchUser(name: string): void {
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(name)) {
      this.print("Usage: /as NAME (letters, digits, . _ - up to 40 characters).");
      return;
    }
    this.actingUser = name;
    this.print(`You are now "${name}".`);
  }

  private async press(args: string[]): Promise<void> {
    const number = Number(args[0]);
    const button = this.buttons.get(number);
    if (!button) {
      this.print(`There is no button [${args[0] ?? ""}]. Press a number shown in square brackets.`);
      return;
    }
    let value = button.value;
    if (button.options) {
      const wanted = args.slice(1).join(" ").toLowerCase();
      const option = button.options.find((o) => o.value.toLowerCase() === wanted || o.label.toLowerCase() === wanted);
      if (!option) {
        this.print(`Choose one of: ${button.options.map((o) => o.value).join(", ")} (for example /press ${number} ${button.options[0]?.value}).`);
        return;
      }
      value = option.value;
    }
    await this.dispatch({ kind: "action", actionId: button.actionId, value, source: button.source, ...this.eventBase() });
  }

  private async answerForm(line: string): Promise<void> {
    const form = this.form as ConsoleForm;
    if (line.trim() === "/cancel") {
      this.form = undefined;
      this.print("Form cancelled; nothing was saved.");
      return;
    }
    const step = form.answer(line);
    if (step.pasting) return;
    if (step.problem) return this.print(step.problem);
    if (step.nextPrompt) return this.print(step.nextPrompt);
    this.form = undefined;
    try {
      await this.sink?.handle({ kind: "formSubmit", formId: form.form.id, values: form.values(), metadata: form.form.metadata, ...this.eventBase() });
    } catch (error) {
      if (!(error instanceof FormValidationError)) throw error;
      this.form = form.reopenFor(error.fieldErrors);
      this.print(`Please fix: ${Object.values(error.fieldErrors).join(" ")}`);
      this.print(this.form.currentPrompt());
    }
  }

  private async dispatch(event: Parameters<EventSink["handle"]>[0]): Promise<void> {
    await this.sink?.handle(event);
  }

  private eventBase(): { actor: Actor; conversation: ConversationRef; respond: Responder } {
    const user = this.userRef(this.actingUser);
    const name = this.actingUser;
    const actor: Actor = {
      user,
      workspace: this.workspace,
      displayName: name,
      platformAdmin: name === sanitiseName(this.options.firstUser),
    };
    const respond: Responder = {
      reply: async (message, options) => {
        this.show({ conversation: this.channel, id: String(++this.lastMessageId) }, message, options?.private ? `(only ${name} sees this) ` : "");
      },
      openForm: async (form: Form) => {
        this.form = new ConsoleForm(form);
        this.print(this.form.intro());
      },
    };
    return { actor, conversation: this.channel, respond };
  }

  private prefixFor(conversation: ConversationRef): string {
    const local = localIdOf(conversation);
    if (local.startsWith("dm.")) return `(DM to ${local.slice(3)}) `;
    if (local.startsWith("group.")) return `(group DM ${local.slice(6).split("+").join(", ")}) `;
    return "";
  }

  private show(ref: MessageRef, message: Message, prefix: string): void {
    const { text, actions } = renderMessage(message, () => ++this.lastButton);
    const attached = (message.files ?? []).map((file) => `[attached: ${this.saveFile(ref, file.name, file.data)}] ${file.alt}`);
    for (const action of actions) this.buttons.set(action.number, { ...action, source: ref });
    this.print(
      [text, ...attached]
        .join("\n")
        .split("\n")
        .map((line, i) => (i === 0 ? `${prefix}${line}` : line))
        .join("\n"),
    );
  }

  private saveFile(ref: MessageRef, name: string, data: Uint8Array): string {
    const directory = path.resolve(this.options.filesDir ?? ".data/files");
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `${ref.id}-${name}`);
    writeFileSync(file, data);
    return file;
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

function sanitiseName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 40) || "you";
}
