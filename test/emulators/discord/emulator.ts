import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ApiError } from "./api-error.js";
import { Gateway, PRIVILEGED_INTENTS } from "./gateway.js";
import { type EmuInteraction, InteractionFactory, type RegisteredCommand } from "./interactions.js";
import { type BucketRule, RateLimiter } from "./rate-limit.js";
import { snowflake } from "./snowflake.js";
import { ThreadRoutes } from "./threads.js";
import { type Problems, validateAutocompleteChoices, validateCommands, validateMessageBody, validateModal } from "./validate.js";
import { type EmuChannel, type EmuGuild, type EmuMessage, type EmuUser, World } from "./world.js";

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. "/channels/123/messages". */
  path: string;
  query: URLSearchParams;
  body: Json | Json[] | undefined;
  status: number;
  /** Discord's JSON error code, when the answer was an error. */
  code?: number;
  at: number;
}

export interface DiscordEmulatorOptions {
  token?: string;
  applicationId?: string;
  heartbeatIntervalMs?: number;
  /** Requests per second per bot, interaction responses excepted (Discord: 50). */
  globalPerSecond?: number;
  /** Messages per channel per window (Discord: 5 per 5 s). */
  channelMessages?: { limit: number; windowMs: number };
  /** The first response to an interaction must come within this (Discord: 3 s). */
  responseDeadlineMs?: number;
  /** Follow-ups with the interaction token work this long (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** Privileged intents switched on in the "Developer Portal" (PRIVILEGED_INTENTS bits); none by default. */
  privilegedIntents?: number;
}

interface Route {
  run: (body: unknown, query: URLSearchParams) => unknown;
  auth: boolean;
  /** Counts toward the 50 requests/s per bot. */
  global: boolean;
  bucket?: BucketRule;
  /** The route's major parameter (channel, guild, webhook): buckets are kept per value. */
  majorKey: string;
}

const EPHEMERAL = 64;

/**
 * Discord for tests: the REST routes the bot uses, a gateway on the same port, Discord's error
 * codes and limits, per-route rate-limit buckets with 429s, and a record of every request.
 */
export class DiscordEmulator extends EventEmitter {
  readonly world = new World();
  readonly requests: RecordedRequest[] = [];
  readonly interactions = new Map<string, EmuInteraction>();
  /** Interactions by token, for the webhook routes. */
  private readonly byToken = new Map<string, EmuInteraction>();
  readonly commands: RegisteredCommand[] = [];
  /** Failures to answer instead of the real thing, for fault tests (failNext). */
  private readonly faults: { match: (method: string, path: string) => boolean; status: number; left: number }[] = [];
  readonly token: string;
  readonly applicationId: string;
  private readonly http: Server;
  private readonly limiter: RateLimiter;
  private readonly factory: InteractionFactory;
  private readonly threads: ThreadRoutes;
  private readonly buckets: Record<string, BucketRule>;
  private readonly deadlineMs: number;
  private readonly tokenLifetimeMs: number;
  private gatewayServer: Gateway | undefined;
  private port = 0;

  constructor(private readonly options: DiscordEmulatorOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? "emulated.bot.token";
    this.applicationId = options.applicationId ?? this.world.bot.id;
    this.limiter = new RateLimiter({ limit: options.globalPerSecond ?? 50, windowMs: 1000 });
    const channelMessages = options.channelMessages ?? { limit: 5, windowMs: 5000 };
    this.buckets = {
      channelMessages: { name: "channel-messages", ...channelMessages },
      dm: { name: "dm-open", limit: 10, windowMs: 10_000 },
      commands: { name: "app-commands", limit: 10, windowMs: 20_000 },
      other: { name: "other", limit: 50, windowMs: 1_000 },
    };
    this.deadlineMs = options.responseDeadlineMs ?? 3_000;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
    this.factory = new InteractionFactory(this.world, this.applicationId);
    // Discord tells the bot about a thread it started, as it does with the Guilds intent.
    this.threads = new ThreadRoutes(this.world, (thread) => this.gatewayServer?.dispatch("THREAD_CREATE", thread));
    this.http = createServer((req, res) => void this.serve(req, res));
  }

