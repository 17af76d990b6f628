import { webApi } from "@slack/bolt";
import type { Responder } from "../../src/core/events.js";
import { type Form, type Message, textMessage } from "../../src/core/message.js";
import { renderMessage, renderMessages, renderModal, type SlackBlock } from "./render.js";
import { postToResponseUrl } from "./response-url.js";
import { callSlack } from "./web-errors.js";

export const asBlocks = (blocks: SlackBlock[]) => blocks as unknown as webApi.KnownBlock[];

/**
 * Opens a modal for the person who just interacted. A trigger_id lives 3 s: when Slack says it
 * expired (the work before the form took longer), the person is told to `again`, e.g. "press
 * the button again".
 */
function modalOpener(
  client: webApi.WebClient,
  triggerId: string,
  channel: string | undefined,
  tellExpired: (message: Message) => Promise<void>,
  again: string,
): (form: Form) => Promise<void> {
  return async (form) => {
    try {
      await callSlack(() => client.views.open({ trigger_id: triggerId, view: renderModal(form, { channel }) as unknown as webApi.View }));
    } catch (error) {
      if (!(error instanceof webApi.WebAPIPlatformError && error.data.error === "expired_trigger_id")) throw error;
      await tellExpired(textMessage(`The form took too long to open, please ${again}.`));
    }
  };
}

/**
 * Answers through the interaction's response_url: ephemeral for private answers, in the
 * channel otherwise; `updateSource` replaces the message the button was on.
 */
export function responseUrlResponder(responseUrl: string, client: webApi.WebClient, triggerId: string, channel: string | undefined, again: string): Responder {
  const reply = async (message: Message, options?: { private?: boolean }) => {
    for (const part of renderMessages(message)) {
      await postToResponseUrl(responseUrl, {
        response_type: options?.private === false ? "in_channel" : "ephemeral",
        replace_original: false,
        text: part.text,
        blocks: part.blocks,
      });
    }
  };
  return {
    reply,
    async updateSource(message) {
      const part = renderMessage(message);
      await postToResponseUrl(responseUrl, { replace_original: true, text: part.text, blocks: part.blocks });
    },
    openForm: modalOpener(client, triggerId, channel, (notice) => reply(notice, { private: true }), again),
  };
}

/**
 * For interactions without a response_url (App Home buttons, modal submits): a private answer
 * is an ephemeral message where the person was, or a DM when there is no such place.
 */
export function directResponder(
  client: webApi.WebClient,
  userId: string,
  channel: string | undefined,
  openDm: () => Promise<string>,
  trigger: { id: string; again: string } | undefined,
): Responder {
  const send = async (message: Message, isPrivate: boolean) => {
    for (const part of renderMessages(message)) {
      const args = { text: part.text, blocks: asBlocks(part.blocks) };
      if (channel && isPrivate) {
        await callSlack(() => client.chat.postEphemeral({ channel, user: userId, ...args }));
      } else {
        const target = channel ?? (await openDm());
        await callSlack(() => client.chat.postMessage({ channel: target, ...args }));
      }
    }
  };
  const responder: Responder = { reply: (message, options) => send(message, options?.private !== false) };
  if (trigger) responder.openForm = modalOpener(client, trigger.id, channel, (notice) => send(notice, true), trigger.again);
  return responder;
}
