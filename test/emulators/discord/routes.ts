import { ApiError, rejectInvalid } from "./api-error.js";
import type { InteractionRoutes } from "./interaction-routes.js";
import type { RegisteredCommand } from "./interactions.js";
import { channelById, guildById, messageInChannel, userById } from "./lookups.js";
import type { MessageRoutes } from "./messages.js";
import type { BucketRule } from "./rate-limit.js";
import { snowflake } from "./snowflake.js";
import type { ThreadRoutes } from "./threads.js";
import type { Upload } from "./uploads.js";
import { validateCommands } from "./validate.js";
import type { World } from "./world.js";

type Json = Record<string, unknown>;

export interface Route {
  run: (body: unknown, query: URLSearchParams, uploads: Upload[]) => unknown;
  auth: boolean;
  /** Counts toward the 50 requests/s per bot. */
  global: boolean;
  bucket?: BucketRule;
  /** The route's major parameter (channel, guild, webhook): buckets are kept per value. */
  majorKey: string;
}

export interface RestRouteParts {
  world: World;
  applicationId: string;
  /** The registered application commands, global and per guild; PUT replaces them. */
  commands: RegisteredCommand[];
  messages: MessageRoutes;
  interactions: InteractionRoutes;
  threads: ThreadRoutes;
  /** Messages per channel per window. */
  channelMessages: { limit: number; windowMs: number };
  /** The gateway's address, for GET /gateway/bot. */
  gatewayUrl: () => string;
}

/** Which handler answers a method and path, with the auth, global limit and bucket Discord applies to it. */
export class RestRoutes {
  private readonly buckets: Record<string, BucketRule>;

  constructor(private readonly parts: RestRouteParts) {
    this.buckets = {
      channelMessages: { name: "channel-messages", ...parts.channelMessages },
      dm: { name: "dm-open", limit: 10, windowMs: 10_000 },
      commands: { name: "app-commands", limit: 10, windowMs: 20_000 },
      other: { name: "other", limit: 50, windowMs: 1_000 },
    };
  }

  find(method: string, path: string): Route | undefined {
    const { world, messages, interactions, threads } = this.parts;
    const rest = (run: Route["run"], bucket: BucketRule | undefined = this.buckets.other, majorKey = "global"): Route => ({
      run,
      auth: true,
      global: true,
      bucket,
      majorKey,
    });
    if (method === "GET" && path === "/gateway/bot") return rest(() => this.gatewayBot());
    if (method === "GET" && path === "/users/@me") return rest(() => world.userJson(world.bot));
    if (method === "POST" && path === "/users/@me/channels") return rest((body) => this.openDm(body as Json), this.buckets.dm);
    const user = /^\/users\/(\d+)$/.exec(path);
    if (method === "GET" && user) return rest(() => world.userJson(userById(world, user[1] as string)));
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const [, app, guildId] = commands;
      if (method === "PUT") return rest((body) => this.putCommands(app as string, guildId, body), this.buckets.commands, app);
      if (method === "GET") return rest(() => this.parts.commands.filter((c) => c.guild_id === guildId));
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && callback) {
      const [, id, token] = callback as unknown as [string, string, string];
      // Interaction responses are outside the global limit and the bot's auth, as on Discord.
      return { run: (body, query, uploads) => interactions.callback(id, token, body as Json, query, uploads), auth: false, global: false, majorKey: id };
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (webhook) {
      const [, app, token, messageId] = webhook as unknown as [string, string, string, string | undefined];
      // Interaction webhooks: the token is the credential, and Discord's global limit does not apply.
      return {
        run: (body, _query, uploads) => interactions.webhook(method, app, token, messageId, body as Json, uploads),
        auth: false,
        global: false,
        majorKey: token,
      };
    }
    const channelMessages = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
    if (channelMessages) {
      const [, channelId, messageId] = channelMessages as unknown as [string, string, string | undefined];
      if (method === "POST" && !messageId)
        return rest((body, _query, uploads) => messages.create(channelId, body as Json, uploads), this.buckets.channelMessages, channelId);
      if (method === "PATCH" && messageId)
        return rest((body, _query, uploads) => messages.edit(channelId, messageId, body as Json, uploads), this.buckets.channelMessages, channelId);
      if (method === "GET" && messageId) return rest(() => world.messageJson(messageInChannel(world, channelId, messageId)));
    }
    const threadsIn = /^\/channels\/(\d+)\/threads$/.exec(path);
    if (method === "POST" && threadsIn) return rest((body) => threads.create(threadsIn[1] as string, body as Json), this.buckets.other, threadsIn[1]);
    const threadMember = /^\/channels\/(\d+)\/thread-members\/(\d+)$/.exec(path);
    if (method === "PUT" && threadMember) {
      const [, threadId, userId] = threadMember as unknown as [string, string, string];
      return rest(() => threads.addMember(threadId, userId), this.buckets.other, threadId);
    }
    const channel = /^\/channels\/(\d+)$/.exec(path);
    if (method === "GET" && channel) return rest(() => world.channelJson(channelById(world, channel[1] as string)));
    const member = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path);
    if (method === "GET" && member) return rest(() => this.guildMember(member[1] as string, member[2] as string));
    return undefined;
  }

  private guildMember(guildId: string, userId: string): Json {
    const guild = guildById(this.parts.world, guildId);
    const member = guild.members.get(userId);
    if (!member) throw new ApiError(404, 10007, "Unknown Member");
    const { permissions: _computed, ...json } = this.parts.world.memberJson(guild, member);
    return json;
  }

  private gatewayBot(): Json {
    return {
      url: this.parts.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    };
  }

  private openDm(body: Json): Json {
    const recipient = userById(this.parts.world, String(body?.recipient_id ?? ""));
    if (recipient.bot) throw new ApiError(400, 50007, "Cannot send messages to this user");
    return this.parts.world.channelJson(this.parts.world.dmChannelFor(recipient.id));
  }

  private putCommands(app: string, guildId: string | undefined, body: unknown): Json[] {
    const { commands } = this.parts;
    if (app !== this.parts.applicationId) throw new ApiError(403, 50001, "Missing Access");
    if (guildId) guildById(this.parts.world, guildId);
    rejectInvalid(validateCommands(body));
    for (let i = commands.length - 1; i >= 0; i--) if (commands[i]?.guild_id === guildId) commands.splice(i, 1);
    for (const command of body as Json[]) {
      const stored = {
        ...command,
        id: snowflake(),
        application_id: app,
        type: Number(command.type ?? 1),
        version: snowflake(),
      } as unknown as RegisteredCommand;
      if (guildId) stored.guild_id = guildId;
      commands.push(stored);
    }
    return commands.filter((c) => c.guild_id === guildId);
  }
}
