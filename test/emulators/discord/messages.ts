import { ApiError, rejectInvalid } from "./api-error.js";
import type { EmuInteraction } from "./interactions.js";
import { channelById, messageInChannel, userById } from "./lookups.js";
import { snowflake } from "./snowflake.js";
import type { ThreadRoutes } from "./threads.js";
import { validateMessageBody } from "./validate.js";
import type { EmuChannel, EmuMessage, World } from "./world.js";

type Json = Record<string, unknown>;

export const EPHEMERAL = 64;
/** The "thinking…" flag of a deferred interaction response. */
export const LOADING = 128;

/**
 * Channel messages: POST and PATCH /channels/{channel}/messages, and the store and edit that
 * interaction responses and webhooks share.
 */
export class MessageRoutes {
  constructor(
    private readonly world: World,
    private readonly threads: ThreadRoutes,
  ) {}

  create(channelId: string, body: Json): Json {
    const channel = channelById(this.world, channelId);
    if (channel.botHasNoAccess) throw new ApiError(403, 50001, "Missing Access");
    const recipient = channel.type === 1 ? userById(this.world, channel.recipientId as string) : undefined;
    if (recipient?.blocksDms) throw new ApiError(403, 50007, "Cannot send messages to this user");
    if (channel.parentId) this.threads.checkPost(channel);
    rejectInvalid(validateMessageBody(body));
    return this.world.messageJson(this.store(channel, body, {}));
  }

  edit(channelId: string, messageId: string, body: Json): Json {
    const message = messageInChannel(this.world, channelId, messageId);
    rejectInvalid(validateMessageBody(body));
    this.apply(message, body);
    return this.world.messageJson(message);
  }

  store(channel: EmuChannel, body: Json, origin: { interaction?: EmuInteraction; deferred?: boolean }): EmuMessage {
    const empty = !body?.content && !(body?.embeds as unknown[])?.length && !(body?.components as unknown[])?.length;
    if (empty && !origin.deferred) throw new ApiError(400, 50006, "Cannot send an empty message");
    const flags = Number(body?.flags ?? 0);
    const message: EmuMessage = {
      id: snowflake(),
      channel_id: channel.id,
      content: String(body?.content ?? ""),
      embeds: (body?.embeds as Json[]) ?? [],
      components: (body?.components as Json[]) ?? [],
      flags: origin.deferred ? flags | LOADING : flags,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    if (channel.guildId) message.guild_id = channel.guildId;
    if (body?.allowed_mentions) message.allowed_mentions = body.allowed_mentions as Json;
    if (origin.interaction) {
      message.interactionId = origin.interaction.id;
      if (flags & EPHEMERAL) message.ephemeralFor = origin.interaction.user.id;
    }
    this.world.messages.set(message.id, message);
    return message;
  }

  /** Applies an edit's body; a deferred "thinking" message loses its loading flag. */
  apply(message: EmuMessage, body: Json): void {
    const next: Partial<EmuMessage> = { flags: message.flags & ~LOADING };
    if (body.content !== undefined) next.content = String(body.content ?? "");
    if (body.embeds !== undefined) next.embeds = (body.embeds as Json[]) ?? [];
    if (body.components !== undefined) next.components = (body.components as Json[]) ?? [];
    if (body.allowed_mentions !== undefined) next.allowed_mentions = body.allowed_mentions as Json;
    Object.assign(message, next, { edited_timestamp: new Date().toISOString() });
  }
}
