import type { ActionElement, Block, Form, FormInput, Message } from "../../src/core/message.js";
import { splitMarkdown } from "../../src/core/split-text.js";
import { withoutMarks } from "../../src/core/text.js";
import { escapeMrkdwn, toMrkdwn } from "./mrkdwn.js";

/** Slack's Block Kit limits (shared PLATFORM-LIMITS), the ones rendering must respect. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3_000,
  fieldText: 2_000,
  plainText: 150,
  buttonText: 75,
  text: 40_000,
  modalTitle: 24,
  privateMetadata: 3_000,
  inputMaxLength: 3_000,
} as const;

/** Markdown is split below the section limit, leaving room for what escaping adds. */
const SECTION_SOURCE_MAX = 2_400;

// Block Kit objects are plain JSON; the shapes are checked by the emulator field by field.
export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const plain = (text: string, max: number = SLACK_LIMITS.plainText) => ({ type: "plain_text", text: clip(withoutMarks(text), max), emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });

/**
 * Renders a core message to Block Kit. Long sections become several sections; a message that
 * still needs more than `maxBlocks` blocks comes back as several messages, in order.
 */
export function renderMessages(message: Message, maxBlocks: number = SLACK_LIMITS.messageBlocks): SlackMessage[] {
  const blocks = renderBlocks(message.blocks ?? [{ type: "section", markdown: message.text }]);
  // Files are uploaded beside the message (files.ts); here their description stands in for them,
  // a caption where they follow and the whole story where they cannot go (an update, App Home).
  for (const file of message.files ?? []) blocks.push({ type: "context", elements: [mrkdwn(clip(escapeMrkdwn(file.alt), SLACK_LIMITS.fieldText))] });
  const text = clip(escapeMrkdwn(message.text), SLACK_LIMITS.text);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length || i === 0; i += maxBlocks) messages.push({ text, blocks: blocks.slice(i, i + maxBlocks) });
  return messages;
}

/** One message, for the places that can only carry one (update, respond, App Home). */
export function renderMessage(message: Message, maxBlocks: number = SLACK_LIMITS.messageBlocks): SlackMessage {
  const [first, ...rest] = renderMessages(message, maxBlocks);
  if (rest.length > 0) throw new Error(`Message needs ${rest.length + 1} Slack messages; it cannot be sent as one`);
  return first as SlackMessage;
}

function renderBlocks(blocks: Block[]): SlackBlock[] {
  return blocks.flatMap((block): SlackBlock[] => {
    switch (block.type) {
      case "header":
        return [{ type: "header", text: plain(block.text) }];
      case "section":
        return sectionTexts(block.markdown).map((text) => ({ type: "section", text: mrkdwn(text) }));
      case "fields":
        return [
          {
            type: "section",
            fields: block.fields.map((f) => mrkdwn(clip(`*${escapeMrkdwn(f.label)}*\n${toMrkdwn(f.value)}`, SLACK_LIMITS.fieldText))),
          },
        ];
      case "context":
        return [{ type: "context", elements: block.elements.map((e) => mrkdwn(clip(toMrkdwn(e), SLACK_LIMITS.fieldText))) }];
      case "image":
        return [{ type: "image", image_url: block.url, alt_text: clip(block.alt, 2_000) }];
      case "divider":
        return [{ type: "divider" }];
      case "actions":
        return [{ type: "actions", elements: renderElements(block.elements) }];
    }
    return [];
  });
}

function sectionTexts(markdown: string): string[] {
  return splitMarkdown(markdown, SECTION_SOURCE_MAX).flatMap((piece) => {
    const converted = toMrkdwn(piece);
    // Heavy escaping (many & < >) can push a piece over; split the converted text once more.
    return converted.length <= SLACK_LIMITS.sectionText ? [converted] : splitMarkdown(converted, SLACK_LIMITS.sectionText);
  });
}

