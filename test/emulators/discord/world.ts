import { snowflake } from "./snowflake.js";

type Json = Record<string, unknown>;

export const PERMISSIONS = {
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  manageThreads: 1n << 34n,
  createPublicThreads: 1n << 35n,
  createPrivateThreads: 1n << 36n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** What the invite asks for (adapters/discord/invite.ts), so what the bot holds in a server it was invited to. */
const BOT_GRANTED =
  PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.embedLinks | PERMISSIONS.createPrivateThreads | PERMISSIONS.sendMessagesInThreads;

export interface EmuUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** The person blocks DMs from server members: sends to their DM fail with 50007. */
  blocksDms: boolean;
}

export interface EmuMember {
  userId: string;
  roles: string[];
  nick: string | null;
  /** Permissions Discord computes for the member (what an interaction's member.permissions holds). */
  permissions: bigint;
}

export interface EmuChannel {
  id: string;
  /** 0 guild text, 1 DM, 11 public thread, 12 private thread. */
  type: 0 | 1 | 11 | 12;
  guildId?: string;
  name?: string;
  recipientId?: string;
  /** The bot cannot see this channel: sends fail with 50001 Missing Access. */
  botHasNoAccess?: boolean;
  /** A permission overwrite on this channel that denies the bot these permissions. */
  botDenied?: bigint;
  /** Threads: the channel it is in, who opened it, who is in it. */
  parentId?: string;
  ownerId?: string;
  threadMembers?: Set<string>;
  invitable?: boolean;
  archived?: boolean;
  autoArchiveMinutes?: number;
}

export interface EmuGuild {
  id: string;
  name: string;
  ownerId: string;
  members: Map<string, EmuMember>;
  roles: { id: string; name: string; permissions: bigint }[];
}

/** A file on a message, as Discord lists it (the bytes kept for tests to read). */
export interface EmuAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  url: string;
  data: Buffer;
}

export interface EmuMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  allowed_mentions?: Json;
  attachments: EmuAttachment[];
  /** Only this person sees it (an ephemeral interaction response). */
  ephemeralFor?: string;
  interactionId?: string;
  timestamp: string;
  edited_timestamp: string | null;
}

/** What the emulated Discord knows: people, servers, channels, messages. */
export class World {
  readonly users = new Map<string, EmuUser>();
  readonly guilds = new Map<string, EmuGuild>();
  readonly channels = new Map<string, EmuChannel>();
  readonly messages = new Map<string, EmuMessage>();
  readonly bot: EmuUser;

  constructor(botName = "Mentor") {
    this.bot = { id: snowflake(), username: botName, globalName: null, bot: true, blocksDms: false };
    this.users.set(this.bot.id, this.bot);
  }

  addGuild(name: string): EmuGuild {
    const owner = this.addUser(`${name}-owner`);
    const guild: EmuGuild = { id: snowflake(), name, ownerId: owner.id, members: new Map(), roles: [] };
    guild.roles.push({ id: guild.id, name: "@everyone", permissions: PERMISSIONS.viewChannel | PERMISSIONS.sendMessages });
    this.guilds.set(guild.id, guild);
    this.join(guild, owner, { admin: true });
    this.join(guild, this.bot, {}).permissions = BOT_GRANTED;
    return guild;
  }

  addRole(guild: EmuGuild, name: string): string {
    const id = snowflake();
    guild.roles.push({ id, name, permissions: 0n });
    return id;
  }

