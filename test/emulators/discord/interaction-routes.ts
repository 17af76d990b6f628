import { ApiError, rejectInvalid } from "./api-error.js";
import type { EmuInteraction } from "./interactions.js";
import { EPHEMERAL, type MessageRoutes } from "./messages.js";
import type { Upload } from "./uploads.js";
import { validateAutocompleteChoices, validateMessageBody, validateModal } from "./validate.js";
import type { EmuMessage, World } from "./world.js";

type Json = Record<string, unknown>;

export interface InteractionRouteOptions {
  applicationId: string;
  /** The first response must come within this. */
  deadlineMs: number;
  /** Follow-ups with the interaction token work this long. */
  tokenLifetimeMs: number;
  /** Told of every accepted first response. */
  onCallback: (interaction: EmuInteraction) => void;
}

/** Response types Discord accepts, by interaction type. */
const ALLOWED_RESPONSES: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

/**
 * The routes that answer interactions: the callback (POST /interactions/{id}/{token}/callback)
 * and the interaction's webhook (/webhooks/{app}/{token}[/messages/{id}]), for the interactions
 * dispatched so far.
 */
export class InteractionRoutes {
  private readonly byId = new Map<string, EmuInteraction>();
  private readonly byToken = new Map<string, EmuInteraction>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageRoutes,
    private readonly options: InteractionRouteOptions,
  ) {}

  /** Makes a dispatched interaction answerable. */
  track(interaction: EmuInteraction): void {
    this.byId.set(interaction.id, interaction);
    this.byToken.set(interaction.token, interaction);
  }

  callback(id: string, token: string, body: Json, query: URLSearchParams, uploads: Upload[] = []): Json | undefined {
    const interaction = this.byId.get(id);
    if (!interaction || interaction.token !== token) throw new ApiError(404, 10062, "Unknown interaction");
    if (interaction.callback) throw new ApiError(400, 40060, "Interaction has already been acknowledged.");
    if (Date.now() - interaction.dispatchedAt > this.options.deadlineMs) throw new ApiError(404, 10062, "Unknown interaction");
    const type = Number(body?.type);
    const data = (body?.data ?? {}) as Json;
    if (!ALLOWED_RESPONSES[interaction.type]?.includes(type)) throw new ApiError(400, 40043, "Interaction response type is not valid for this interaction");
    let message: EmuMessage | undefined;
    if (type === 4 || type === 5) {
      if (type === 4) rejectInvalid(validateMessageBody(data));
      message = this.messages.store(interaction.channel, data, { interaction, deferred: type === 5 }, uploads);
      interaction.originalMessageId = message.id;
    } else if (type === 7) {
      rejectInvalid(validateMessageBody(data));
      const source = interaction.sourceMessage;
      if (!source) throw new ApiError(400, 40043, "Interaction response type is not valid for this interaction");
      this.messages.apply(source, data, uploads);
      interaction.originalMessageId = source.id;
    } else if (type === 9) {
      rejectInvalid(validateModal(data));
      interaction.modal = data;
    } else if (type === 8) {
      rejectInvalid(validateAutocompleteChoices(data));
    }
    interaction.callback = { type, at: Date.now(), perf: performance.now(), body };
    this.options.onCallback(interaction);
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
  webhook(method: string, app: string, token: string, messageId: string | undefined, body: Json, uploads: Upload[] = []): Json | undefined {
    const interaction = this.byToken.get(token);
    if (!interaction || app !== this.options.applicationId || !interaction.callback) throw new ApiError(404, 10015, "Unknown Webhook");
    if (Date.now() - interaction.dispatchedAt > this.options.tokenLifetimeMs) throw new ApiError(401, 50027, "Invalid Webhook Token");
    if (method === "POST" && !messageId) {
      rejectInvalid(validateMessageBody(body));
      return this.world.messageJson(this.messages.store(interaction.channel, body, { interaction, deferred: false }, uploads));
    }
    const id = messageId === "@original" ? interaction.originalMessageId : messageId;
    const message = id ? this.world.messages.get(id) : undefined;
    if (!message || message.interactionId !== interaction.id) throw new ApiError(404, 10008, "Unknown Message");
    if (method === "PATCH") {
      rejectInvalid(validateMessageBody(body));
      this.messages.apply(message, body, uploads);
      return this.world.messageJson(message);
    }
    if (method === "DELETE") {
      this.world.messages.delete(message.id);
      return undefined;
    }
    if (method === "GET") return this.world.messageJson(message);
    throw new ApiError(405, 0, "405: Method Not Allowed");
  }
}
