import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APILabelComponent,
  APIModalInteractionResponseCallbackData,
  RawFile,
} from "discord.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import type { ActionElement, Block, Form, FormInput, Message } from "../../src/core/message.js";
import { splitMarkdown } from "../../src/core/split-text.js";
import { attachable } from "./attachments.js";
import { forDiscord } from "./for-discord.js";

/** Discord's limits (PLATFORM-LIMITS); the emulator enforces the same numbers. */
export const DISCORD_LIMITS = {
  embedsPerMessage: 10,
  embedCharacters: 6_000,
  description: 4_096,
  title: 256,
  fieldsPerEmbed: 25,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  modalTitle: 45,
} as const;

const BUTTON_STYLE = { primary: 1, secondary: 2, danger: 4 } as const;
/** Separates action id and value in a button's custom_id, and form id and metadata in a modal's. */
const SEPARATOR = "|";

/** Mentions in what the bot sends may ping the people named, never @everyone, @here or a role. */
export const ALLOWED_MENTIONS = { parse: ["users" as const] };

/** One Discord message body. A long core message becomes several, buttons and files on the last. */
export interface DiscordPayload {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowed_mentions: typeof ALLOWED_MENTIONS;
  /** Sent as multipart parts beside the JSON body (attachments.ts), never inside it. */
  files?: RawFile[];
}

export interface RenderOptions {
  /** Set on the first embed of each part: how a press on a DM's button finds its server. */
  serverLink?: string;
  /** The bot's commands: the `/mentor …` lines the core wrote are shown as Discord lays them out. */
  commands?: readonly CommandDefinitionSummary[];
}

/**
 * The core message as embeds and components. Sections become embed descriptions (split at
 * 4,096 without cutting words), a header starts an embed with a title, fields become embed
 * fields, context becomes small "-#" text, a divider closes the embed. Parts are cut at 10
 * embeds or 6,000 characters, whichever comes first.
 */
export function renderMessage(original: Message, options: RenderOptions = {}): DiscordPayload[] {
  const { message, files } = attachable(forDiscord(original, options.commands));
  const blocks = (message.blocks ?? []).length > 0 ? (message.blocks as Block[]) : [{ type: "section" as const, markdown: message.text }];
  const content = blocks.filter((b) => b.type !== "actions");
  const embeds = buildEmbeds(content.length > 0 ? content : [{ type: "section", markdown: message.text }]);
  const components = buildRows(blocks.flatMap((b) => (b.type === "actions" ? [b.elements] : [])));
  const parts: DiscordPayload[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length === DISCORD_LIMITS.embedsPerMessage || (current.length > 0 && size + length > DISCORD_LIMITS.embedCharacters)) {
      parts.push({ embeds: current, components: [], allowed_mentions: ALLOWED_MENTIONS });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  parts.push({ embeds: current, components, allowed_mentions: ALLOWED_MENTIONS, ...(files.length > 0 ? { files } : {}) });
  if (options.serverLink) for (const part of parts) if (part.embeds[0]) part.embeds[0] = { ...part.embeds[0], url: options.serverLink };
  return parts;
}

function buildEmbeds(blocks: Block[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let embed: APIEmbed | undefined;
  const open = (): APIEmbed => {
    embed ??= {};
    return embed;
  };
  const close = () => {
    if (embed && Object.keys(embed).length > 0) embeds.push(embed);
    embed = undefined;
  };
  const addText = (markdown: string) => {
    for (const piece of splitMarkdown(markdown, DISCORD_LIMITS.description)) {
      const current = open();
      const joined = current.description ? `${current.description}\n\n${piece}` : piece;
      // Fields render after the description, so text that follows fields starts a new embed.
      if (joined.length > DISCORD_LIMITS.description || current.fields || current.image) {
        close();
        open().description = piece;
      } else {
        current.description = joined;
      }
    }
  };
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        close();
        open().title = block.text.slice(0, DISCORD_LIMITS.title);
        break;
      case "section":
        addText(block.markdown);
        break;
      case "context":
        addText(contextText(block.elements));
        break;
      case "fields":
        for (const field of block.fields) {
          const current = open();
          const fields = current.fields ?? [];
          if (
            fields.length === DISCORD_LIMITS.fieldsPerEmbed ||
            embedLength(current) + field.label.length + field.value.length > DISCORD_LIMITS.embedCharacters
          ) {
            close();
          }
          const target = open();
          target.fields = [...(target.fields ?? []), { name: field.label, value: field.value, inline: true }];
        }
        break;
      case "image":
        if (embed?.image) close();
        open().image = { url: block.url };
        break;
      case "divider":
        close();
        break;
      case "actions":
        break;
    }
  }
  close();
  return embeds;
}

/** Discord's subtext ("-# ") is the small grey line Slack calls context. */
function contextText(elements: string[]): string {
  const flat = elements.map((e) => e.replace(/\s*\n+\s*/g, " "));
  const line = `-# ${flat.join(" · ")}`;
  return line.length <= DISCORD_LIMITS.description ? line : flat.map((e) => `-# ${e}`).join("\n");
}

function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length + fields;
}

