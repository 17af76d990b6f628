import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from "@slack/bolt";
import type { EventSink } from "../../src/core/adapter.js";
import { FormValidationError } from "../../src/core/errors.js";
import type { Actor, Responder } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import { textMessage } from "../../src/core/message.js";
import { makeRef } from "../../src/core/refs.js";
import type { AfterAck } from "./after-ack.js";
import { coreActionId, parseModalContext, readModalValues } from "./render.js";
import { directResponder, responseUrlResponder } from "./responders.js";
import type { UserDirectory } from "./users.js";

/** Events API deliveries already handled, by event_id (Slack retries; Bolt does not dedupe). */
export interface DeliveryClaims {
  /** True the first time a (team, event id) is seen, false for every repeat. */
  claim(teamId: string, eventId: string): Promise<boolean>;
}

export interface ReceiveDeps {
  sink: () => EventSink | undefined;
  users: UserDirectory;
  claims: DeliveryClaims;
  afterAck: AfterAck;
  logger: Logger;
  openDm(teamId: string, userId: string): Promise<string>;
  /** A workspace removed the app or revoked its bot token. */
  onUninstalled(teamId: string): Promise<void>;
}

/** How long a modal submit may take before the modal is closed and the answer comes later. */
const FORM_ACK_BUDGET_MS = 2_000;

/**
 * Bolt listeners → core events. Every interaction is acknowledged first (Slack wants an answer
 * within 3 s), then handled; the one exception is a modal submit, which waits up to 2 s for the
 * core so that validation errors can be shown inside the modal.
 */
export function registerListeners(app: App, deps: ReceiveDeps): void {
  const actorFor = async (client: webApi.WebClient, teamId: string, userId: string, fallbackName: string): Promise<Actor> => {
    const actor: Actor = {
      user: makeRef("slack", teamId, userId),
      workspace: makeRef("slack", teamId),
      displayName: fallbackName || userId,
      platformAdmin: false,
    };
    try {
      const user = await deps.users.lookup(client, teamId, userId);
      actor.displayName = user.displayName;
      actor.platformAdmin = user.isAdmin;
      if (user.timezone) actor.timezone = user.timezone;
    } catch (error) {
      // Without users.info the person still gets an answer, as a non-admin in the workspace zone.
      deps.logger.warn({ err: error, teamId, userId }, "users.info failed");
    }
    return actor;
  };

  app.command("/mentor", async ({ command, ack, respond, client }) => {
    await ack();
    const sink = deps.sink();
    if (!sink) return;
    deps.afterAck.run(async () => {
      const actor = await actorFor(client, command.team_id, command.user_id, command.user_name);
      await sink.handle({
        kind: "command",
        text: command.text.trim(),
        actor,
        conversation: makeRef("slack", command.team_id, command.channel_id),
        respond: responseUrlResponder(respond, client, command.trigger_id, command.channel_id),
        deliveryId: `slack:${command.trigger_id}`,
      });
    });
  });

  app.action<BlockAction>(
    { type: "block_actions" },
    async ({ ack, body, action, respond, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
      await ack();
      const sink = deps.sink();
      const teamId = body.team?.id ?? body.user.team_id;
      if (!sink || !teamId) return;
      const value = action.type === "static_select" ? action.selected_option.value : action.type === "button" ? (action.value ?? "") : undefined;
      if (value === undefined) return;
      const channelId = body.channel?.id;
      deps.afterAck.run(async () => {
        const actor = await actorFor(client, teamId, body.user.id, body.user.name ?? "");
        const conversation = makeRef("slack", teamId, channelId ?? (await deps.openDm(teamId, body.user.id)));
        const respondTo: Responder = body.response_url
          ? responseUrlResponder(respond, client, body.trigger_id, channelId)
          : directResponder(client, body.user.id, undefined, () => deps.openDm(teamId, body.user.id), body.trigger_id);
        await sink.handle({
          kind: "action",
          actionId: coreActionId(action.action_id),
          value,
          actor,
          conversation,
          respond: respondTo,
          source: channelId && body.message?.ts ? { conversation, id: body.message.ts } : undefined,
          deliveryId: `slack:${body.trigger_id}:${action.action_id}`,
        });
      });
    },
  );

  app.view<ViewSubmitAction>(
    { type: "view_submission" },
    async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const sink = deps.sink();
      const teamId = view.team_id || body.team?.id;
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
        await sink.handle({ kind: "formSubmit", formId: view.callback_id, values, metadata: context.metadata, actor, conversation, respond });
      };
      const handled = submit().then(
        () => ({ kind: "done" as const }),
        (error: unknown) => ({ kind: "failed" as const, error }),
      );
      const outcome = await Promise.race([handled, delay(FORM_ACK_BUDGET_MS).then(() => ({ kind: "late" as const }))]);
      if (outcome.kind === "failed" && outcome.error instanceof FormValidationError) {
        await ack({ response_action: "errors", errors: outcome.error.fieldErrors });
        return;
      }
      await ack();
      acked = true;
      for (const send of pending) await send();
      const final = outcome.kind === "late" ? await handled : outcome;
      if (final.kind === "failed") {
        if (final.error instanceof FormValidationError) {
          await direct.reply(textMessage(`Your form was not saved: ${final.error.message}`), { private: true });
        } else {
          deps.logger.error({ err: final.error }, "form submit failed");
        }
      }
    },
  );

  app.event("app_home_opened", async ({ event, body, client }) => {
    const sink = deps.sink();
    const teamId = body.team_id;
    if (!sink || event.tab !== "home" || !(await deps.claims.claim(teamId, body.event_id))) return;
    await sink.handle({ kind: "homeOpened", actor: await actorFor(client, teamId, event.user, "") });
  });

  app.event("member_joined_channel", async ({ event, body, client }) => {
    const sink = deps.sink();
    const teamId = body.team_id;
    if (!sink || !(await deps.claims.claim(teamId, body.event_id))) return;
    const actor = await actorFor(client, teamId, event.user, "");
    await sink.handle({ kind: "memberJoined", actor, conversation: makeRef("slack", teamId, event.channel) });
  });

  // A deactivated account arrives as user_change with deleted: true.
  app.event("user_change", async ({ event, body }) => {
    const sink = deps.sink();
    const teamId = body.team_id;
    if (!sink || !event.user.deleted || !(await deps.claims.claim(teamId, body.event_id))) return;
    await sink.handle({ kind: "memberLeft", user: makeRef("slack", teamId, event.user.id), workspace: makeRef("slack", teamId) });
  });

  app.event("app_uninstalled", async ({ body }) => {
    if (await deps.claims.claim(body.team_id, body.event_id)) await deps.onUninstalled(body.team_id);
  });

  app.event("tokens_revoked", async ({ event, body }) => {
    // Only the bot token matters: user tokens are never requested.
    if ((event.tokens.bot ?? []).length > 0 && (await deps.claims.claim(body.team_id, body.event_id))) await deps.onUninstalled(body.team_id);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
