import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { EventSink, HandedOffInteraction, InteractionRequest } from "../../src/core/adapter.js";
import type { Logger } from "../../src/core/logger.js";
import { makeRef } from "../../src/core/refs.js";
import { slackActor } from "./actor.js";
import { coreActionId } from "./render.js";
import { directResponder, responseUrlResponder } from "./responders.js";
import type { UserDirectory } from "./users.js";

const who = { team: z.string(), user: z.string(), userName: z.string(), triggerId: z.string() };

/**
 * A /mentor command or a button press as plain JSON: everything finishing it needs, whether
 * that happens in the process that acknowledged it or in a worker that took it off the queue.
 * No users.info answer and nothing from the database: those are looked up where it runs.
 */
const slackInteraction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("command"), ...who, channel: z.string(), text: z.string(), responseUrl: z.string() }),
  z.object({
    kind: z.literal("action"),
    ...who,
    /** Slack's action id (with any `~n` suffix), as the delivery id has always named it. */
    actionId: z.string(),
    value: z.string(),
    /** Absent for App Home buttons, which have no channel and no response_url. */
    channel: z.string().optional(),
    responseUrl: z.string().optional(),
    messageTs: z.string().optional(),
  }),
]);

export type SlackInteraction = z.infer<typeof slackInteraction>;

export interface InteractionEnv {
  users: UserDirectory;
  logger: Logger;
  openDm(teamId: string, userId: string): Promise<string>;
}

/** The core's dedupe key: the same for a retry of the delivery, whichever process runs it. */
export function deliveryIdOf(interaction: SlackInteraction): string {
  return interaction.kind === "command" ? `slack:${interaction.triggerId}` : `slack:${interaction.triggerId}:${interaction.actionId}`;
}

export function interactionRequest(interaction: SlackInteraction): InteractionRequest {
  return interaction.kind === "command"
    ? { kind: "command", text: interaction.text }
    : { kind: "action", actionId: coreActionId(interaction.actionId), value: interaction.value };
}

/** In a worker: a handed-off interaction read back from the queue and run on `sink`. */
export async function resumeSlackInteraction(
  handedOff: HandedOffInteraction,
  clientFor: (teamId: string) => Promise<webApi.WebClient>,
  sink: EventSink,
  env: InteractionEnv,
): Promise<void> {
  const interaction = slackInteraction.parse(handedOff);
  await runInteraction(interaction, await clientFor(interaction.team), sink, env);
}

/** Rebuilds the core event (actor, conversation, a Responder on the answer handle) and handles it. */
export async function runInteraction(interaction: SlackInteraction, client: webApi.WebClient, sink: EventSink, env: InteractionEnv): Promise<void> {
  const { team, user } = interaction;
  const actor = await slackActor(env.users, env.logger, client, team, user, interaction.userName);
  const deliveryId = deliveryIdOf(interaction);
  if (interaction.kind === "command") {
    const again = `run \`${`/mentor ${interaction.text}`.trim()}\` again`;
    await sink.handle({
      kind: "command",
      text: interaction.text,
      actor,
      conversation: makeRef("slack", team, interaction.channel),
      respond: responseUrlResponder(interaction.responseUrl, client, interaction.triggerId, interaction.channel, again),
      deliveryId,
    });
    return;
  }
  const { channel, responseUrl, messageTs } = interaction;
  const conversation = makeRef("slack", team, channel ?? (await env.openDm(team, user)));
  const again = "press the button again";
  const respond = responseUrl
    ? responseUrlResponder(responseUrl, client, interaction.triggerId, channel, again)
    : directResponder(client, user, undefined, () => env.openDm(team, user), { id: interaction.triggerId, again });
  await sink.handle({
    kind: "action",
    actionId: coreActionId(interaction.actionId),
    value: interaction.value,
    actor,
    conversation,
    respond,
    source: channel && messageTs ? { conversation, id: messageTs } : undefined,
    deliveryId,
  });
}
