import { type APIMessage, DiscordAPIError, MessageFlags, type REST, Routes } from "discord.js";
import { z } from "zod";
import type { EventSink, HandedOffInteraction } from "../../src/core/adapter.js";
import type { AdapterPorts } from "../../src/core/adapter-ports.js";
import type { Actor, Responder } from "../../src/core/events.js";
import { type Message, textMessage } from "../../src/core/message.js";
import { blockedDmNotice } from "./dm-notice.js";
import { whileTokenLives } from "./patience.js";
import { channelRef, dmRef, guildLink, userRef, workspaceRefOf } from "./refs.js";
import { type DiscordPayload, type RenderOptions, renderMessage } from "./render.js";
import { QUIET_ACKNOWLEDGEMENT } from "./responder.js";

/**
 * What a web process hands a worker for one Discord interaction it acknowledged: ids, the
 * interaction token (the worker answers through the interaction's webhook) and what the person
 * asked for. Plain JSON, checked again when read, since web and worker may run different builds
 * during a deploy.
 */
const handOffSchema = z.object({
  applicationId: z.string(),
  interactionId: z.string(),
  token: z.string(),
  guildId: z.string(),
  channelId: z.string(),
  /** Pressed in a DM the bot opened for `guildId`. */
  inDm: z.boolean(),
  userId: z.string(),
  displayName: z.string(),
  /** Manage Server or the admin role, read from the interaction's member by the web process. */
  admin: z.boolean(),
  /** The deferral ("thinking…") is ephemeral: the answer it stands for is private. */
  privateAnswer: z.boolean(),
  request: z.discriminatedUnion("kind", [
    /** `typed` is absent in a hand-off from a build that sent only the line: the line is routed then. */
    z.object({
      kind: z.literal("command"),
      text: z.string(),
      typed: z.object({ path: z.array(z.string()).readonly(), values: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
    }),
    /** A button or select on the message `sourceMessageId`. */
    z.object({ kind: z.literal("action"), actionId: z.string(), value: z.string(), sourceMessageId: z.string() }),
  ]),
});

export type DiscordHandOff = z.infer<typeof handOffSchema>;

export interface ResumeDeps {
  sink: EventSink;
  rest: AnswerRest;
  ports: Pick<AdapterPorts, "commands" | "refusedSends" | "logger">;
  /** The first wait before an answer is sent again after a 5xx (patience.ts). */
  firstRetryMs?: number;
}

export interface AnswerRest {
  /** For the interaction's webhook, where the interaction token is the credential. */
  webhooks: REST;
  /** With the bot token, for editing the message a button is on. */
  bot: REST;
}

/** In a worker: runs a handed-off interaction on the core and answers it through its webhook. */
export async function resumeInteraction(raw: HandedOffInteraction, deps: ResumeDeps): Promise<void> {
  const handOff = handOffSchema.parse(raw);
  const { guildId, channelId, userId, request } = handOff;
  const conversation = handOff.inDm ? dmRef(guildId, userId, channelId) : channelRef(guildId, channelId);
  const actor: Actor = { user: userRef(guildId, userId), workspace: workspaceRefOf(guildId), displayName: handOff.displayName, platformAdmin: handOff.admin };
  const source = request.kind === "action" ? { channelId, messageId: request.sourceMessageId } : undefined;
  const commands = deps.ports.commands();
  const renderOptions: RenderOptions = handOff.inDm ? { serverLink: guildLink(guildId), commands } : { commands };
  const respond = new WebhookResponder(deps.rest, handOff, handOff.privateAnswer, renderOptions, source, deps.firstRetryMs);
  const common = { actor, conversation, respond, deliveryId: handOff.interactionId };
  if (request.kind === "command") {
    // Looked up while the command runs; shown after its answer, as on the inline path.
    const notice = blockedDmNotice(deps.ports.refusedSends, guildId, userId).catch((error: unknown) => {
      deps.ports.logger.warn({ err: error }, "could not check for blocked DMs");
      return undefined;
    });
    await deps.sink.handle({ kind: "command", text: request.text, typed: request.typed, ...common });
    const missed = await notice;
    if (missed)
      await respond.reply(missed, { private: true }).catch((error: unknown) => deps.ports.logger.warn({ err: error }, "could not show the blocked-DM notice"));
  } else {
    await deps.sink.handle({
      kind: "action",
      actionId: request.actionId,
      value: request.value,
      source: { conversation, id: request.sourceMessageId },
      ...common,
    });
  }
  await respond.finish().catch((error: unknown) => deps.ports.logger.warn({ err: error }, "could not finish a Discord interaction"));
}

/** Said when the web process acknowledged an interaction but could not pass it on. */
export const NOT_TAKEN = textMessage("I couldn't take that in just now. Please try again in a moment.");

/**
 * Answers an interaction acknowledged with a deferred reply, through its webhook over REST, as a
 * process without the gateway can. As InteractionResponder after its deferral: the "thinking…"
 * placeholder becomes the first answer of its privacy, other answers follow up, `updateSource`
 * edits the button's message, and steps run in order on one queue.
 */
export class WebhookResponder implements Responder {
  private placeholderUsed = false;
  private followedUp = false;
  private seenBefore = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly updateSource?: (message: Message) => Promise<void>;

  constructor(
    private readonly rest: AnswerRest,
    private readonly hook: { applicationId: string; token: string; interactionId: string },
    /** Whether the placeholder is ephemeral. */
    private readonly deferredPrivately: boolean,
    private readonly renderOptions: RenderOptions = {},
    /** The message a button or select is on. */
    source?: { channelId: string; messageId: string },
    /** The first wait before a step is sent again after a 5xx; patience.ts's default when absent. */
    private readonly firstRetryMs?: number,
  ) {
    if (source) this.updateSource = (message) => this.run(() => this.replaceSource(source, message));
  }

  reply(message: Message, options?: { private?: boolean }): Promise<void> {
    const parts = renderMessage(message, this.renderOptions);
    return this.run(async () => {
      for (const part of parts) await this.send(part, options?.private ?? false);
    });
  }

  /** The core had handled this interaction in an earlier run: its answer stays as it is. */
  repeated(): void {
    this.seenBefore = true;
  }

  /** After the core is done: an unused placeholder is removed, or says a quiet "Done." if nothing answered. */
  finish(): Promise<void> {
    return this.run(async () => {
      if (this.placeholderUsed || this.seenBefore) return;
      if (this.followedUp) await this.onOriginal("delete");
      // A repeated run (the core had seen the delivery) answers nothing: the first run's answer stays.
      else if (await this.placeholderLoading()) await this.onOriginal("patch", renderMessage(QUIET_ACKNOWLEDGEMENT)[0]);
    });
  }

  /** A request through the webhook, retried through 5xx while the token lives. */
  private retried<T>(send: () => Promise<T>): Promise<T> {
    return whileTokenLives(this.hook.interactionId, send, this.firstRetryMs);
  }

  private run(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => {});
    return next;
  }

  private async send(part: DiscordPayload, isPrivate: boolean): Promise<void> {
    if (!this.placeholderUsed && isPrivate === this.deferredPrivately) {
      this.placeholderUsed = true;
      await this.onOriginal("patch", part);
    } else {
      this.followedUp = true;
      const { files, ...body } = part;
      await this.retried(() =>
        this.rest.webhooks.post(Routes.webhook(this.hook.applicationId, this.hook.token), {
          body: isPrivate ? { ...body, flags: MessageFlags.Ephemeral } : body,
          ...(files ? { files } : {}),
          auth: false,
        }),
      );
    }
  }

  private async replaceSource(source: { channelId: string; messageId: string }, message: Message): Promise<void> {
    const [part] = renderMessage(message, this.renderOptions);
    if (!part) return;
    const { files, ...body } = part;
    await this.rest.bot.patch(Routes.channelMessage(source.channelId, source.messageId), { body, ...(files ? { files } : {}) });
  }

  private async placeholderLoading(): Promise<boolean> {
    try {
      const original = (await this.onOriginal("get")) as APIMessage;
      return ((original.flags ?? 0) & MessageFlags.Loading) !== 0;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * A request on the placeholder, retried through 5xx while the token lives; `auth: false`, so a
   * 401 (expired token) never unsets the bot token.
   */
  private onOriginal(method: "get" | "patch" | "delete", body?: DiscordPayload): Promise<unknown> {
    const route = Routes.webhookMessage(this.hook.applicationId, this.hook.token, "@original");
    if (body === undefined) return this.retried(() => this.rest.webhooks[method](route, { auth: false }));
    const { files, ...json } = body;
    return this.retried(() => this.rest.webhooks[method](route, { body: json, ...(files ? { files } : {}), auth: false }));
  }
}
