import { type FormOutcome, type InteractionDescription, type InteractionRequest, isPlatformRefusal } from "./adapter.js";
import type { ActionHandler, CommandContext, FormHandler, HomeBuilder } from "./context.js";
import { FormValidationError, isUserError, newErrorReference, somethingWentWrong } from "./errors.js";
import type { ActionEvent, CommandEvent, FormSubmitEvent, HomeOpenedEvent, IncomingEvent, MemberLeftEvent, TypedCommand } from "./events.js";
import type { Message } from "./message.js";
import { textMessage } from "./message.js";
import { withoutNul } from "./nul.js";
import type { AppMember, AppServices, AppWorkspace } from "./ports.js";
import { requireAdmin } from "./preconditions.js";
import { workspaceOf } from "./refs.js";
import type { CommandRouter, RoutedCommand } from "./router.js";
import { SingleFlight } from "./single-flight.js";
import { assertValidMessage } from "./validate-message.js";

/**
 * What a domain does when someone leaves the workspace (their member row, already marked as gone).
 * It must be idempotent: a leaving is retried until every listener has succeeded once.
 */
export type MemberLeftListener = (member: AppMember) => Promise<void>;

/** A leaving still unhandled this long after it was marked was interrupted (a crash, a failed listener); younger ones may be in progress. */
export const LEAVING_SWEPT_AFTER_MS = 60_000;
/** The most leavings one sweep handles; the rest wait for the next. */
const LEAVERS_PER_SWEEP = 100;

/** A delivery id seen before: the event was already handled. */
class DuplicateDelivery extends Error {}

/** A form submit the core is done with: answered through the responder, or left unanswered (a repeat, nothing to say). */
const ANSWERED: FormOutcome = { kind: "answered" };

function deliveryKey(deliveryId: string): string {
  return `delivery:${deliveryId}`;
}

/**
 * The platform-neutral heart: takes an incoming event, resolves who and where, routes it to a
 * command, action or form handler, and answers through the event's responder.
 * One place (`fail`) decides what a person sees when something goes wrong.
 */
export class BotCore {
  private readonly actions = new Map<string, ActionHandler>();
  private readonly forms = new Map<string, FormHandler>();
  private home: HomeBuilder | undefined;
  private readonly leftListeners: MemberLeftListener[] = [];
  /** A burst of events from one workspace reads its row once per round trip, not once per event. */
  private readonly workspaceLookups = new SingleFlight<AppWorkspace>();

  constructor(
    private readonly services: AppServices,
    readonly router: CommandRouter,
  ) {}

  registerActions(...handlers: ActionHandler[]): void {
    for (const handler of handlers) this.actions.set(handler.actionId, handler);
  }

  registerForms(...handlers: FormHandler[]): void {
    for (const handler of handlers) this.forms.set(handler.formId, handler);
  }

  /** Domains that keep something per person (pairs) subscribe to people leaving; run in subscription order. */
  onMemberLeft(listener: MemberLeftListener): void {
    this.leftListeners.push(listener);
  }

  setHome(builder: HomeBuilder): void {
    this.home = builder;
  }

  /** EventSink.describe: an action's answer is always private; a command's as its definition says. */
  describe(interaction: InteractionRequest): InteractionDescription {
    if (interaction.kind === "action")
      return { opensForm: this.actions.get(interaction.actionId)?.opensForm?.(interaction.value) ?? false, privateAnswer: true };
    try {
      const { definition } = this.routeCommand(interaction);
      return { opensForm: definition.opensForm ?? false, privateAnswer: definition.privateReply ?? true };
    } catch {
      // A line the router refuses gets its refusal as a private plain answer: no form.
      return { opensForm: false, privateAnswer: true };
    }
  }

