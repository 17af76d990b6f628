import { createHmac, randomBytes } from "node:crypto";
import type { SlackEmulator } from "./emulator.js";
import type { EnvelopeType } from "./socket-hub.js";

/** How Slack reaches the app: signed HTTP posts, or envelopes over the Socket Mode WebSocket. */
export type Transport = { kind: "http"; url: string; signingSecret: string } | { kind: "socket" };

export interface Delivery {
  status: number;
  /** The app's acknowledgement body (JSON when it sent JSON). */
  body: unknown;
  ms: number;
  /** In Socket Mode: how many times the envelope went out before the app acknowledged it (Slack resends unacknowledged events). */
  sends?: number;
  /** Sends the same request again (same trigger_id, event_id, response_url), as Slack's retry number `n`. */
  retry(n: number): Promise<Delivery>;
}

type Json = Record<string, unknown>;

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/**
 * Plays Slack's side of one workspace: what people do (a slash command, a button press, a modal
 * submit, opening App Home) becomes the payload Slack would send, delivered over the transport,
 * with trigger ids and response URLs the emulator honours.
 */
export class WorkspaceDriver {
  constructor(
    private readonly emulator: SlackEmulator,
    private readonly transport: Transport,
    readonly team: string,
  ) {}

  command(user: string, channel: string, text: string): Promise<Delivery> {
    const body = {
      token: "deprecated",
      team_id: this.team,
      team_domain: this.team.toLowerCase(),
      channel_id: channel,
      channel_name: channel.toLowerCase(),
      user_id: user,
      user_name: user.toLowerCase(),
      command: "/mentor",
      text,
      api_app_id: "AMENTOR",
      is_enterprise_install: "false",
      response_url: this.emulator.newResponseUrl(this.team, channel, user),
      trigger_id: this.emulator.newTrigger(this.team, user),
    };
    return this.deliver("slash_commands", body, new URLSearchParams(body).toString(), "application/x-www-form-urlencoded");
  }

  /** Presses the button labelled `label` on a message in a channel (as that person sees it). */
  press(user: string, channel: string, ts: string, label: string): Promise<Delivery> {
    const message = this.emulator.message(this.team, channel, ts);
    if (!message) throw new Error(`No message ${ts} in ${channel}`);
    const { action, blockId } = findButton(message.blocks, label);
    return this.interactive({
      type: "block_actions",
      user: this.user(user),
      api_app_id: "AMENTOR",
      token: "deprecated",
      container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: message.visibleTo !== undefined },
      trigger_id: this.emulator.newTrigger(this.team, user),
      team: { id: this.team, domain: this.team.toLowerCase() },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel, name: channel.toLowerCase() },
      message: { type: "message", ts, text: message.text, blocks: message.blocks },
      response_url: this.emulator.newResponseUrl(this.team, channel, user, ts),
      actions: [{ ...action, block_id: blockId, action_ts: `${Date.now() / 1000}` }],
    });
  }

  /** Presses a button on the person's App Home tab (no channel, no response_url). */
  pressInHome(user: string, label: string): Promise<Delivery> {
    const home = this.emulator.homes.get(`${this.team}:${user}`);
    if (!home) throw new Error(`No App Home published for ${user}`);
    const { action, blockId } = findButton(home.view.blocks as unknown[], label);
    return this.interactive({
      type: "block_actions",
      user: this.user(user),
      api_app_id: "AMENTOR",
      container: { type: "view", view_id: home.id },
      trigger_id: this.emulator.newTrigger(this.team, user),
      team: { id: this.team, domain: this.team.toLowerCase() },
      view: { id: home.id, type: "home", team_id: this.team, ...home.view },
      actions: [{ ...action, block_id: blockId, action_ts: `${Date.now() / 1000}` }],
    });
  }

  /**
   * Fills the person's open modal (values by input block id) and submits it. The modal closes
   * when the app's ack says so (an empty ack), and stays open with `response_action: errors`.
   */
  async submitModal(user: string, values: Record<string, string>): Promise<Delivery> {
    const modal = this.emulator.openModal(this.team, user);
    if (!modal) throw new Error(`No modal open for ${user}`);
    const state: Record<string, Record<string, Json>> = {};
    for (const block of (modal.view.blocks as Json[]).filter((b) => b.type === "input")) {
      const element = block.element as Json;
      const value = values[String(block.block_id)];
      const entry: Json = { type: element.type };
      if (element.type === "static_select") {
        const option = (element.options as Json[]).find((o) => o.value === value);
        entry.selected_option = option ?? null;
      } else {
        entry.value = value ?? null;
      }
      state[String(block.block_id)] = { [String(element.action_id)]: entry };
    }
    const delivery = await this.interactive({
      type: "view_submission",
      team: { id: this.team, domain: this.team.toLowerCase() },
      user: this.user(user),
      api_app_id: "AMENTOR",
      token: "deprecated",
      trigger_id: this.emulator.newTrigger(this.team, user),
      view: { ...modal.view, id: modal.id, team_id: this.team, state: { values: state } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
    const answer = delivery.body as Json | undefined;
    if (delivery.status === 200 && answer?.response_action !== "errors") this.emulator.closeModal(modal.id);
    return delivery;
  }

  /** An Events API delivery; pass the same `eventId` again to replay it as Slack's retry would. */
  event(event: Json, eventId = `Ev${randomBytes(5).toString("hex").toUpperCase()}`, retryNum?: number): Promise<Delivery> {
    const body = {
      token: "deprecated",
      team_id: this.team,
      api_app_id: "AMENTOR",
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.team, user_id: `UBOT${this.team}`, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    const headers: Record<string, string> = retryNum ? { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": "http_timeout" } : {};
    return this.deliver("events_api", body, JSON.stringify(body), "application/json", headers);
  }

  openHome(user: string, eventId?: string): Promise<Delivery> {
    return this.event({ type: "app_home_opened", user, channel: `D${user}`, tab: "home" }, eventId);
  }

  private user(id: string): Json {
    return { id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: this.team };
  }

  private interactive(payload: Json): Promise<Delivery> {
    return this.deliver("interactive", payload, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
  }

  private async deliver(type: EnvelopeType, payload: unknown, raw: string, contentType: string, headers: Record<string, string> = {}): Promise<Delivery> {
    const started = performance.now();
    const retry = (n: number) =>
      this.deliver(type, payload, raw, contentType, { ...headers, "x-slack-retry-num": String(n), "x-slack-retry-reason": "http_timeout" });
    if (this.transport.kind === "socket") {
      const ack = await this.emulator.socket.deliver(type, payload);
      return { status: 200, body: ack.payload, ms: performance.now() - started, retry, sends: ack.sends };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.transport.url, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature(this.transport.signingSecret, timestamp, raw),
        ...headers,
      },
      body: raw,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Plain-text acks stay text.
    }
    return { status: response.status, body, ms: performance.now() - started, retry };
  }
}

function findButton(blocks: unknown[], label: string): { action: Json; blockId: string } {
  for (const [i, block] of (blocks as Json[]).entries()) {
    if (block.type !== "actions") continue;
    for (const element of block.elements as Json[]) {
      if (element.type === "button" && (element.text as Json).text === label) {
        return {
          action: { type: "button", action_id: element.action_id, text: element.text, value: element.value },
          blockId: String(block.block_id ?? `b${i}`),
        };
      }
    }
  }
  throw new Error(`No button labelled "${label}"`);
}
