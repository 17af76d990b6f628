import { type ChatAdapter, type OutboundLimits, PermanentDeliveryError, RateLimitedError, type UserProfile } from "../../src/core/adapter.js";
import type { Message } from "../../src/core/message.js";
import { type ConversationRef, type MessageRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";
import { DEFAULT_SLACK_LIMITS } from "./slack-web-api.js";

/**
 * A minimal Slack-like ChatAdapter for the benchmark (and emulator tests) until the real
 * Slack adapter exists. It speaks the Web API over HTTP to a base URL (the emulator's), posts
 * the message's plain text only, and maps answers the way the real adapter must:
 * 429 → RateLimitedError(Retry-After), a refusal that retrying cannot fix → PermanentDeliveryError,
 * anything else → Error. It receives no events (start/stop do nothing).
 */
export interface SlackLikeAdapterOptions {
  /** Web API base URL ending in "/", e.g. "http://127.0.0.1:PORT/api/". */
  apiUrl: string;
  /** Bot token per team id. */
  tokens: Record<string, string>;
  /** The emulator's workspace burst; the adapter books one less to stay just inside. */
  workspaceBurst?: number;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
}

export const PERMANENT_SLACK_ERRORS = new Set(["channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth"]);

interface SlackAnswer {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export class SlackLikeAdapter implements ChatAdapter {
  readonly platform = "slack";
  readonly outboundLimits: OutboundLimits;

  constructor(private readonly options: SlackLikeAdapterOptions) {
    const workspaceBurst = options.workspaceBurst ?? DEFAULT_SLACK_LIMITS.perWorkspace.burst;
    this.outboundLimits = {
      perConversation: { rate: 1, perMs: 1_000, burst: 1 },
      perWorkspace: { rate: 10, perMs: 1_000, burst: Math.max(1, workspaceBurst - 1) },
    };
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async post(to: ConversationRef, message: Message): Promise<MessageRef> {
    const { workspace, channel } = this.target(to);
    const answer = await this.call(workspace, "chat.postMessage", { channel, text: message.text });
    return { conversation: to, id: String(answer.ts) };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const { workspace, channel } = this.target(ref.conversation);
    await this.call(workspace, "chat.update", { channel, ts: ref.id, text: message.text });
  }

  async openDM(user: UserRef): Promise<ConversationRef> {
    const { workspace, local } = parseRef(user);
    if (!local) throw new Error(`User ref ${user} has no user id`);
    const answer = await this.call(workspace, "conversations.open", { users: local });
    const channel = answer.channel as { id?: unknown } | undefined;
    if (typeof channel?.id !== "string") throw new Error("conversations.open answered without a channel id");
    return makeRef("slack", workspace, channel.id);
  }

  async getUser(user: UserRef): Promise<UserProfile> {
    const { workspace, local } = parseRef(user);
    if (!local) throw new Error(`User ref ${user} has no user id`);
    const answer = await this.call(workspace, "users.info", { user: local });
    const info = (answer.user ?? {}) as { name?: string; real_name?: string; tz?: string; is_bot?: boolean };
    const profile: UserProfile = { user, displayName: info.real_name || info.name || local, isBot: info.is_bot === true };
    if (info.tz) profile.timezone = info.tz;
    return profile;
  }

  private target(ref: ConversationRef): { workspace: string; channel: string } {
    const { platform, workspace, local } = parseRef(ref);
    if (platform !== "slack" || !local) throw new Error(`Not a Slack conversation ref: ${ref}`);
    return { workspace, channel: local };
  }

  private async call(team: string, method: string, body: Record<string, unknown>): Promise<SlackAnswer> {
    const token = this.options.tokens[team];
    if (!token) throw new PermanentDeliveryError("invalid_auth", `No bot token for team ${team}`);
    const response = await fetch(new URL(method, this.options.apiUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (response.status === 429) {
      await response.body?.cancel();
      const seconds = Number(response.headers.get("retry-after"));
      throw new RateLimitedError((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1_000);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${method} answered HTTP ${response.status}`);
    }
    const answer = (await response.json()) as SlackAnswer;
    if (answer.ok) return answer;
    const code = answer.error ?? "unknown_error";
    if (PERMANENT_SLACK_ERRORS.has(code)) throw new PermanentDeliveryError(code, `${method} refused: ${code}`);
    throw new Error(`${method} failed: ${code}`);
  }
}
