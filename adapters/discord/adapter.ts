import { once } from "node:events";
import {
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  type RateLimitData,
  REST,
  type RESTPostAPIChannelThreadsJSONBody,
  Routes,
  ThreadAutoArchiveDuration,
} from "discord.js";
import type { ChatAdapter, EventSink, HandedOffInteraction, OutboundLimits, PlatformUnavailableError, UserProfile } from "../../src/core/adapter.js";
import type { AdapterPorts } from "../../src/core/adapter-ports.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import type { Message } from "../../src/core/message.js";
import type { ConversationRef, MessageRef, UserRef } from "../../src/core/refs.js";
import { applicationCommands } from "./commands.js";
import { describeTarget } from "./describe.js";
import { delivering } from "./errors.js";
import { GatewayWatch } from "./gateway-watch.js";
import { discordRestAgent } from "./http-agent.js";
import { guardInteractionPayloads } from "./interaction-guard.js";
import { inviteUrl } from "./invite.js";
import { explainDisallowedIntents, forwardMemberLeaves, MEMBER_EVENTS } from "./members.js";
import { isInteractionCallback, watchCallbackLimits } from "./patience.js";
import { InteractionReceiver } from "./receive.js";
import { channelRef, type DiscordTarget, dmRef, guildLink, PLATFORM, parseConversation, parseUser } from "./refs.js";
import { type DiscordPayload, type RenderOptions, renderMessage } from "./render.js";
import { resumeInteraction } from "./resume.js";

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base (the emulator's in tests); requests go to `${apiUrl}/v10/...`. */
  apiUrl?: string;
  /** Register commands for this server only (instant) instead of globally. */
  guildId?: string;
  adminRole?: string;
  /** Retire members who leave a server: needs the privileged GuildMembers intent (members.ts). */
  memberEvents?: boolean;
  /** The first wait before an interaction's webhook answer is sent again after a 5xx; it doubles each time (patience.ts). */
  webhookRetryMs?: number;
  /** The logger, the command list, autocomplete's catalogs and refused-DM notices. */
  ports: AdapterPorts;
}

/**
 * Slash commands, buttons and modals need no privileged intent: Guilds (servers and channels
 * in the cache, so interactions resolve their server) and DirectMessages (DM channels) suffice.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages];

/** Discord's longest thread name. */
const THREAD_NAME_MAX = 100;

/** @discordjs/rest waits out short rate limits itself; longer ones go back to the job queue. */
const MAX_INLINE_RATE_WAIT_MS = 2_000;

