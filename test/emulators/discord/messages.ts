import { ApiError, rejectInvalid } from "./api-error.js";
import type { EmuInteraction } from "./interactions.js";
import { channelById, messageInChannel, userById } from "./lookups.js";
import { snowflake } from "./snowflake.js";
import type { ThreadRoutes } from "./threads.js";
import type { Upload } from "./uploads.js";
import { validateMessageBody } from "./validate.js";
import type { EmuAttachment, EmuChannel, EmuMessage, World } from "./world.js";

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

  create(channelId: string, body: Json, uploads: Upload[] = []): Json {
    const channel = channelById(this.world, channelId);
    if (channel.botHasNoAccess) throw new ApiError(403, 50001, "Missing Access");
    const recipient = channel.type === 1 ? userById(this.world, channel.recipientId as string) : undefined;
    if (recipient?.blocksDms) throw new ApiError(403, 50007, "Cannot send messages to this user");
    if (channel.parentId) this.threads.checkPost(channel);
    rejectInvalid(validateMessageBody(body));
    return this.world.messageJson(this.store(channel, body, {}, uploads));
  }

  edit(channelId: string, messageId: string, body: Json, uploads: Upload[] = []): Json {
    const message = messageInChannel(this.world, channelId, messageId);
    rejectInvalid(validateMessageBody(body));
    this.apply(message, body, uploads);
    return this.world.messageJson(message);
  }

  store(channel: EmuChannel, body: Json, origin: { interaction?: EmuInteraction; deferred?: boolean }, uploads: Upload[] = []): EmuMessage {
    const empty = !body?.content && !(body?.embeds as unknown[])?.length && !(body?.components as unknown[])?.length && uploads.length === 0;
    if (empty && !origin.deferred) throw new ApiError(400, 50006, "Cannot send an empty message");
    const flags = Number(body?.flags ?? 0);
    const message: EmuMessage = {
      id: snowflake(),
      channel_id: channel.id,
      content: String(body?.content ?? ""),
      embeds: (body?.embeds as Json[]) ?? [],
      components: (body?.components as Json[]) ?? [],
      flags: origin.deferred ? flags | LOADING : flags,
      attachments: uploads.map(attachmentOf),
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

  /**
   * Applies an edit's body; a deferred "thinking" message loses its loading flag. As on Discord,
   * `attachments` in the body lists what stays (by id), and new files are added.
   */
  apply(message: EmuMessage, body: Json, uploads: Upload[] = []): void {
    const next: Partial<EmuMessage> = { flags: message.flags & ~LOADING };
    if (body.attachments !== undefined || uploads.length > 0) {
      const kept = new Set(((body.attachments as Json[] | undefined) ?? []).map((a) => String(a.id)));
      const staying = body.attachments === undefined ? message.attachments : message.attachments.filter((a) => kept.has(a.id));
      next.attachments = [...staying, ...uploads.map(attachmentOf)];
    }
    if (body.content !== undefined) next.content = String(body.content ?? "");
    if (body.embeds !== undefined) next.embeds = (body.embeds as Json[]) ?? [];
    if (body.components !== undefined) next.components = (body.components as Json[]) ?? [];
    if (body.allowed_mentions !== undefined) next.allowed_mentions = body.allowed_mentions as Json;
    Object.assign(message, next, { edited_timestamp: new Date().toISOString() });
  }
}

function attachmentOf(upload: Upload): EmuAttachment {
  const id = snowflake();
  return {
    id,
    filename: upload.filename,
    size: upload.data.length,
    content_type: upload.contentType,
    url: `https://cdn.discordapp.com/attachments/${id}/${upload.filename}`,
    data: upload.data,
  };
}
