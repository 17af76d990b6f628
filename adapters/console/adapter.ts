import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import type { ChatAdapter, EventSink, UserProfile } from "../../src/core/adapter.js";
import type { Actor, Responder } from "../../src/core/events.js";
import type { Form, Message } from "../../src/core/message.js";
import { type ConversationRef, localIdOf, type MessageRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";
import { ConsoleForm } from "./form-session.js";
import type { TerminalStyle } from "./markdown.js";
import { ConsolePrompt } from "./prompt.js";
import { conversationPrefix, type NumberedAction, onlySees, renderMessage } from "./render.js";

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
  /** A person at a terminal: a prompt, line editing, history, and Ctrl-C that cancels rather than quits. */
  interactive?: boolean;
  /** `ansi` styles Markdown for a terminal; `plain` (default) takes its marks out. */
  style?: TerminalStyle;
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
  private readonly prompt: ConsolePrompt;
  /** Ctrl-C was pressed at an empty prompt: a second press quits. */
  private quitArmed = false;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.actingUser = sanitiseName(options.firstUser);
    this.prompt = new ConsolePrompt(options.input, options.output, options.interactive === true);
  }

  userRef(name: string): UserRef {
    return makeRef("console", WORKSPACE, sanitiseName(name));
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.print(
      `Mentor bot console. You are "${this.actingUser}" in #${CHANNEL}. Try /mentor help (/as NAME switches person, /press N presses a button, /quit leaves).`,
    );
    // Lines are handled one after another, as a person would see them answered.
    this.prompt.start(this.promptText(), {
      line: (line) => this.handleInput(line),
      interrupt: (typed) => this.interrupt(typed),
      end: () => this.lines.then(() => this.options.onInputEnd?.()),
    });
  }

  async stop(): Promise<void> {
    this.prompt.close();
    await this.lines;
  }

  /** "you@#general> ": who is typing, and where. */
  private promptText(): string {
    return `${this.actingUser}@#${CHANNEL}> `;
  }

  /**
   * Ctrl-C at a terminal, as in a shell: it cancels an open form (nothing saved), or empties the
   * line being typed; at an empty prompt the first press says how to leave and a second leaves.
   */
  private interrupt(typed: string): void {
    if (this.form) {
      this.form = undefined;
      this.quitArmed = false;
      this.prompt.discardLine();
      this.print("Form cancelled; nothing was saved.");
      return;
    }
    if (typed.length > 0) {
      this.quitArmed = false;
      this.prompt.discardLine();
      return;
    }
    if (this.quitArmed) {
      this.prompt.close();
      return;
    }
    this.quitArmed = true;
    this.print("(To leave, press Ctrl-C again, or Ctrl-D, or type /quit.)");
  }

  async post(to: ConversationRef, message: Message): Promise<MessageRef> {
    const ref = { conversation: to, id: String(++this.lastMessageId) };
    this.show(ref, message, conversationPrefix(to));
    return ref;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.show(ref, message, `${conversationPrefix(ref.conversation)}(message ${ref.id} updated) `);
  }

  async postEphemeral(to: ConversationRef, user: UserRef, message: Message): Promise<void> {
    this.show({ conversation: to, id: String(++this.lastMessageId) }, message, `${onlySees(localIdOf(user))} `);
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
    this.quitArmed = false;
    if (this.form) return this.answerForm(line);
    if (line.length === 0) return;
    const [word = "", ...rest] = line.split(/\s+/);
    switch (word) {
      case "/quit":
      case "/exit":
        this.form = undefined;
        return this.prompt.close();
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
          return this.print(`Unknown console command ${word}. Use /mentor help, /as NAME, /press N, /cancel or /quit.`);
        }
        if (line === "exit" || line === "quit") return this.prompt.close();
        if (/^\d+$/.test(line) && this.buttons.has(Number(line))) return this.print(`To press button [${line}], type /press ${line}.`);
        return this.print("(I only answer /mentor commands. Try /mentor help.)");
    }
  }

  private switchUser(name: string): void {
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(name)) {
      this.print("Usage: /as NAME (letters, digits, . _ - up to 40 characters).");
      return;
    }
    this.actingUser = name;
    this.prompt.setPrompt(this.promptText());
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
    const { id, metadata } = form.form;
    const outcome = await this.sink?.submitForm({ kind: "formSubmit", formId: id, values: form.values(), metadata, ...this.eventBase() });
    if (outcome?.kind !== "invalid") return;
    this.form = form.reopenFor(outcome.fieldErrors);
    this.print(`Please fix: ${outcome.message}`);
    this.print(this.form.currentPrompt());
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
        this.show({ conversation: this.channel, id: String(++this.lastMessageId) }, message, options?.private ? `${onlySees(name)} ` : "");
      },
      openForm: async (form: Form) => {
        this.form = new ConsoleForm(form);
        this.print(this.form.intro());
      },
    };
    return { actor, conversation: this.channel, respond };
  }

  private show(ref: MessageRef, message: Message, prefix: string): void {
    const { text, actions } = renderMessage(message, () => ++this.lastButton, this.options.style ?? "plain");
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
    this.prompt.print(text);
  }
}

function sanitiseName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 40) || "you";
}