  /** The REST base to give the bot (DISCORD_API_URL / the `rest.api` option). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gateway(): Gateway {
    if (!this.gatewayServer) throw new Error("Emulator not started");
    return this.gatewayServer;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as { port: number }).port;
    this.gatewayServer = new Gateway(this.http, {
      token: this.token,
      applicationId: this.applicationId,
      botUser: this.world.userJson(this.world.bot),
      guilds: () => [...this.world.guilds.values()].map((g) => ({ id: g.id, payload: this.world.guildCreateJson(g) })),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 41_250,
      privilegedIntents: this.options.privilegedIntents ?? 0,
    });
  }

  async close(): Promise<void> {
    await this.gatewayServer?.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- what tests do as people -------------------------------------------------------------

  /** Someone runs a registered slash command (`path` = subcommand words, `values` = options). */
  slashCommand(user: EmuUser, channel: EmuChannel, path: string[], values: Record<string, string | number> = {}, name = "mentor"): EmuInteraction {
    const command = this.findCommand(name, channel.guildId);
    const interaction = this.factory.base(2, user, channel, this.factory.commandData(command, path, values));
    return this.dispatch(interaction);
  }

  /** Someone types into an autocomplete option. */
  autocomplete(user: EmuUser, channel: EmuChannel, path: string[], values: Record<string, string>, focused: string, name = "mentor"): EmuInteraction {
    const command = this.findCommand(name, channel.guildId);
    return this.dispatch(this.factory.base(4, user, channel, this.factory.commandData(command, path, values, focused)));
  }

