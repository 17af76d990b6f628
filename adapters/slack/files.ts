import type { webApi } from "@slack/bolt";
import { type EventSink, PermanentDeliveryError } from "../../src/core/adapter.js";
import type { IncomingEvent, Responder } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import { type Message, type MessageFile, ui } from "../../src/core/message.js";
import { callSlack } from "./web-errors.js";

/**
 * Shares files in a conversation the current Slack way: files.uploadV2 asks
 * files.getUploadURLExternal for an upload URL per file, POSTs the bytes there, and shares them
 * all with one files.completeUploadExternal (needs the files:write scope).
 */
export async function shareFiles(client: webApi.WebClient, channel: string, files: MessageFile[]): Promise<void> {
  await callSlack(() =>
    client.filesUploadV2({
      channel_id: channel,
      file_uploads: files.map((file) => ({ file: Buffer.from(file.data), filename: file.name, title: file.alt, alt_text: file.alt })),
    }),
  );
}

/** Where an answer's files can go: the conversation it came from, or the person's DM with the bot. */
export interface FilePlaces {
  client(): Promise<webApi.WebClient>;
  /** Slack channel id of the conversation the answer is for. */
  channel: string;
  dm(): Promise<string>;
  logger: Logger;
}

/**
 * Puts an answer's files where its reader can open them, before the answer goes out, and returns
 * the answer to send in their place.
 *
 * A private answer is ephemeral (chat.postEphemeral or a response_url), and neither can carry a
 * file; sharing it in the channel instead would show a private answer (someone's skills, the
 * team report) to everyone. So the files of a private answer go to the person's DM with the bot,
 * and the answer says they are there. A public answer's files are shared in its channel.
 * When Slack refuses the upload (an install from before files:write was asked for, say), the
 * answer carries the files' descriptions and the reason instead, and the refusal is logged.
 */
export async function placeFiles(message: Message, isPrivate: boolean, places: FilePlaces): Promise<Message> {
  const files = message.files ?? [];
  if (files.length === 0) return message;
  const names = files.map((f) => f.name).join(", ");
  try {
    const channel = isPrivate ? await places.dm() : places.channel;
    await shareFiles(await places.client(), channel, files);
    return isPrivate ? withLine(message, `📎 ${names}: sent to you in a direct message.`) : withLine(message);
  } catch (error) {
    places.logger.warn({ err: error, files: names }, "Slack file upload failed; the answer describes the files instead");
    const reason = error instanceof PermanentDeliveryError ? `Slack said ${error.code}` : "the upload failed";
    return withLine(message, `📎 ${files.map((f) => f.alt).join("; ")} (not attached: ${reason}).`);
  }
}

/** The message without its files, with one more context line when given. */
function withLine(message: Message, line?: string): Message {
  if (!line) return { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) };
  return { text: `${message.text}\n${line}`, blocks: [...(message.blocks ?? [ui.section(message.text)]), ui.context(line)] };
}

/** A Responder whose answers have their files placed first (see placeFiles). */
function answeringWithFiles(responder: Responder, places: FilePlaces): Responder {
  return { ...responder, reply: async (message, options) => responder.reply(await placeFiles(message, options?.private !== false, places), options) };
}

type AnsweredEvent = Extract<IncomingEvent, { respond: Responder }>;

/**
 * The sink with every answer's files placed before the answer is rendered, form submits' answers
 * included. Everything else the sink offers (handing off, form checks) passes through unchanged.
 */
export function placingFiles(sink: EventSink, placesFor: (event: AnsweredEvent) => FilePlaces): EventSink {
  const withFiles = <E extends AnsweredEvent>(event: E): E => ({ ...event, respond: answeringWithFiles(event.respond, placesFor(event)) });
  const handle: EventSink["handle"] = (event) => sink.handle("respond" in event ? withFiles(event) : event);
  const submitForm: EventSink["submitForm"] = (event) => sink.submitForm(withFiles(event));
  return new Proxy(sink, {
    get(target, key) {
      if (key === "handle") return handle;
      if (key === "submitForm") return submitForm;
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
