import type { AllMiddlewareArgs, App, BlockAction, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from "@slack/bolt";
import { type EventSink, isPlatformRefusal } from "../../src/core/adapter.js";
import type { Actor, Responder } from "../../src/core/events.js";
import { textMessage } from "../../src/core/message.js";
import { makeRef } from "../../src/core/refs.js";
import { slackActor } from "./actor.js";
import type { AfterAck } from "./after-ack.js";
import { RedeliveryWanted } from "./redelivery.js";
import { parseModalContext, readModalValues } from "./render.js";
import { directResponder } from "./responders.js";
import { deliveryIdOf, type InteractionEnv, interactionRequest, runInteraction, type SlackInteraction } from "./resume.js";

/** Events API deliveries already handled, by event_id (Slack retries; Bolt does not dedupe). */
export interface DeliveryClaims {
  /** True the first time a (team, event id) is seen, false for every repeat. */
  claim(teamId: string, eventId: string): Promise<boolean>;
}

export interface ReceiveDeps extends InteractionEnv {
  sink: () => EventSink | undefined;
  claims: DeliveryClaims;
  afterAck: AfterAck;
  /** Whether the app is installed in the team (Bolt authorizes every request but the two uninstall events). */
  installedIn(teamId: string): Promise<boolean>;
  /** A workspace removed the app or revoked its bot token. */
  onUninstalled(teamId: string): Promise<void>;
}

/**
 * How long queueing a hand-off may take before the interaction is handled here instead (Redis
 * down or stalled). Should the late hand-off still reach a worker, both carry one delivery id:
 * one effect.
 */
const HAND_OFF_BUDGET_MS = 1_000;
/**
 * How long an ack waits for the queue to hold the hand-off. Normally that takes a few
 * milliseconds, and an acknowledged interaction then survives a crash of this process; when
 * Redis stalls, the ack leaves after this long anyway, so a slow Redis cannot slow every ack past it.
 */
const ACK_WAITS_FOR_QUEUE_MS = 250;
/** How long a modal submit may take before the modal is closed and the answer comes later. */
const FORM_ACK_BUDGET_MS = 2_000;

/**
 * Bolt listeners → core events. Every interaction is acknowledged first (Slack wants an answer
 * within 3 s), then handled here or, in a web process, by a worker; the one exception is a modal
 * submit, which waits up to 2 s for the core so that validation errors can be shown inside the modal.
 */
export function registerListeners(app: App, deps: ReceiveDeps): void {
  const actorFor = (client: webApi.WebClient, teamId: string, userId: string, fallbackName: string): Promise<Actor> =>
    slackActor(deps.users, deps.logger, client, teamId, userId, fallbackName);

  /**
   * Where workers run elsewhere (the sink can hand off), a command or click that opens no form
   * is handed to the queue and acknowledged once the queue holds it (batched with others, see
   * src/core/hand-off.ts), or after ACK_WAITS_FOR_QUEUE_MS; the web process looks nothing up.
   * Otherwise, and if the queue does not take it in time, it is handled here after its ack.
   */
  const acknowledge = async (interaction: SlackInteraction, ack: () => Promise<void>, client: webApi.WebClient, sink: EventSink) => {
    if (sink.handOff && !sink.describe(interactionRequest(interaction)).opensForm) {
      const handingOff = handOffWithin(sink.handOff("slack", deliveryIdOf(interaction), interaction), HAND_OFF_BUDGET_MS);
      await Promise.race([handingOff, delay(ACK_WAITS_FOR_QUEUE_MS)]);
      await ack();
      if (await handingOff) return;
      deps.logger.warn({ deliveryId: deliveryIdOf(interaction) }, "interaction queue unavailable; handling the interaction here");
    } else {
      await ack();
    }
    deps.afterAck.run(() => runInteraction(interaction, client, sink, deps));
  };

  // Every listener takes the team from Bolt's context: the team it authorized (whose token the
  // client carries), never a team the payload names elsewhere (Slack Connect payloads name several).
  app.command("/mentor", async ({ command, ack, client, context }) => {
    const sink = deps.sink();
    const teamId = context.teamId;
    if (!sink || !teamId) return ack();
    const interaction: SlackInteraction = {
      kind: "command",
      team: teamId,
      user: command.user_id,
      userName: command.user_name,
      channel: command.channel_id,
      text: command.text.trim(),
      triggerId: command.trigger_id,
      responseUrl: command.response_url,
    };
    await acknowledge(interaction, ack, client, sink);
  });

  app.action<BlockAction>({ type: "block_actions" }, async ({ ack, body, action, client, context }) => {
    const sink = deps.sink();
    const teamId = context.teamId;
    const value = action.type === "static_select" ? action.selected_option.value : action.type === "button" ? (action.value ?? "") : undefined;
    if (!sink || !teamId || value === undefined) return ack();
    const interaction: SlackInteraction = {
      kind: "action",
      team: teamId,
      user: body.user.id,
      userName: body.user.name ?? "",
      actionId: action.action_id,
      value,
      triggerId: body.trigger_id,
      channel: body.channel?.id,
      responseUrl: body.response_url,
      messageTs: body.message?.ts,
    };
    await acknowledge(interaction, ack, client, sink);
  });

  app.view<ViewSubmitAction>(
    { type: "view_submission" },
    async ({ ack, body, view, client, context: { teamId } }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const sink = deps.sink();
      if (!sink || !teamId) return ack();
      const context = parseModalContext(view.private_metadata);
      // Answers wait until the modal is acknowledged: the ack must not queue behind Web API calls.
      let acked = false;
      const pending: (() => Promise<void>)[] = [];
      const direct = directResponder(client, body.user.id, context.channel, () => deps.openDm(teamId, body.user.id), undefined);
      const respond: Responder = {
        reply: async (message, options) => {
          if (acked) return direct.reply(message, options);
          pending.push(() => direct.reply(message, options));
        },
      };
      const submit = async () => {
        const actor = await actorFor(client, teamId, body.user.id, body.user.name);
        const conversation = makeRef("slack", teamId, context.channel ?? (await deps.openDm(teamId, body.user.id)));
        const values = readModalValues(view.state.values);
        return sink.submitForm({ kind: "formSubmit", formId: view.callback_id, values, metadata: context.metadata, actor, conversation, respond });
      };
      const handled = submit().then(
        (form) => ({ kind: "done" as const, form }),
        (error: unknown) => ({ kind: "failed" as const, error }),
      );
      const outcome = await Promise.race([handled, delay(FORM_ACK_BUDGET_MS).then(() => ({ kind: "late" as const }))]);
      // In time, field problems are shown next to the fields and the modal stays open.
      if (outcome.kind === "done" && outcome.form.kind === "invalid") {
        await ack({ response_action: "errors", errors: outcome.form.fieldErrors });
        return;
      }
      await ack();
      acked = true;
      for (const send of pending) await send();
      const final = outcome.kind === "late" ? await handled : outcome;
      if (final.kind === "done" && final.form.kind === "invalid") {
        // Too late for the modal, closed by now: the problems come as a private answer.
        await direct.reply(textMessage(`Your form was not saved: ${final.form.message}`), { private: true });
      } else if (final.kind === "failed") {
        if (isPlatformRefusal(final.error)) {
          deps.logger.warn({ err: final.error }, "Slack refused or rate-limited the answer to a form");
        } else {
          deps.logger.error({ err: final.error }, "form submit failed");
        }
      }
    },
  );

  app.event("app_home_opened", async ({ event, body, client, context }) => {
    const sink = deps.sink();
    const teamId = context.teamId;
    if (!sink || !teamId || event.tab !== "home" || !(await deps.claims.claim(teamId, body.event_id))) return;
    await sink.handle({ kind: "homeOpened", actor: await actorFor(client, teamId, event.user, "") });
  });

  app.event("member_joined_channel", async ({ event, body, client, context }) => {
    const sink = deps.sink();
    const teamId = context.teamId;
    if (!sink || !teamId || !(await deps.claims.claim(teamId, body.event_id))) return;
    const actor = await actorFor(client, teamId, event.user, "");
    await sink.handle({ kind: "memberJoined", actor, conversation: makeRef("slack", teamId, event.channel) });
  });

  // A deactivated account arrives as user_change with deleted: true. It is answered once handled
  // (redelivery.ts): a failure asks Slack for the event again. No claim, so that the retry is
  // handled; a repeat of a leaving already handled changes nothing in the core.
  app.event("user_change", async ({ event, context }) => {
    const sink = deps.sink();
    const teamId = context.teamId;
    if (!sink || !teamId || !event.user.deleted) return;
    try {
      await sink.handle({ kind: "memberLeft", user: makeRef("slack", teamId, event.user.id), workspace: makeRef("slack", teamId) });
    } catch (error) {
      throw new RedeliveryWanted(event.type, error);
    }
  });

  // Bolt does not authorize these two (the token may be gone already): a team the app is not
  // installed in has nothing to forget, and gets no workspace row.
  const uninstalled = async (teamId: string | undefined, eventId: string) => {
    if (teamId && (await deps.installedIn(teamId)) && (await deps.claims.claim(teamId, eventId))) await deps.onUninstalled(teamId);
  };

  app.event("app_uninstalled", async ({ body, context }) => {
    await uninstalled(context.teamId, body.event_id);
  });

  app.event("tokens_revoked", async ({ event, body, context }) => {
    // Only the bot token matters: user tokens are never requested.
    if ((event.tokens.bot ?? []).length > 0) await uninstalled(context.teamId, body.event_id);
  });
}

/** Whether the queue took the hand-off within `ms`. */
async function handOffWithin(handOff: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([handOff.then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