/**
 * Slack wants action ids unique within a block, while the core may give several buttons one id
 * (answer options told apart by value). Repeats get a `~N` suffix that `coreActionId` removes.
 */
function renderElements(elements: ActionElement[]): SlackBlock[] {
  const seen = new Map<string, number>();
  return elements.map((element) => {
    const count = (seen.get(element.actionId) ?? 0) + 1;
    seen.set(element.actionId, count);
    const action_id = count === 1 ? element.actionId : `${element.actionId}~${count}`;
    if (element.type === "button") {
      const button: SlackBlock = { type: "button", action_id, text: plain(element.label, SLACK_LIMITS.buttonText), value: element.value };
      if (element.style) button.style = element.style;
      return button;
    }
    return {
      type: "static_select",
      action_id,
      placeholder: plain(element.placeholder),
      options: element.options.map((o) => ({ text: plain(o.label, 75), value: o.value })),
    };
  });
}

/** The core's action id behind a Slack action id (see renderElements). */
export function coreActionId(slackActionId: string): string {
  return slackActionId.replace(/~\d+$/, "");
}

/** What a modal carries back on submit, besides the values. */
export interface ModalContext {
  /** Where the form was opened, so the answer can go there. */
  channel?: string;
  metadata?: string;
}

/** A form as a modal: one input block per field, block_id = input id, action_id "value". */
export function renderModal(form: Form, context: ModalContext): SlackBlock {
  const privateMetadata = JSON.stringify({ c: context.channel, m: context.metadata ?? form.metadata });
  if (privateMetadata.length > SLACK_LIMITS.privateMetadata) throw new Error("Form metadata is too long for a Slack modal");
  return {
    type: "modal",
    callback_id: form.id,
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, 24),
    close: plain("Cancel", 24),
    private_metadata: privateMetadata,
    blocks: form.inputs.map(renderInput),
  };
}

export function parseModalContext(privateMetadata: string | undefined): ModalContext {
  try {
    const parsed = JSON.parse(privateMetadata ?? "{}") as { c?: unknown; m?: unknown };
    return {
      channel: typeof parsed.c === "string" ? parsed.c : undefined,
      metadata: typeof parsed.m === "string" ? parsed.m : undefined,
    };
  } catch {
    return {};
  }
}

function renderInput(input: FormInput): SlackBlock {
  return { type: "input", block_id: input.id, optional: !input.required, label: plain(input.label, 2_000), element: renderInputElement(input) };
}

function renderInputElement(input: FormInput): SlackBlock {
  switch (input.kind) {
    case "text":
    case "longText": {
      const element: SlackBlock = { type: "plain_text_input", action_id: "value", multiline: input.kind === "longText" };
      // Slack's plain_text_input stops at 3,000 characters; a longer limit is the core's, for other platforms.
      if (input.maxLength !== undefined) element.max_length = Math.min(input.maxLength, SLACK_LIMITS.inputMaxLength);
      if (input.initial) element.initial_value = input.initial;
      if (input.placeholder) element.placeholder = plain(input.placeholder);
      return element;
    }
    case "number": {
      const element: SlackBlock = {
        type: "number_input",
        action_id: "value",
        is_decimal_allowed: false,
        min_value: String(input.min),
        max_value: String(input.max),
      };
      if (input.initial) element.initial_value = input.initial;
      return element;
    }
    case "choice": {
      const options = input.options.map((o) => ({ text: plain(o.label, 75), value: o.value }));
      const element: SlackBlock = { type: "static_select", action_id: "value", options };
      const initial = options.find((o) => o.value === input.initial);
      if (initial) element.initial_option = initial;
      return element;
    }
  }
}

/** The submitted values of a modal rendered by renderModal, by input id. */
export function readModalValues(
  stateValues: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(stateValues)) {
    const state = actions.value;
    const value = state?.selected_option?.value ?? state?.value;
    if (typeof value === "string" && value.length > 0) values[blockId] = value;
  }
  return values;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