  /** Someone leaves a server: gone from it, and GUILD_MEMBER_REMOVE to sessions with the GuildMembers intent. */
  removeMember(guild: EmuGuild, user: EmuUser): void {
    guild.members.delete(user.id);
    this.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: guild.id, user: this.world.userJson(user) }, PRIVILEGED_INTENTS.guildMembers);
  }

  /** Someone presses a button on a message: it must exist there, as on Discord. */
  press(user: EmuUser, messageId: string, label: string): EmuInteraction {
    const message = this.message(messageId);
    return this.dispatch(this.factory.base(3, user, this.channel(message.channel_id), this.factory.buttonData(message, label), message));
  }

  /** Someone picks options in a select on a message. */
  select(user: EmuUser, messageId: string, customId: string, values: string[]): EmuInteraction {
    const message = this.message(messageId);
    return this.dispatch(this.factory.base(3, user, this.channel(message.channel_id), this.factory.selectData(message, customId, values), message));
  }

  /** Someone fills the modal opened in answer to `opener` (values by input custom_id) and submits. */
  submitModal(opener: EmuInteraction, values: Record<string, string | string[]>): EmuInteraction {
    if (!opener.modal) throw new Error(`Interaction ${opener.id} opened no modal`);
    return this.dispatch(this.factory.base(5, opener.user, opener.channel, this.factory.modalSubmitData(opener.modal, values), opener.sourceMessage));
  }

  dispatch(interaction: EmuInteraction): EmuInteraction {
    this.interactions.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
    this.gateway.dispatch("INTERACTION_CREATE", interaction.payload);
    return interaction;
  }

  /** Resolves when the bot has sent the interaction's first response. */
  waitForCallback(interaction: EmuInteraction, timeoutMs = 5_000): Promise<NonNullable<EmuInteraction["callback"]>> {
    return this.waitUntil(() => interaction.callback, timeoutMs, `no response to interaction ${interaction.id}`);
  }

  /** Everything the bot answered to an interaction, once its first answer is no longer "thinking…". */
  async finalResponses(interaction: EmuInteraction, timeoutMs = 5_000): Promise<EmuMessage[]> {
    await this.waitForCallback(interaction, timeoutMs);
    const settled = () => {
      const list = this.responsesTo(interaction);
      return list.length > 0 && list.every((m) => (m.flags & 128) === 0) ? list : undefined;
    };
    return this.waitUntil(settled, timeoutMs, "an answer");
  }

  /** Resolves with the first recorded request that matches, waiting for it if needed. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(match), timeoutMs, "no matching request");
  }

  async waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Discord emulator: ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Messages in a channel (ephemeral ones included), oldest first. */
  messagesIn(channelId: string): EmuMessage[] {
    return [...this.world.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Every message that answered an interaction (reply, edit, follow-ups), oldest first. */
  responsesTo(interaction: EmuInteraction): EmuMessage[] {
    return [...this.world.messages.values()].filter((m) => m.interactionId === interaction.id);
  }

  message(id: string): EmuMessage {
    const message = this.world.messages.get(id);
    if (!message) throw new Error(`No message ${id}`);
    return message;
  }

  /** The next `times` requests that match fail with `status` (a 5xx outage, say) instead of their answer. */
  failNext(match: (method: string, path: string) => boolean, status: number, times = 1): void {
    this.faults.push({ match, status, left: times });
  }

  /** Runs Discord's checks on a message body without sending it: the 50035 problems, if any. */
  check(body: Json): Problems {
    return validateMessageBody(body);
  }

  // ---- the REST server ---------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = decodeURIComponent(url.pathname).replace(/^(\/api)?\/v\d+/, "");
    const raw = await readBody(req);
    let body: Json | Json[] | undefined;
    const record: RecordedRequest = { method: req.method ?? "GET", path, query: url.searchParams, body: undefined, status: 0, at: Date.now() };
    this.requests.push(record);
    try {
      body = raw ? (JSON.parse(raw) as Json) : undefined;
      record.body = body;
      const route = this.route(record.method, path);
      if (!route) throw new ApiError(404, 0, "404: Not Found");
      if (route.auth && req.headers.authorization !== `Bot ${this.token}`) throw new ApiError(401, 0, "401: Unauthorized");
      const fault = this.faults.find((f) => f.left > 0 && f.match(record.method, path));
      if (fault) {
        fault.left--;
        throw new ApiError(fault.status, 0, `${fault.status}: injected fault`);
      }
      const decision = this.limiter.check(route.bucket, route.majorKey, route.global);
      for (const [key, value] of Object.entries(decision.headers)) res.setHeader(key, value);
      if (!decision.ok) {
        record.status = 429;
        res.writeHead(429, { "content-type": "application/json" }).end(JSON.stringify(decision.body));
        return;
      }
      const answer = await route.run(body, url.searchParams);
      record.status = answer === undefined ? 204 : 200;
      if (answer === undefined) res.writeHead(204).end();
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 0, `500: ${String(error)}`);
      record.status = apiError.status;
      record.code = apiError.code;
      const payload = apiError.body ?? { message: apiError.message, code: apiError.code };
      res.writeHead(apiError.status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    }
    this.emit("request", record);
  }

  private route(method: string, path: string): Route | undefined {
    const rest = (run: Route["run"], bucket: BucketRule | undefined = this.buckets.other, majorKey = "global"): Route => ({
      run,
      auth: true,
      global: true,
      bucket,
      majorKey,
    });
    if (method === "GET" && path === "/gateway/bot") return rest(() => this.gatewayBot());
    if (method === "GET" && path === "/users/@me") return rest(() => this.world.userJson(this.world.bot));
    if (method === "POST" && path === "/users/@me/channels") return rest((body) => this.openDm(body as Json), this.buckets.dm);
    const user = /^\/users\/(\d+)$/.exec(path);
    if (method === "GET" && user) return rest(() => this.world.userJson(this.user(user[1] as string)));
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const [, app, guildId] = commands;
      if (method === "PUT") return rest((body) => this.putCommands(app as string, guildId, body), this.buckets.commands, app);
      if (method === "GET") return rest(() => this.commands.filter((c) => c.guild_id === guildId));
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && callback) {
      const [, id, token] = callback as unknown as [string, string, string];
      // Interaction responses are outside the global limit and the bot's auth, as on Discord.
      return { run: (body, query) => this.callback(id, token, body as Json, query), auth: false, global: false, majorKey: id };
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (webhook) {
      const [, app, token, messageId] = webhook as unknown as [string, string, string, string | undefined];
      // Interaction webhooks: the token is the credential, and Discord's global limit does not apply.
      return { run: (body) => this.webhook(method, app, token, messageId, body as Json), auth: false, global: false, majorKey: token };
    }
    const messages = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
    if (messages) {
      const [, channelId, messageId] = messages as unknown as [string, string, string | undefined];
      if (method === "POST" && !messageId) return rest((body) => this.createMessage(channelId, body as Json), this.buckets.channelMessages, channelId);
      if (method === "PATCH" && messageId) return rest((body) => this.editMessage(channelId, messageId, body as Json), this.buckets.channelMessages, channelId);
      if (method === "GET" && messageId) return rest(() => this.world.messageJson(this.channelMessage(channelId, messageId)));
    }
    const threads = /^\/channels\/(\d+)\/threads$/.exec(path);
    if (method === "POST" && threads) return rest((body) => this.threads.create(threads[1] as string, body as Json), this.buckets.other, threads[1]);
    const threadMember = /^\/channels\/(\d+)\/thread-members\/(\d+)$/.exec(path);
    if (method === "PUT" && threadMember) {
      const [, threadId, userId] = threadMember as unknown as [string, string, string];
      return rest(() => this.threads.addMember(threadId, userId), this.buckets.other, threadId);
    }
    const channel = /^\/channels\/(\d+)$/.exec(path);
    if (method === "GET" && channel) return rest(() => this.world.channelJson(this.channel(channel[1] as string)));
    const member = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path);
    if (method === "GET" && member) return rest(() => this.guildMember(member[1] as string, member[2] as string));
    return undefined;
  }

  private guildMember(guildId: string, userId: string): Json {
    const guild = this.guild(guildId);
    const member = guild.members.get(userId);
    if (!member) throw new ApiError(404, 10007, "Unknown Member");
    const { permissions: _computed, ...json } = this.world.memberJson(guild, member);
    return json;
  }

  private gatewayBot(): Json {
    return {
      url: `ws://127.0.0.1:${this.port}`,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    };
  }

  private openDm(body: Json): Json {
    const recipient = this.user(String(body?.recipient_id ?? ""));
    if (recipient.bot) throw new ApiError(400, 50007, "Cannot send messages to this user");
    return this.world.channelJson(this.world.dmChannelFor(recipient.id));
  }

  private putCommands(app: string, guildId: string | undefined, body: unknown): Json[] {
    if (app !== this.applicationId) throw new ApiError(403, 50001, "Missing Access");
    if (guildId) this.guild(guildId);
    this.reject(validateCommands(body));
    const list = body as Json[];
    for (let i = this.commands.length - 1; i >= 0; i--) if (this.commands[i]?.guild_id === guildId) this.commands.splice(i, 1);
    for (const command of list) {
      const stored = {
        ...command,
        id: snowflake(),
        application_id: app,
        type: Number(command.type ?? 1),
        version: snowflake(),
      } as unknown as RegisteredCommand;
      if (guildId) stored.guild_id = guildId;
      this.commands.push(stored);
    }
    return this.commands.filter((c) => c.guild_id === guildId);
  }

  private callback(id: string, token: string, body: Json, query: URLSearchParams): Json | undefined {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) throw new ApiError(404, 10062, "Unknown interaction");
    if (interaction.callback) throw new ApiError(400, 40060, "Interaction has already been acknowledged.");
    if (Date.now() - interaction.dispatchedAt > this.deadlineMs) throw new ApiError(404, 10062, "Unknown interaction");
    const type = Number(body?.type);
    const data = (body?.data ?? {}) as Json;
    const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
    if (!allowed[interaction.type]?.includes(type)) throw new ApiError(400, 40043, "Interaction response type is not valid for this interaction");
    let message: EmuMessage | undefined;
    if (type === 4 || type === 5) {
      if (type === 4) this.reject(validateMessageBody(data));
      message = this.store(interaction.channel, data, { interaction, deferred: type === 5 });
      interaction.originalMessageId = message.id;
    } else if (type === 7) {
      this.reject(validateMessageBody(data));
      const source = interaction.sourceMessage;
      if (!source) throw new ApiError(400, 40043, "Interaction response type is not valid for this interaction");
      Object.assign(source, pickMessage(data, source), { edited_timestamp: new Date().toISOString() });
      interaction.originalMessageId = source.id;
    } else if (type === 9) {
      this.reject(validateModal(data));
      interaction.modal = data;
    } else if (type === 8) {
      this.reject(validateAutocompleteChoices(data));
    }
    interaction.callback = { type, at: Date.now(), perf: performance.now(), body };
    this.emit("callback", interaction);
    if (query.get("with_response") !== "true") return undefined;
    return {
      interaction: {
        id,
        type: interaction.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: Boolean((message?.flags ?? 0) & EPHEMERAL),
      },
      resource: message ? { type, message: this.world.messageJson(message) } : { type },
    };
  }

  /**
   * An interaction's webhook: follow-ups (POST) and its messages (@original or a follow-up's id).
   * As on Discord: a token of another application, one never issued or not yet acknowledged is
   * 10015 Unknown Webhook; after the token's 15 minutes it is 401 with 50027.
   */
  private webhook(method: string, app: string, token: string, messageId: string | undefined, body: Json): Json | undefined {
    const interaction = this.byToken.get(token);
    if (!interaction || app !== this.applicationId || !interaction.callback) throw new ApiError(404, 10015, "Unknown Webhook");
    if (Date.now() - interaction.dispatchedAt > this.tokenLifetimeMs) throw new ApiError(401, 50027, "Invalid Webhook Token");
    if (method === "POST" && !messageId) {
      this.reject(validateMessageBody(body));
      return this.world.messageJson(this.store(interaction.channel, body, { interaction, deferred: false }));
    }
    const id = messageId === "@original" ? interaction.originalMessageId : messageId;
    const message = id ? this.world.messages.get(id) : undefined;
    if (!message || message.interactionId !== interaction.id) throw new ApiError(404, 10008, "Unknown Message");
    if (method === "PATCH") {
      this.reject(validateMessageBody(body));
      Object.assign(message, pickMessage(body, message), { edited_timestamp: new Date().toISOString() });
      return this.world.messageJson(message);
    }
    if (method === "DELETE") {
      this.world.messages.delete(message.id);
      return undefined;
    }
    if (method === "GET") return this.world.messageJson(message);
    throw new ApiError(405, 0, "405: Method Not Allowed");
  }

  private createMessage(channelId: string, body: Json): Json {
    const channel = this.channel(channelId);
    if (channel.botHasNoAccess) throw new ApiError(403, 50001, "Missing Access");
    if (channel.type === 1 && this.user(channel.recipientId as string).blocksDms) throw new ApiError(403, 50007, "Cannot send messages to this user");
    if (channel.parentId) this.threads.checkPost(channel);
    this.reject(validateMessageBody(body));
    return this.world.messageJson(this.store(channel, body, {}));
  }

  private editMessage(channelId: string, messageId: string, body: Json): Json {
    const message = this.channelMessage(channelId, messageId);
    this.reject(validateMessageBody(body));
    Object.assign(message, pickMessage(body, message), { edited_timestamp: new Date().toISOString() });
    return this.world.messageJson(message);
  }

  private store(channel: EmuChannel, body: Json, origin: { interaction?: EmuInteraction; deferred?: boolean }): EmuMessage {
    const empty = !body?.content && !(body?.embeds as unknown[])?.length && !(body?.components as unknown[])?.length;
    if (empty && !origin.deferred) throw new ApiError(400, 50006, "Cannot send an empty message");
    const flags = Number(body?.flags ?? 0);
    const message: EmuMessage = {
      id: snowflake(),
      channel_id: channel.id,
      content: String(body?.content ?? ""),
      embeds: (body?.embeds as Json[]) ?? [],
      components: (body?.components as Json[]) ?? [],
      flags: origin.deferred ? flags | 128 : flags,
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

  private reject(problems: Problems): void {
    if (problems.list.length > 0) throw new ApiError(400, 50035, "Invalid Form Body", problems.toBody());
  }

  private findCommand(name: string, guildId: string | undefined): RegisteredCommand {
    const command = this.commands.find((c) => c.name === name && (c.guild_id === undefined || c.guild_id === guildId));
    if (!command) throw new Error(`Command /${name} is not registered (globally or for this guild)`);
    return command;
  }

  private user(id: string): EmuUser {
    const user = this.world.users.get(id);
    if (!user) throw new ApiError(404, 10013, "Unknown User");
    return user;
  }

  private guild(id: string): EmuGuild {
    const guild = this.world.guilds.get(id);
    if (!guild) throw new ApiError(404, 10004, "Unknown Guild");
    return guild;
  }

  private channel(id: string): EmuChannel {
    const channel = this.world.channels.get(id);
    if (!channel) throw new ApiError(404, 10003, "Unknown Channel");
    return channel;
  }

  private channelMessage(channelId: string, messageId: string): EmuMessage {
    this.channel(channelId);
    const message = this.world.messages.get(messageId);
    if (!message || message.channel_id !== channelId) throw new ApiError(404, 10008, "Unknown Message");
    return message;
  }
}

/** The editable parts of a message body; a deferred "thinking" message loses its loading flag. */
function pickMessage(body: Json, current: EmuMessage): Partial<EmuMessage> {
  const next: Partial<EmuMessage> = { flags: current.flags & ~128 };
  if (body.content !== undefined) next.content = String(body.content ?? "");
  if (body.embeds !== undefined) next.embeds = (body.embeds as Json[]) ?? [];
  if (body.components !== undefined) next.components = (body.components as Json[]) ?? [];
  if (body.allowed_mentions !== undefined) next.allowed_mentions = body.allowed_mentions as Json;
  return next;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
