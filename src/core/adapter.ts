import type { CommandDefinitionSummary } from "./commands.js";
import type { IncomingEvent } from "./events.js";
import type { Form, Message } from "./message.js";
import type { ConversationRef, MessageRef, UserRef } from "./refs.js";

export interface UserProfile {
  user: UserRef;
  displayName: string;
  timezone?: string;
  isBot: boolean;
}

/** A rate with a burst allowance: `rate` sends per `perMs`, up to `burst` at once. */
export interface Rate {
  rate: number;
  perMs: number;
  burst: number;
}

export interface OutboundLimits {
  perConversation: Rate;
  perWorkspace: Rate;
}

/** What an adapter hands events to. The core implements it. */
export interface EventSink {
  handle(event: IncomingEvent): Promise<void>;
}

/**
 * The contract every platform adapter meets. Optional capabilities are marked `?`:
 * the core checks for them and degrades with a clear message when one is missing.
 */
export interface ChatAdapter {
  readonly platform: string;
  /** The platform's send limits; outbound jobs pace themselves to stay under them. */
  readonly outboundLimits?: OutboundLimits;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  post(to: ConversationRef, message: Message): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
  postEphemeral?(to: ConversationRef, user: UserRef, message: Message): Promise<void>;
  openDM(user: UserRef): Promise<ConversationRef>;
  openGroupDM?(users: UserRef[]): Promise<ConversationRef>;
  /** Opens a form outside an interaction (the interaction path is Responder.openForm). */
  openForm?(user: UserRef, form: Form): Promise<void>;
  publishHome?(user: UserRef, view: Message): Promise<void>;
  getUser(user: UserRef): Promise<UserProfile>;
  syncCommands?(commands: CommandDefinitionSummary[]): Promise<void>;
}

/**
 * A failure the platform says will not go away by retrying (unknown channel, DMs blocked,
 * revoked token). Jobs turn it into BullMQ's UnrecoverableError and record it for admins.
 */
export class PermanentDeliveryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/** The platform asked us to slow down; retry after `retryAfterMs`. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Rate limited; retry after ${retryAfterMs} ms`);
    this.name = "RateLimitedError";
  }
}