  async handle(incoming: Exclude<IncomingEvent, FormSubmitEvent>): Promise<void> {
    const event = withoutNul(incoming);
    switch (event.kind) {
      case "command": {
        // Named by the command once routed; a line the router refuses counts as "command".
        const label = { what: "command" };
        return this.guard(event, label, () => this.command(event, label));
      }
      case "action":
        return this.guard(event, { what: `action:${event.actionId}` }, () => this.action(event));
      case "homeOpened":
        return this.homeOpened(event);
      case "memberJoined":
        // Domains subscribe to this as they arrive (welcome messages).
        return;
      case "memberLeft":
        return this.memberLeft(event);
    }
  }

  /** EventSink.submitForm: field problems come back as the outcome; every other answer goes through the responder. */
  async submitForm(incoming: FormSubmitEvent): Promise<FormOutcome> {
    const event = withoutNul(incoming);
    let outcome = ANSWERED;
    await this.guard(event, { what: `form:${event.formId}` }, async () => {
      outcome = await this.formSubmit(event);
    });
    return outcome;
  }

  private async context(event: CommandEvent | ActionEvent | FormSubmitEvent, claimDelivery = true): Promise<CommandContext> {
    if (workspaceOf(event.actor.user) !== event.actor.workspace || workspaceOf(event.conversation) !== event.actor.workspace) {
      throw new Error("Event refs name more than one workspace");
    }
    const workspace = await this.workspaceLookups.run(event.actor.workspace, () => this.services.identity.workspace(event.actor.workspace));
    // A platform's redelivery (Slack retries, a replayed interaction) has no second effect.
    if (claimDelivery && event.deliveryId && !(await this.services.identity.claimEffect(workspace.id, deliveryKey(event.deliveryId)))) {
      throw new DuplicateDelivery();
    }
    const member = await this.services.identity.member(workspace, event.actor);
    return {
      services: this.services,
      workspace,
      member,
      actor: event.actor,
      conversation: event.conversation,
      respond: event.respond,
      isAdmin: this.services.identity.isAdmin(member, event.actor),
    };
  }

  private async command(event: CommandEvent, label: { what: string }): Promise<void> {
    const routed = this.routeCommand(event);
    label.what = routed.definition.path.join(" ");
    const ctx = await this.context(event);
    if (routed.definition.access === "admin") requireAdmin(ctx, routed.definition.path);
    const answer = await routed.definition.run(ctx, routed.args);
    this.services.metrics?.commands.inc({ command: label.what, outcome: "ok" });
    if (answer) await event.respond.reply(assertValidMessage(answer), { private: routed.definition.privateReply ?? true });
  }

  /** Typed options as the platform gave them, else the line as typed. */
  private routeCommand(command: { text: string; typed?: TypedCommand }): RoutedCommand {
    return command.typed ? this.router.routeTyped(command.typed) : this.router.route(command.text);
  }

  private async action(event: ActionEvent): Promise<void> {
    const handler = this.actions.get(event.actionId);
    if (!handler) {
      this.services.logger.warn({ actionId: event.actionId }, "unknown action id");
      await event.respond.reply(textMessage("That button is no longer in use. Run the command again for a fresh one."), { private: true });
      return;
    }
    const ctx = await this.context(event, !handler.claimsDelivery);
    const delivery = handler.claimsDelivery && event.deliveryId ? deliveryKey(event.deliveryId) : undefined;
    const answer = await handler.run({ ...ctx, source: event.source, deliveryKey: delivery }, event.value);
    if (answer) await event.respond.reply(assertValidMessage(answer), { private: true });
  }

  private async formSubmit(event: FormSubmitEvent): Promise<FormOutcome> {
    const handler = this.forms.get(event.formId);
    if (!handler) {
      await event.respond.reply(textMessage("That form is no longer in use. Run the command again for a fresh one."), { private: true });
      return ANSWERED;
    }
    const ctx = await this.context(event);
    let answer: Message | undefined;
    try {
      answer = await handler.run(ctx, event.values, event.metadata);
    } catch (error) {
      // A domain stops a submit with per-field problems by throwing; the adapter shows them in the form.
      if (error instanceof FormValidationError) return { kind: "invalid", fieldErrors: error.fieldErrors, message: error.message };
      throw error;
    }
    if (answer) await event.respond.reply(assertValidMessage(answer), { private: true });
    return ANSWERED;
  }

