import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Surface, validateBlocks } from "./block-kit.js";
import { SlackFiles, type StoredFile } from "./files.js";
import { type OAuthOptions, SlackOAuth } from "./oauth.js";
import { SlackOpenId } from "./openid.js";
import { type PostStats, PostTally } from "./post-tally.js";
import { Buckets, DEFAULT_LIMITS, METHOD_TIERS, type SlackLimits } from "./rate-limits.js";
import { ResponseUrls } from "./response-urls.js";
import { METHOD_SCOPES, type TokenGrant } from "./scopes.js";
import { SocketModeHub } from "./socket-hub.js";
import { SlackViews, type StoredView } from "./views.js";
import { type Answer, bearer, fail, ok, type Params, parseJsonParam, parseParams, rateLimited, readBytes, reply, str } from "./wire.js";

/**
 * A stand-in for slack.com: the Web API methods the bot calls (at /api/METHOD), response_url
 * endpoints, the OAuth consent redirect and token exchange, and the Socket Mode WebSocket.
 * It answers as Slack does: `ok:false` with Slack's error codes (HTTP 200), `invalid_blocks`
 * for any block that breaks Block Kit's limits, and 429 with Retry-After over a rate limit.
 * Everything is recorded for assertions.
 */
export interface EmulatedUser {
  id: string;
  name: string;
  tz: string;
  isAdmin?: boolean;
  isBot?: boolean;
  /**
   * Slack Connect: the person belongs to another organisation's team and is seen here through a
   * shared channel. users.info names their own team, and `is_admin` is about that team.
   */
  homeTeam?: string;
}

export interface EmulatorOptions extends OAuthOptions {
  limits?: Partial<SlackLimits>;
  /** App-level token for apps.connections.open (Socket Mode). */
  appToken?: string;
  /** Monotonic ms for the rate-limit buckets; tests may drive it by hand. */
  clock?: () => number;
}

export interface RecordedCall {
  /** Epoch ms with sub-ms precision, comparable across threads. */
  at: number;
  method: string;
  team?: string;
  /** For a response_url call, the URL's path: which click it answers. */
  path?: string;
  params: Record<string, unknown>;
  status: number;
  ok: boolean;
  error?: string;
  problems?: string[];
}

export interface StoredMessage {
  team: string;
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** Set for ephemeral messages: only this user sees them. */
  visibleTo?: string;
  /** Ids of the files a file share message carries (see `files`). */
  files?: string[];
  threadTs?: string;
}

