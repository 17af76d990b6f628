import type { CommandDefinitionSummary } from "./command-summary.js";
import type { Actor, FormSubmitEvent, IncomingEvent, TypedCommand } from "./events.js";
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

/** An interaction as its adapter wrote it down to finish elsewhere: plain JSON, read back only by that adapter. */
export type HandedOffInteraction = Record<string, unknown>;

/**
 * How the core took a submitted form. `answered`: the form is done with (saved, or refused with a
 * sentence the responder delivered), so the platform closes it. `invalid`: nothing was saved; the
 * adapter shows `fieldErrors` (problem per input id) next to the inputs where the platform can,
 * else `message`, all the problems in one sentence.
 */
export type FormOutcome = { kind: "answered" } | { kind: "invalid"; fieldErrors: Record<string, string>; message: string };

/** What an adapter hands events to. The core implements it. */
export interface EventSink {
  /** Commands, clicks and workspace events; answers go through the event's responder. */
  handle(event: Exclude<IncomingEvent, FormSubmitEvent>): Promise<void>;
  /** A submitted form: other answers go through the responder, field problems come back as the outcome. */
  submitForm(event: FormSubmitEvent): Promise<FormOutcome>;
  /**
   * Present where workers run in other processes (role `web`): the adapter acknowledges the
   * interaction, hands it off here, and a worker finishes it through `resumeInteraction`.
   * This keeps a web process's event loop for acknowledgements, whatever the database is doing.
   */
  handOff?(platform: string, deliveryId: string, interaction: HandedOffInteraction): Promise<void>;
  /**
   * What an interaction will do, routed once where it arrives: whether it may open a form (such
   * an interaction is never handed off: a form must open while the platform's trigger is fresh,
   * 3 s, and on Discord only as the interaction's first answer) and whether its answer is private
   * (a deferral matches it). A line the router refuses opens no form and is answered privately.
   */
  describe(interaction: InteractionRequest): InteractionDescription;
}

/** A command line or a button press, as an adapter asks the core about it (EventSink.describe). */
export type InteractionRequest = { kind: "command"; text: string; typed?: TypedCommand } | { kind: "action"; actionId: string; value: string };

export interface InteractionDescription {
  opensForm: boolean;
  privateAnswer: boolean;
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
  /**
   * Where a platform has no group DM for a bot (Discord): a private thread in `channel` that only
   * the people added to it see. Each call opens a new one, so a caller keeps the ref; a
   * PermanentDeliveryError (no permission, channel gone) means: use DMs instead.
   */
  openPrivateThread?(channel: ConversationRef, name: string): Promise<ConversationRef>;
  /** Adds people to a private thread; adding someone already in it changes nothing, so a retry is safe. */
  addToThread?(thread: ConversationRef, users: UserRef[]): Promise<void>;
  /** Opens a form outside an interaction (the interaction path is Responder.openForm). */
  openForm?(user: UserRef, form: Form): Promise<void>;
  publishHome?(user: UserRef, view: Message): Promise<void>;
  getUser(user: UserRef): Promise<UserProfile>;
  /** The person as a chat event from them would describe them (admin flag, timezone): the dashboard's sign-in asks. */
  actorFor?(user: UserRef): Promise<Actor>;
  /**
   * Where a ref points, in words for an admin ("#general", "direct messages with maria"): a
   * conversation, a person or the workspace. Plain text, no markup.
   */
  describeTarget?(ref: string): Promise<string>;
  syncCommands?(commands: CommandDefinitionSummary[]): Promise<void>;
  /** In a worker: rebuilds an interaction this adapter handed off (EventSink.handOff) and runs it on `sink`. */
  resumeInteraction?(interaction: HandedOffInteraction, sink: EventSink): Promise<void>;
  /**
   * Where a started adapter can stop working for good while the process runs (Discord's gateway
   * closing with a code it does not reconnect after): throws once that happened (readiness), and
   * `onFatal` listeners hear of it once (the process exits non-zero).
   */
  checkAlive?(): void;
  onFatal?(listener: (error: PlatformUnavailableError) => void): void;
}

/** A platform that will not take this bot any more (a refused token, a closed gateway). */
export class PlatformUnavailableError extends Error {
  constructor(
    readonly platform: string,
    message: string,
  ) {
    super(message);
    this.name = "PlatformUnavailableError";
  }
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

/**
 * The platform said no to one send (refused for good, or slow down): its answer about that
 * request, expected under bursts and for unknown people, not a fault in the bot. Where such a
 * send has no retry (an interaction's answer, App Home), it is logged as a warning.
 */
export function isPlatformRefusal(error: unknown): boolean {
  const cause = (error as { original?: unknown } | undefined)?.original ?? error;
  return [error, cause].some((e) => e instanceof PermanentDeliveryError || e instanceof RateLimitedError);
}
