import type { Actor, Responder } from "./events.js";
import type { Form, Message } from "./message.js";
import type { AppMember, AppServices, AppWorkspace } from "./ports.js";
import type { ConversationRef, MessageRef } from "./refs.js";

/** Everything a command, action or form handler knows about the event it handles. */
export interface CommandContext {
  services: AppServices;
  workspace: AppWorkspace;
  member: AppMember;
  actor: Actor;
  conversation: ConversationRef;
  respond: Responder;
  isAdmin: boolean;
}

export interface ActionContext extends CommandContext {
  source?: MessageRef;
  /** For a handler with `claimsDelivery`: the effect key of this delivery, to claim with its own write. */
  deliveryKey?: string;
}

/** A button or select handler, found by the action id. */
export interface ActionHandler {
  actionId: string;
  /** Whether pressing it with this value opens a form (see CommandDefinition.opensForm). */
  opensForm?(value: string): boolean;
  /**
   * The handler claims `ctx.deliveryKey` in the same statement as its effect, instead of the core
   * claiming it first (one write, not two). A repeated delivery must then change nothing and
   * answer nothing, unless it is refused before any write (a refusal may be said twice).
   */
  claimsDelivery?: boolean;
  run(ctx: ActionContext, value: string): Promise<Message | undefined>;
}

/** A form submit handler, found by the form id. Throw FormValidationError to keep the form open. */
export interface FormHandler {
  formId: string;
  run(ctx: CommandContext, values: Record<string, string>, metadata: string | undefined): Promise<Message | undefined>;
}

/** What a home view (Slack's App Home) is built from: the person, not an event to answer. */
export interface HomeContext {
  services: AppServices;
  workspace: AppWorkspace;
  member: AppMember;
  isAdmin: boolean;
}

/** Builds a person's home view; published when they open it. */
export type HomeBuilder = (ctx: HomeContext) => Promise<Message>;

/** Opens a form where the surface can, or says how else to do it. */
export async function openFormOrExplain(ctx: CommandContext, form: Form, fallback: string): Promise<undefined> {
  if (!ctx.respond.openForm) {
    await ctx.respond.reply({ text: fallback }, { private: true });
    return undefined;
  }
  await ctx.respond.openForm(form);
  return undefined;
}
