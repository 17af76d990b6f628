import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  Routes,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { Responder } from "../../src/core/events.js";
import type { Form, Message } from "../../src/core/message.js";
import { whileTokenLives, withinCallbackWindow } from "./patience.js";
import { type DiscordPayload, type RenderOptions, renderForm, renderMessage } from "./render.js";

export type AnswerableInteraction = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * Discord wants a first response within 3 s. Whatever the core has not answered by then is
 * deferred ("thinking…"), and the answer edits that placeholder or follows up; the token
 * stays valid for 15 minutes of follow-ups.
 */
export const DEFER_AFTER_MS = 2_000;

/** What an interaction nobody answered shows, so the person sees it was taken. */
export const QUIET_ACKNOWLEDGEMENT: Message = { text: "Done." };

/** `repeated`: the core had seen this interaction; Discord took its one answer then, so nothing is sent now. */
type State = "open" | "deferred" | "answered" | "modal" | "repeated";

/**
 * How the core answers one interaction. Every step runs in order on one queue, so a deferral
 * racing a late answer never sends two first responses.
 */
export class InteractionResponder implements Responder {
  private state: State = "open";
  private deferredPrivate = true;
  private placeholderUsed = false;
  private followedUp = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  readonly openForm?: (form: Form) => Promise<void>;
  readonly updateSource?: (message: Message) => Promise<void>;

  constructor(
    private readonly interaction: AnswerableInteraction,
    /** Whether a deferral, if needed, should be private (the answer it stands for will be). */
    deferPrivately: boolean,
    private readonly renderOptions: RenderOptions = {},
    /** Defer at once: the process is busy, so the answer may not make the 3 s on its own. */
    deferNow = false,
    /** The first wait before a webhook step is sent again after a 5xx; patience.ts's default when absent. */
    private readonly firstRetryMs?: number,
  ) {
    this.deferredPrivate = deferPrivately;
    this.timer = setTimeout(() => void this.deferIfOpen().catch(() => {}), deferNow ? 0 : DEFER_AFTER_MS);
    if (!interaction.isModalSubmit()) this.openForm = (form) => this.run(() => this.showForm(form));
    if (interaction.isButton() || interaction.isStringSelectMenu()) this.updateSource = (message) => this.run(() => this.replaceSource(message));
  }

  repeated(): void {
    clearTimeout(this.timer);
    if (this.state === "open") this.state = "repeated";
  }

  /** True once something answered the interaction (a reply, a deferral, a modal). */
  get answered(): boolean {
    return this.state !== "open";
  }

  /** True when follow-ups can still be sent (a modal ends what this interaction can say). */
  get canFollowUp(): boolean {
    return this.state === "answered" || this.state === "deferred";
  }

  reply(message: Message, options?: { private?: boolean }): Promise<void> {
    const parts = renderMessage(message, this.renderOptions);
    return this.run(async () => {
      for (const part of parts) await this.send(part, options?.private ?? false);
    });
  }

  /** After the core is done: an interaction nobody answered still gets a quiet acknowledgement. */
  finish(): Promise<void> {
    clearTimeout(this.timer);
    return this.run(async () => {
      if (this.state === "open") await this.send(renderMessage(QUIET_ACKNOWLEDGEMENT)[0] as DiscordPayload, true);
      else if (this.state === "deferred" && !this.placeholderUsed) {
        // The placeholder stood for an answer that went out as a follow-up, or for none at all.
        if (this.followedUp) await this.webhook(() => this.interaction.deleteReply());
        else await this.webhook(() => this.interaction.editReply({ embeds: renderMessage(QUIET_ACKNOWLEDGEMENT)[0]?.embeds ?? [] }));
      }
    });
  }

  /** The first response, waited out through a 429 that still fits the 3 s window. */
  private callback<T>(respond: () => Promise<T>): Promise<T> {
    return withinCallbackWindow(this.interaction.id, respond);
  }

  /** A follow-up or edit after the first response, retried through 5xx while the token lives. */
  private webhook<T>(send: () => Promise<T>): Promise<T> {
    return whileTokenLives(this.interaction.id, send, this.firstRetryMs);
  }

  private run(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => {});
    return next;
  }

  private deferIfOpen(): Promise<void> {
    return this.run(async () => {
      if (this.state !== "open") return;
      this.state = "deferred";
      await this.callback(() => this.interaction.deferReply(this.deferredPrivate ? { flags: MessageFlags.Ephemeral } : {}));
    });
  }

  private async send(part: DiscordPayload, isPrivate: boolean): Promise<void> {
    const body = { embeds: part.embeds, components: part.components, allowedMentions: part.allowed_mentions, files: attachmentsOf(part) };
    const flags = isPrivate ? MessageFlags.Ephemeral : undefined;
    if (this.state === "open") {
      this.state = "answered";
      await this.callback(() => this.interaction.reply({ ...body, ...(flags ? { flags } : {}) }));
    } else if (this.state === "deferred" && !this.placeholderUsed && this.deferredPrivate === isPrivate) {
      // The "thinking…" placeholder becomes the answer.
      this.placeholderUsed = true;
      await this.webhook(() => this.interaction.editReply(body));
    } else {
      this.followedUp = true;
      await this.webhook(() => this.interaction.followUp({ ...body, ...(flags ? { flags } : {}) }));
    }
  }

  private async showForm(form: Form): Promise<void> {
    if (this.state !== "open") {
      // A modal must be the first response; the form was asked for too late.
      await this.send(renderMessage({ text: "That took too long to open the form. Please run the command again." })[0] as DiscordPayload, true);
      return;
    }
    this.state = "modal";
    await this.callback(() => (this.interaction as ChatInputCommandInteraction).showModal(renderForm(form)));
  }

  private async replaceSource(message: Message): Promise<void> {
    const [part] = renderMessage(message, this.renderOptions);
    if (!part) return;
    const body = { embeds: part.embeds, components: part.components, allowedMentions: part.allowed_mentions, files: attachmentsOf(part) };
    const interaction = this.interaction as ButtonInteraction;
    if (this.state === "open") {
      this.state = "answered";
      await this.callback(() => interaction.update(body));
    } else {
      // Straight through REST: a DM channel need not be in discord.js's cache.
      const { files, ...json } = part;
      await interaction.client.rest.patch(Routes.channelMessage(interaction.channelId, interaction.message.id), { body: json, ...(files ? { files } : {}) });
    }
  }
}

/** A part's files as discord.js takes them in reply, editReply, followUp and update. */
function attachmentsOf(part: DiscordPayload): { attachment: Buffer; name: string }[] {
  return (part.files ?? []).map((file) => ({ attachment: Buffer.from(file.data as Uint8Array), name: file.name }));
}