  addChannel(guild: EmuGuild, name: string, options: { botHasNoAccess?: boolean; botDenied?: bigint } = {}): EmuChannel {
    const channel: EmuChannel = { id: snowflake(), type: 0, guildId: guild.id, name, ...options };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addUser(username: string, options: { blocksDms?: boolean } = {}): EmuUser {
    const user: EmuUser = { id: snowflake(), username, globalName: username, bot: false, blocksDms: options.blocksDms ?? false };
    this.users.set(user.id, user);
    return user;
  }

  join(guild: EmuGuild, user: EmuUser, options: { admin?: boolean; roles?: string[] }): EmuMember {
    const base = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages;
    const member: EmuMember = { userId: user.id, roles: options.roles ?? [], nick: null, permissions: options.admin ? base | PERMISSIONS.manageGuild : base };
    guild.members.set(user.id, member);
    return member;
  }

  /** What the bot may do in a channel (a thread: in its parent): its server permissions less the channel's denials. */
  botPermissionsIn(channel: EmuChannel): bigint {
    const base = channel.parentId ? (this.channels.get(channel.parentId) as EmuChannel) : channel;
    const guild = base.guildId ? this.guilds.get(base.guildId) : undefined;
    const granted = guild?.members.get(this.bot.id)?.permissions ?? 0n;
    return granted & ~(base.botDenied ?? 0n);
  }

  threadsIn(parentId: string): EmuChannel[] {
    return [...this.channels.values()].filter((c) => c.parentId === parentId);
  }

  dmChannelFor(userId: string): EmuChannel {
    for (const channel of this.channels.values()) if (channel.type === 1 && channel.recipientId === userId) return channel;
    const channel: EmuChannel = { id: snowflake(), type: 1, recipientId: userId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  userJson(user: EmuUser): Json {
    return { id: user.id, username: user.username, global_name: user.globalName, discriminator: "0", avatar: null, bot: user.bot, flags: 0 };
  }

  memberJson(guild: EmuGuild, member: EmuMember): Json {
    const user = this.users.get(member.userId) as EmuUser;
    return {
      user: this.userJson(user),
      nick: member.nick,
      roles: member.roles,
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      permissions: String(member.permissions),
      ...(guild ? {} : {}),
    };
  }

  channelJson(channel: EmuChannel): Json {
    if (channel.type === 1) {
      const recipient = this.users.get(channel.recipientId as string) as EmuUser;
      return { id: channel.id, type: 1, recipients: [this.userJson(recipient)], last_message_id: null, flags: 0 };
    }
    if (channel.parentId) {
      return {
        id: channel.id,
        type: channel.type,
        guild_id: channel.guildId,
        parent_id: channel.parentId,
        owner_id: channel.ownerId,
        name: channel.name,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: [...this.messages.values()].filter((m) => m.channel_id === channel.id).length,
        member_count: channel.threadMembers?.size ?? 0,
        thread_metadata: {
          archived: channel.archived === true,
          auto_archive_duration: channel.autoArchiveMinutes ?? 10080,
          archive_timestamp: new Date().toISOString(),
          locked: false,
          invitable: channel.invitable !== false,
          create_timestamp: new Date().toISOString(),
        },
        flags: 0,
      };
    }
    return { id: channel.id, type: 0, guild_id: channel.guildId, name: channel.name, position: 0, permission_overwrites: [], nsfw: false, flags: 0 };
  }

  messageJson(message: EmuMessage): Json {
    return {
      id: message.id,
      type: message.interactionId ? 20 : 0,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
      author: this.userJson(this.bot),
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      flags: message.flags,
      timestamp: message.timestamp,
      edited_timestamp: message.edited_timestamp,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.attachments.map(({ data: _bytes, ...json }) => ({ ...json, proxy_url: json.url })),
      pinned: false,
    };
  }

  guildCreateJson(guild: EmuGuild): Json {
    const channels = [...this.channels.values()].filter((c) => c.guildId === guild.id).map((c) => this.channelJson(c));
    return {
      id: guild.id,
      name: guild.name,
      owner_id: guild.ownerId,
      icon: null,
      roles: guild.roles.map((r, position) => ({
        id: r.id,
        name: r.name,
        permissions: String(r.permissions),
        position,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
      channels,
      members: [this.memberJson(guild, guild.members.get(this.bot.id) as EmuMember)],
      member_count: guild.members.size,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      emojis: [],
      stickers: [],
      features: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_tier: 0,
      preferred_locale: "en-US",
      system_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    };
  }

  /** A message as a person sees it, as text: content, then each embed's parts. */
  shownText(message: EmuMessage): string {
    const parts = [message.content];
    for (const embed of message.embeds) {
      const fields = (embed.fields as { name: string; value: string }[] | undefined) ?? [];
      parts.push(String(embed.title ?? ""), String(embed.description ?? ""), ...fields.map((f) => `${f.name}: ${f.value}`));
      parts.push(String((embed.footer as Json | undefined)?.text ?? ""));
    }
    for (const row of message.components) {
      for (const component of (row.components as Json[]) ?? []) parts.push(`[${String(component.label ?? component.placeholder ?? "")}]`);
    }
    return parts.filter(Boolean).join("\n");
  }
}