  /** Someone left the workspace: marked as gone once, then let go of; a repeat of the event retries until that succeeded. */
  private async memberLeft(event: MemberLeftEvent): Promise<void> {
    const member = await this.services.identity.markLeft(event.workspace, event.user);
    if (member) await this.letGo(member);
  }

  /**
   * Handles the leavings still unhandled a minute after they were marked, oldest first: what a
   * crash or a failed listener interrupted. A periodic job calls this.
   */
  async sweepLeavers(): Promise<{ handled: number; failed: number }> {
    const leftBefore = new Date(this.services.now().getTime() - LEAVING_SWEPT_AFTER_MS);
    const leavers = await this.services.identity.unhandledLeavers(leftBefore, LEAVERS_PER_SWEEP);
    let handled = 0;
    for (const member of leavers) if (await this.letGo(member)) handled += 1;
    return { handled, failed: leavers.length - handled };
  }

  /**
   * Each subscribed domain lets go of someone who left, in subscription order, then the leaving is
   * recorded as handled. The first listener that fails stops the rest and leaves it unhandled:
   * listeners are idempotent, so the next try (a repeat of the event, the sweep) runs them all again.
   */
  private async letGo(member: AppMember): Promise<boolean> {
    try {
      for (const listener of this.leftListeners) await listener(member);
      await this.services.identity.markLeftHandled(member);
      return true;
    } catch (error) {
      this.services.metrics?.errors.inc({ kind: "memberLeft" });
      this.services.logger.error({ err: error, member: member.id }, "letting go of someone who left failed; the sweep tries again");
      return false;
    }
  }

  /** Publishes the person's home view where the platform has one (Slack's App Home). */
  private async homeOpened(event: HomeOpenedEvent): Promise<void> {
    const adapter = this.services.adapters.for(event.actor.user);
    if (!this.home || !adapter.publishHome) return;
    try {
      const workspace = await this.services.identity.workspace(event.actor.workspace);
      const member = await this.services.identity.member(workspace, event.actor);
      const view = await this.home({ services: this.services, workspace, member, isAdmin: this.services.identity.isAdmin(member, event.actor) });
      await adapter.publishHome(event.actor.user, assertValidMessage(view));
    } catch (error) {
      if (isPlatformRefusal(error)) {
        this.services.logger.warn({ err: error, user: event.actor.user }, "the platform refused or rate-limited the home view");
        return;
      }
      const reference = newErrorReference();
      this.services.metrics?.errors.inc({ kind: "home" });
      this.services.logger.error({ err: error, ref: reference, user: event.actor.user }, "could not publish the home view");
    }
  }

  private async guard(event: CommandEvent | ActionEvent | FormSubmitEvent, label: { what: string }, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      if (error instanceof DuplicateDelivery) return event.respond.repeated?.();
      await this.fail(event, label.what, error);
    }
  }

  /** A UserError is shown as is; anything else is a bug: logged once with a reference. */
  private async fail(event: CommandEvent | ActionEvent | FormSubmitEvent, what: string, error: unknown): Promise<void> {
    let message: Message;
    if (isUserError(error)) {
      this.services.metrics?.commands.inc({ command: what, outcome: "refused", reason: error.code });
      message = textMessage(error.message);
    } else {
      const reference = newErrorReference();
      // "action:<id>" and "form:<id>" count as action and form; a command is named by its words.
      this.services.metrics?.errors.inc({ kind: what.includes(":") ? (what.split(":")[0] as string) : "command" });
      this.services.logger.error({ err: error, ref: reference, what, user: event.actor.user }, "unexpected error");
      message = textMessage(somethingWentWrong(reference));
    }
    await event.respond.reply(message, { private: true }).catch((replyError: unknown) => {
      this.services.logger.warn({ err: replyError }, "could not deliver an error reply");
    });
  }
}
