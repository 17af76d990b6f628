import type { Form, Message } from "./message.js";
import type { ConversationRef, MessageRef, UserRef, WorkspaceRef } from "./refs.js";

/** Who did something, as the platform reports it. */
export interface Actor {
  user: UserRef;
  workspace: WorkspaceRef;
  displayName: string;
  /** The platform says this person administers the workspace (Slack admin, Discord Manage Server). */
  platformAdmin: boolean;
  /**
   * The person belongs to another organisation and reaches this workspace through a shared
   * channel (Slack Connect): a member here at most, never an admin, whatever they are at home.
   */
  external?: boolean;
  /** IANA timezone when the platform knows it (Slack does, Discord does not). */
  timezone?: string;
}

/**
 * How the core answers the event that reached it. Each adapter supplies its own:
 * Slack uses respond/ephemeral, Discord the interaction token, the console prints.
 */
export interface Responder {
  /** Answer in the conversation; `private` means only the actor sees it (ephemeral or DM). */
  reply(message: Message, options?: { private?: boolean }): Promise<void>;
  /** Replace the message the action came from (a button press), when the platform allows. */
  updateSource?(message: Message): Promise<void>;
  /** Open a form for the actor; absent where the surface cannot (then the core degrades). */
  openForm?(form: Form): Promise<void>;
  /**
   * The core saw this delivery before (a platform's replay) and answers nothing: the responder
   * must send nothing either, not even the quiet acknowledgement it sends when nobody answered.
   */
  repeated?(): void;
}

interface EventBase {
  actor: Actor;
  conversation: ConversationRef;
  respond: Responder;
  /** Platform delivery id (Slack event_id, Discord interaction id) for deduplication. */
  deliveryId?: string;
}

export interface CommandEvent extends EventBase {
  kind: "command";
  /** Everything after "/mentor", e.g. `lessons here 09:30 "Europe/Berlin"`; with `typed`, the same command written as a line, for logs. */
  text: string;
  /** Set where the platform delivers typed options (Discord): the core takes these values as they are, without parsing `text`. */
  typed?: TypedCommand;
}

/**
 * A command as a platform with typed options delivers it: the command's path and each argument's
 * value by the argument's name. No value is split into words or unquoted, whatever it contains.
 */
export interface TypedCommand {
  path: readonly string[];
  values: Readonly<Record<string, string | number>>;
}

export interface ActionEvent extends EventBase {
  kind: "action";
  actionId: string;
  value: string;
  /** The message the button or select was on. */
  source?: MessageRef;
}

export interface FormSubmitEvent extends EventBase {
  kind: "formSubmit";
  formId: string;
  values: Record<string, string>;
  metadata?: string;
}

export interface MemberJoinedEvent {
  kind: "memberJoined";
  actor: Actor;
  conversation: ConversationRef;
}

export interface HomeOpenedEvent {
  kind: "homeOpened";
  actor: Actor;
}

/** A person left the workspace (deactivated, removed): retired from pairing, history kept. */
export interface MemberLeftEvent {
  kind: "memberLeft";
  user: UserRef;
  workspace: WorkspaceRef;
}

export type IncomingEvent = CommandEvent | ActionEvent | FormSubmitEvent | MemberJoinedEvent | MemberLeftEvent | HomeOpenedEvent;
