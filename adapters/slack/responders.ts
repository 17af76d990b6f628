import type { RespondFn, webApi } from "@slack/bolt";
import type { Responder } from "../../src/core/events.js";
import type { Form, Message } from "../../src/core/message.js";
import { renderMessage, renderMessages, renderModal, type SlackBlock } from "./render.js";
import { callSlack } from "./web-errors.js";

export const asBlocks = (blocks: SlackBlock[]) => blocks as unknown as webApi.KnownBlock[];

/** Opens a modal for the person who just interacted (trigger_id lives 3 s: open right after ack). */
function modalOpener(client: webApi.WebClient, triggerId: string, channel: string | undefined): (form: Form) => Promise<void> {
  return async (form) => {
    await callSlack(() => client.views.open({ trigger_id: triggerId, view: renderModal(form, { channel }) as unknown as webApi.View }));
  };
}

/**
 * Answers through the interaction's response_url: ephemeral for private answers, in the
 * channel otherwise; `updateSource` replaces the message the button was on.
 */
export function responseUrlResponder(respond: RespondFn, client: webApi.WebClient, triggerId: string, channel: string | undefined): Responder {
  return {
    async reply(message, options) {
      for (const part of renderMessages(message)) {
        await respond({
          response_type: options?.private === false ? "in_channel" : "ephemeral",
          replace_original: false,
          text: part.text,
          blocks: asBlocks(part.blocks),
        });
      }
    },
    async updateSource(message) {
      const part = renderMessage(message);
      await respond({ replace_original: true, text: part.text, blocks: asBlocks(part.blocks) });
    },
    openForm: modalOpener(client, triggerId, channel),
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
  triggerId: string | undefined,
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
  if (triggerId) responder.openForm = modalOpener(client, triggerId, channel);
  return responder;
}