export class SlackEmulator {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly socket = new SocketModeHub();
  readonly files = new SlackFiles(() => this.base);
  private readonly limits: SlackLimits;
  private readonly buckets = new Buckets();
  private readonly tally = new PostTally();
  private readonly clock: () => number;
  private readonly tokens = new Map<string, TokenGrant>();
  private readonly oauth: SlackOAuth;
  /** "Sign in with Slack" (OpenID Connect): set `openId.signedIn` to the browser's Slack user. */
  readonly openId: SlackOpenId;
  private readonly users = new Map<string, EmulatedUser>();
  private readonly channels = new Map<string, "open" | "archived">();
  private readonly channelNames = new Map<string, string>();
  private readonly views = new SlackViews((team, user) => this.users.has(`${team}:${user}`));
  private readonly responseUrls = new ResponseUrls(this);
  private server: Server | undefined;
  private base = "";
  private lastTs = 0;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock ?? (() => performance.now());
    this.oauth = new SlackOAuth(options, this.tokens);
    this.openId = new SlackOpenId(options.clientId, options.clientSecret, () => this.base);
  }

  /** Starts on a free port; resolves to the Web API base URL ("http://127.0.0.1:PORT/api/"). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => reply(res, { status: 500, body: { ok: false, error: "internal_error", detail: String(error) } }));
    });
    this.socket.attach(this.server);
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiUrl;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  get origin(): string {
    return this.base;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // --- world setup -------------------------------------------------------------------------

  /** A workspace with the app installed; `scopes` limits what its token may do (default: everything). */
  addWorkspace(team: string, botToken: string, scopes?: string[]): void {
    this.tokens.set(botToken, scopes ? { team, scopes } : { team });
  }

  addUser(team: string, user: EmulatedUser): void {
    this.users.set(`${team}:${user.id}`, user);
  }

  addChannel(team: string, channel: string, name?: string): void {
    this.channels.set(`${team}:${channel}`, "open");
    if (name) this.channelNames.set(`${team}:${channel}`, name);
  }

  archiveChannel(team: string, channel: string): void {
    this.channels.set(`${team}:${channel}`, "archived");
  }

  /** Every token of a workspace stops working (the app was uninstalled). */
  revokeWorkspace(team: string): void {
    for (const [token, owner] of this.tokens) if (owner.team === team) this.tokens.delete(token);
  }

  /** A token-rotating installation made before the test: see SlackOAuth.rotatingGrant. */
  rotatingGrant(team: string, lifetimeSeconds: number): { token: string; refreshToken: string; expiresAt: number } {
    return this.oauth.rotatingGrant(team, lifetimeSeconds);
  }

  /** Lets the person with this id consent to an install into `team` on the next authorize visit. */
  prepareInstall(team: string, installer: string): void {
    this.oauth.prepareInstall(team, installer);
  }

  /** The redirect URL set in the app's settings, used when the install link names none. */
  set appRedirectUrl(url: string | undefined) {
    this.oauth.appRedirectUrl = url;
  }

  // --- what interactions need: trigger ids and response URLs ------------------------------

  newTrigger(team: string, user: string): string {
    return this.views.newTrigger(team, user);
  }

  newResponseUrl(team: string, channel: string, user: string, messageTs?: string): string {
    return this.responseUrls.create(this.base, team, channel, user, messageTs);
  }

  // --- reading the world ----------------------------------------------------------------------

  /** Someone deletes a message in the Slack client: later calls naming it get message_not_found. */
  deleteMessage(team: string, channel: string, ts: string): void {
    const index = this.messages.findIndex((m) => m.team === team && m.channel === channel && m.ts === ts);
    if (index < 0) throw new Error(`No message ${ts} in ${channel}`);
    this.messages.splice(index, 1);
  }

  messagesIn(team: string, channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.team === team && m.channel === channel);
  }

  message(team: string, channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.team === team && m.channel === channel && m.ts === ts);
  }

  openModal(team: string, user: string): StoredView | undefined {
    return this.views.openModal(team, user);
  }

  closeModal(id: string): void {
    this.views.closeModal(id);
  }

  /** Published App Home views, by "team:user". */
  get homes(): ReadonlyMap<string, StoredView> {
    return this.views.homes;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Files uploaded through the three upload steps, with their bytes once they arrived. */
  uploads(team?: string): StoredFile[] {
    return this.files.all.filter((f) => team === undefined || f.team === team);
  }

  /** chat.postMessage outcomes and refusals so far (cheap: counted as calls arrive). */
  get postStats(): PostStats {
    return this.tally.stats;
  }

  // --- HTTP ------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    const bytes = await readBytes(req);
    if (url.pathname.startsWith("/upload/v1/")) return reply(res, await this.files.receive(url.pathname.slice(11), req.headers["content-type"], bytes));
    const raw = bytes.toString("utf8");
    if (url.pathname.startsWith("/api/")) return reply(res, this.api(url.pathname.slice(5), req, parseParams(req.headers["content-type"], raw, url)));
    if (url.pathname.startsWith("/respond/")) {
      const call: RecordedCall = { at: epochNow(), method: "response_url", params: {}, path: url.pathname, status: 200, ok: false };
      this.calls.push(call);
      return reply(res, this.responseUrls.respond(url.pathname.slice(9), raw, call));
    }
    if (url.pathname === "/oauth/v2/authorize") return this.oauth.authorize(url, res);
    if (url.pathname === "/.well-known/openid-configuration") return reply(res, this.openId.discovery());
    if (url.pathname === "/openid/connect/keys") return reply(res, this.openId.keys());
    if (url.pathname === "/openid/connect/authorize") return this.openId.authorize(url, res);
    reply(res, { status: 404, body: { ok: false, error: "not_found" } });
  }

  private api(method: string, req: IncomingMessage, params: Params): Answer {
    const call: RecordedCall = { at: epochNow(), method, params, status: 200, ok: false };
    const answer = this.answer(method, req, params, call);
    call.status = answer.status;
    if (typeof answer.body === "object") {
      call.ok = answer.body.ok === true;
      if (!call.ok) call.error = String(answer.body.error);
    }
    this.calls.push(call);
    this.tally.record(call);
    return answer;
  }

  private answer(method: string, req: IncomingMessage, params: Params, call: RecordedCall): Answer {
    if (method === "oauth.v2.access") return this.oauth.access(req, params);
    if (method === "openid.connect.token") return this.openId.token(req, params);
    const token = bearer(req.headers.authorization) ?? str(params.token);
    if (method === "apps.connections.open") {
      if (!token || token !== this.options.appToken) return fail("invalid_auth");
      return ok({ url: this.socket.url(this.base) });
    }
    if (!token) return fail("not_authed");
    const owner = this.tokens.get(token);
    if (!owner) return fail("invalid_auth");
    if (owner.expiresAt !== undefined && owner.expiresAt < Date.now()) return fail("token_expired");
    const team = owner.team;
    call.team = team;
    const needed = METHOD_SCOPES[method];
    if (needed && owner.scopes && !owner.scopes.includes(needed)) return fail("missing_scope", { needed, provided: owner.scopes.join(",") });
    const tier = METHOD_TIERS[method];
    if (tier) {
      const limit = { perSecond: tier.perSecond * this.limits.tierScale, burst: Math.ceil(tier.burst * this.limits.tierScale) };
      const wait = this.buckets.wait([{ key: `${team}:${method}`, limit }], this.clock());
      if (wait > 0) return rateLimited(wait);
    }
    switch (method) {
      case "auth.test":
        return ok({ url: `https://${team.toLowerCase()}.slack.com/`, team: team, team_id: team, user: "mentor", user_id: `UBOT${team}`, bot_id: `B${team}` });
      case "chat.postMessage":
        return this.postMessage(team, params, call);
      case "chat.update":
        return this.update(team, params, call);
      case "chat.postEphemeral":
        return this.postEphemeral(team, params, call);
      case "conversations.open":
        return this.openConversation(team, params);
      case "users.info":
        return this.userInfo(team, params);
      case "conversations.info":
        return this.conversationInfo(team, params, owner.scopes);
      case "views.open":
        return this.views.open(team, params, (problems) => {
          call.problems = problems;
        });
      case "views.publish":
        return this.views.publish(team, params, (problems) => {
          call.problems = problems;
        });
      case "files.getUploadURLExternal":
        return this.files.uploadUrl(team, params);
      case "files.completeUploadExternal":
        return this.files.complete(
          team,
          params,
          (channel) => this.channelProblem(team, channel),
          (channel, files, text, threadTs) => {
            const stored = this.store(team, channel, { text });
            stored.files = files.map((f) => f.id);
            if (threadTs) stored.threadTs = threadTs;
          },
        );
      default:
        return { status: 404, body: { ok: false, error: "unknown_method" } };
    }
  }

  private channelProblem(team: string, channel: string | undefined): string | undefined {
    if (!channel) return "channel_not_found";
    const state = this.channels.get(`${team}:${channel}`);
    if (state === undefined) return "channel_not_found";
    if (state === "archived") return "is_archived";
    return undefined;
  }

  private blocksProblem(params: Params, surface: Surface, call: RecordedCall): Answer | undefined {
    const text = str(params.text);
    const blocks = parseJsonParam(params.blocks);
    if (!text && blocks === undefined) return fail("no_text");
    if (text && text.length > 40_000) return fail("msg_too_long");
    if (blocks === undefined) return undefined;
    const problems = validateBlocks(blocks, surface);
    if (problems.length === 0) return undefined;
    call.problems = problems;
    return { status: 200, body: { ok: false, error: "invalid_blocks", errors: problems } };
  }

  private postMessage(team: string, params: Params, call: RecordedCall): Answer {
    const channel = str(params.channel);
    const problem = this.channelProblem(team, channel);
    if (problem) return fail(problem);
    const invalid = this.blocksProblem(params, "message", call);
    if (invalid) return invalid;
    const wait = this.buckets.wait(
      [
        { key: `post:${team}:${channel}`, limit: this.limits.perChannel },
        { key: `post:${team}`, limit: this.limits.perWorkspace },
      ],
      this.clock(),
    );
    if (wait > 0) return rateLimited(wait);
    const stored = this.store(team, channel as string, params);
    return ok({ channel, ts: stored.ts, message: { text: stored.text, ts: stored.ts } });
  }

  private update(team: string, params: Params, call: RecordedCall): Answer {
    const channel = str(params.channel);
    const problem = this.channelProblem(team, channel);
    if (problem) return fail(problem);
    const stored = this.message(team, channel as string, str(params.ts) ?? "");
    if (!stored || stored.visibleTo) return fail("message_not_found");
    const invalid = this.blocksProblem(params, "message", call);
    if (invalid) return invalid;
    stored.text = str(params.text) ?? stored.text;
    stored.blocks = (parseJsonParam(params.blocks) as unknown[] | undefined) ?? stored.blocks;
    return ok({ channel, ts: stored.ts, text: stored.text });
  }

  private postEphemeral(team: string, params: Params, call: RecordedCall): Answer {
    const channel = str(params.channel);
    const problem = this.channelProblem(team, channel);
    if (problem) return fail(problem);
    const user = str(params.user);
    if (!user || !this.users.has(`${team}:${user}`)) return fail("user_not_found");
    const invalid = this.blocksProblem(params, "message", call);
    if (invalid) return invalid;
    const stored = this.store(team, channel as string, params, user);
    return ok({ message_ts: stored.ts });
  }

  private openConversation(team: string, params: Params): Answer {
    const ids = (str(params.users) ?? "").split(",").filter(Boolean);
    if (ids.length === 0) return fail("users_list_not_supplied");
    for (const id of ids) {
      const user = this.users.get(`${team}:${id}`);
      if (!user) return fail("user_not_found");
      if (user.isBot) return fail("cannot_dm_bot");
    }
    const id = ids.length === 1 ? `D${ids[0]}` : `G${[...ids].sort().join("")}`;
    if (!this.channels.has(`${team}:${id}`)) this.channels.set(`${team}:${id}`, "open");
    return ok({ channel: { id } });
  }

  /** A channel's name and state; a DM (D…) or group DM (G…) needs the im:read or mpim:read scope, as on Slack. */
  private conversationInfo(team: string, params: Params, scopes: string[] | undefined): Answer {
    const id = str(params.channel) ?? "";
    const state = this.channels.get(`${team}:${id}`);
    if (!state) return fail("channel_not_found");
    const needed = id.startsWith("D") ? "im:read" : id.startsWith("G") ? "mpim:read" : undefined;
    if (needed && scopes && !scopes.includes(needed)) return fail("missing_scope", { needed, provided: scopes.join(",") });
    return ok({
      channel: { id, name: this.channelNames.get(`${team}:${id}`) ?? id.toLowerCase(), is_archived: state === "archived", is_im: id.startsWith("D") },
    });
  }

  private userInfo(team: string, params: Params): Answer {
    const user = this.users.get(`${team}:${str(params.user)}`);
    if (!user) return fail("user_not_found");
    return ok({
      user: {
        id: user.id,
        team_id: user.homeTeam ?? team,
        name: user.name.toLowerCase(),
        real_name: user.name,
        tz: user.tz,
        tz_label: user.tz,
        tz_offset: 0,
        is_admin: user.isAdmin === true,
        is_owner: false,
        is_bot: user.isBot === true,
        profile: { display_name: user.name, real_name: user.name },
      },
    });
  }

  /** Keeps a message the way Slack would show it (ts unique and increasing). */
  store(team: string, channel: string, params: Params, visibleTo?: string): StoredMessage {
    const micros = Math.max(this.lastTs + 1, Date.now() * 1000);
    this.lastTs = micros;
    const ts = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
    const stored: StoredMessage = { team, channel, ts, text: str(params.text) ?? "", blocks: (parseJsonParam(params.blocks) as unknown[] | undefined) ?? [] };
    if (visibleTo) stored.visibleTo = visibleTo;
    this.messages.push(stored);
    return stored;
  }
}

/** Epoch ms with sub-ms precision, comparable across threads (unlike bare performance.now()). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