function buildRows(blocks: ActionElement[][]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIComponentInMessageActionRow[][] = [];
  for (const elements of blocks) {
    let buttons: APIComponentInMessageActionRow[] = [];
    for (const element of elements) {
      if (element.type === "select") {
        // A select fills a whole row on Discord.
        rows.push([
          {
            type: 3,
            custom_id: element.actionId,
            placeholder: element.placeholder,
            options: element.options.map((o) => ({ label: o.label, value: o.value })),
          },
        ]);
        continue;
      }
      buttons.push({
        type: 2,
        style: BUTTON_STYLE[element.style ?? "secondary"],
        label: element.label,
        custom_id: packAction(element.actionId, element.value),
      });
      if (buttons.length === DISCORD_LIMITS.buttonsPerRow) {
        rows.push(buttons);
        buttons = [];
      }
    }
    if (buttons.length > 0) rows.push(buttons);
  }
  if (rows.length > DISCORD_LIMITS.actionRows) {
    throw new Error(`A message needs ${rows.length} action rows; Discord allows ${DISCORD_LIMITS.actionRows} (a select takes a row of its own).`);
  }
  return rows.map((components) => ({ type: 1, components }));
}

export function packAction(actionId: string, value: string): string {
  const packed = `${actionId}${SEPARATOR}${value}`;
  if (packed.length > DISCORD_LIMITS.customId) throw new Error(`Button ${actionId}: id and value exceed Discord's 100-character custom_id`);
  return packed;
}

/** A button's custom_id holds "actionId|value"; a select's holds the action id alone. */
export function unpackAction(customId: string): { actionId: string; value: string } {
  const at = customId.indexOf(SEPARATOR);
  return at === -1 ? { actionId: customId, value: "" } : { actionId: customId.slice(0, at), value: customId.slice(at + 1) };
}

/** A number input's custom_id carries its range ("mood#1..5"): Discord keeps no form state for us. */
const NUMBER_ID = /^(.+)#(-?\d+)\.\.(-?\d+)$/;

/** A form as a modal: each input in a label, choices as a select, numbers as checked text. */
export function renderForm(form: Form): APIModalInteractionResponseCallbackData {
  const customId = `${form.id}${SEPARATOR}${form.metadata ?? ""}`;
  if (customId.length > DISCORD_LIMITS.customId) throw new Error(`Form ${form.id}: id and metadata exceed Discord's 100-character modal custom_id`);
  return {
    custom_id: customId,
    title: form.title.slice(0, DISCORD_LIMITS.modalTitle),
    components: form.inputs.map(renderInput),
  } as unknown as APIModalInteractionResponseCallbackData;
}

function renderInput(input: FormInput): APILabelComponent {
  const label = { type: 18, label: input.label } as const;
  switch (input.kind) {
    case "choice":
      return {
        ...label,
        component: {
          type: 3,
          custom_id: input.id,
          required: input.required,
          min_values: input.required ? 1 : 0,
          max_values: 1,
          options: input.options.map((o) => ({ label: o.label, value: o.value, default: o.value === input.initial })),
        },
      } as APILabelComponent;
    case "number":
      return {
        ...label,
        description: `A whole number from ${input.min} to ${input.max}.`,
        component: {
          type: 4,
          custom_id: `${input.id}#${input.min}..${input.max}`,
          style: 1,
          required: input.required,
          max_length: Math.max(String(input.min).length, String(input.max).length),
          ...(input.initial ? { value: input.initial } : {}),
        },
      } as APILabelComponent;
    default:
      return {
        ...label,
        component: {
          type: 4,
          custom_id: input.id,
          style: input.kind === "longText" ? 2 : 1,
          required: input.required,
          ...(input.maxLength ? { max_length: input.maxLength } : {}),
          ...(input.initial ? { value: input.initial } : {}),
          ...(input.placeholder ? { placeholder: input.placeholder.slice(0, 100) } : {}),
        },
      } as APILabelComponent;
  }
}

export function unpackForm(customId: string): { formId: string; metadata: string | undefined } {
  const at = customId.indexOf(SEPARATOR);
  if (at === -1) return { formId: customId, metadata: undefined };
  const metadata = customId.slice(at + 1);
  return { formId: customId.slice(0, at), metadata: metadata === "" ? undefined : metadata };
}

/** Submitted modal values by input id, and the problems Discord could not check for us. */
export function readFormValues(submitted: { customId: string; value?: string; values?: readonly string[] }[]): {
  values: Record<string, string>;
  problems: Record<string, string>;
} {
  const values: Record<string, string> = {};
  const problems: Record<string, string> = {};
  for (const field of submitted) {
    const number = NUMBER_ID.exec(field.customId);
    const id = number ? (number[1] as string) : field.customId;
    const value = (field.values ? (field.values[0] ?? "") : (field.value ?? "")).trim();
    if (value === "") continue;
    if (number) {
      const [min, max] = [Number(number[2]), Number(number[3])];
      if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        problems[id] = `"${value.slice(0, 20)}" is not a whole number from ${min} to ${max}.`;
        continue;
      }
    }
    values[id] = value;
  }
  return { values, problems };
}