/**
 * Discord through discord.js: the gateway carries interactions in, REST carries messages out.
 * post/update/openDM/getUser use REST only, so a worker that never logs in can send.
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  /** About Discord's 5 messages per 5 s per channel and 50 requests/s per bot, with room to spare. */
  readonly outboundLimits: OutboundLimits = {
    perConversation: { rate: 5, perMs: 5_000, burst: 4 },
    perWorkspace: { rate: 40, perMs: 1_000, burst: 10 },
  };
  readonly client: Client;
  /**
   * For interaction webhooks, which Discord keeps outside the bot's global limit: their own
   * client, so @discordjs/rest's 50 requests/s for the bot does not queue a worker's answers.
   */
  private readonly webhooks: REST;
  private readonly gateway: GatewayWatch;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.client = new Client({
      intents: options.memberEvents ? [...INTENTS, ...MEMBER_EVENTS.intents] : INTENTS,
      partials: options.memberEvents ? [...MEMBER_EVENTS.partials] : [],
      // One process runs every shard Discord recommends; past ~2,500 servers per shard see README.
      shards: "auto",
      allowedMentions: { parse: ["users"] },
      rest: {
        ...(options.apiUrl ? { api: options.apiUrl } : {}),
        agent: discordRestAgent(),
        // An interaction's first response is waited out against its 3 s window by the responder (patience.ts).
        rejectOnRateLimit: (data: RateLimitData) => isInteractionCallback(data.url) || data.timeToReset > MAX_INLINE_RATE_WAIT_MS,
      },
    });
    this.client.rest.setToken(options.token);
    watchCallbackLimits(this.client.rest);
    this.gateway = new GatewayWatch(this.client, options.ports.logger);
    // No retries of its own: webhook answers back off through 5xx for as long as the token lives (patience.ts).
    this.webhooks = new REST({
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      agent: discordRestAgent(),
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
      retries: 0,
    });
  }

  private get rest() {
    return this.client.rest;
  }

  /** Throws once the gateway closed for good (readiness). */
  checkAlive(): void {
    if (this.gateway.failed) throw this.gateway.failed;
  }

  onFatal(listener: (error: PlatformUnavailableError) => void): void {
    this.gateway.onFatal(listener);
  }

  async start(sink: EventSink): Promise<void> {
    const receiver = new InteractionReceiver({
      sink,
      ports: this.options.ports,
      adminRole: this.options.adminRole,
      firstRetryMs: this.options.webhookRetryMs,
    });
    guardInteractionPayloads(this.client, this.options.ports.logger);
    this.client.on(Events.InteractionCreate, (interaction) => void receiver.handle(interaction));
    this.client.on(Events.Error, (error) => this.options.ports.logger.error({ err: error }, "discord client error"));
    if (this.options.memberEvents) forwardMemberLeaves(this.client, sink, this.options.ports.logger);
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(this.options.token).catch((error: unknown) => {
      throw explainDisallowedIntents(error);
    });
    await Promise.race([ready, this.gateway.fatal()]);
    const servers = this.client.guilds.cache.size;
    this.options.ports.logger.info({ servers, user: this.client.user?.tag }, "discord connected");
    if (servers === 0) {
      this.options.ports.logger.warn(`The bot is in no Discord server yet. Invite it with: ${inviteUrl(this.options.applicationId)}`);
    }
  }

  async stop(): Promise<void> {
    this.client.removeAllListeners(Events.InteractionCreate);
    this.client.removeAllListeners(Events.GuildMemberRemove);
    await this.client.destroy();
  }

  async post(to: ConversationRef, message: Message): Promise<MessageRef> {
    const target = parseConversation(to);
    const parts = renderMessage(message, this.renderOptions(target));
    let last: APIMessage | undefined;
    for (const { files, ...body } of parts) {
      last = await delivering(() => this.rest.post(Routes.channelMessages(target.channelId), { body, ...(files ? { files } : {}) }) as Promise<APIMessage>);
    }
    // The last part carries the buttons, so a press on them names this ref as its source.
    return { conversation: to, id: (last as APIMessage).id };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const target = parseConversation(ref.conversation);
    const parts = renderMessage(message, this.renderOptions(target));
    if (parts.length > 1) throw new Error(`An update must fit one Discord message; this one needs ${parts.length}`);
    const { files, ...body } = parts[0] as DiscordPayload;
    await delivering(() => this.rest.patch(Routes.channelMessage(target.channelId, ref.id), { body, ...(files ? { files } : {}) }));
  }

  /** A DM's embeds link to their server; command lines follow the registered layout. */
  private renderOptions(target: DiscordTarget): RenderOptions {
    const commands = this.options.ports.commands();
    return target.dmUserId ? { serverLink: guildLink(target.guildId), commands } : { commands };
  }

  /** In a worker: finishes an interaction a web process acknowledged (receive.ts), answering through its webhook. */
  resumeInteraction(interaction: HandedOffInteraction, sink: EventSink): Promise<void> {
    const rest = { webhooks: this.webhooks, bot: this.rest };
    return resumeInteraction(interaction, { sink, rest, ports: this.options.ports, firstRetryMs: this.options.webhookRetryMs });
  }

  async openDM(user: UserRef): Promise<ConversationRef> {
    const { guildId, userId } = parseUser(user);
    const channel = await delivering(() => this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<APIChannel>);
    return dmRef(guildId, userId, channel.id);
  }

  /**
   * A private thread, invitable: false so that only moderators add anyone else. Needs Create
   * Private Threads in the channel; posting and adding people need Send Messages in Threads.
   */
  async openPrivateThread(channel: ConversationRef, name: string): Promise<ConversationRef> {
    const target = parseConversation(channel);
    if (target.dmUserId) throw new Error(`A private thread opens in a server channel, not in a DM: ${channel}`);
    const body: RESTPostAPIChannelThreadsJSONBody = {
      name: name.slice(0, THREAD_NAME_MAX),
      type: ChannelType.PrivateThread,
      invitable: false,
      auto_archive_duration: ThreadAutoArchiveDuration.OneWeek,
    };
    const thread = await delivering(() => this.rest.post(Routes.threads(target.channelId), { body }) as Promise<APIThreadChannel>);
    return channelRef(target.guildId, thread.id);
  }

  /** PUT thread-members answers 204 for someone already in the thread, so adding again is harmless. */
  async addToThread(thread: ConversationRef, users: UserRef[]): Promise<void> {
    const { channelId } = parseConversation(thread);
    for (const user of users) {
      const { userId } = parseUser(user);
      await delivering(() => this.rest.put(Routes.threadMembers(channelId, userId)));
    }
  }

  async getUser(user: UserRef): Promise<UserProfile> {
    const { guildId, userId } = parseUser(user);
    const member = await delivering(() => this.rest.get(Routes.guildMember(guildId, userId)) as Promise<APIGuildMember>).catch(() => undefined);
    const account = member?.user ?? (await delivering(() => this.rest.get(Routes.user(userId)) as Promise<APIUser>));
    // Discord does not tell a person's timezone: the profile form asks for it.
    return { user, displayName: member?.nick || account.global_name || account.username, isBot: account.bot === true };
  }

  describeTarget(ref: string): Promise<string> {
    return describeTarget(this.rest, async (user) => (await this.getUser(user)).displayName, ref);
  }

  /** `/mentor` and its subcommands, for one server (DISCORD_GUILD_ID) or globally. */
  async syncCommands(commands: CommandDefinitionSummary[]): Promise<void> {
    const { applicationId, guildId } = this.options;
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    await this.rest.put(route, { body: applicationCommands(commands) });
  }
}
