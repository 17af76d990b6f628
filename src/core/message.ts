/**
 * The platform-neutral message model. The core builds these; each adapter renders them
 * (Block Kit, embeds and components, terminal text) within its platform's limits.
 * Section text is Markdown (**bold**, _italic_, `code`, fences, lists); adapters translate it.
 */

export interface Button {
  type: "button";
  /** Stable id routed to the core's action handlers, e.g. "lesson.done". */
  actionId: string;
  label: string;
  /** Opaque data for the handler (an id, never a secret). */
  value: string;
  style?: "primary" | "danger";
}

export interface SelectOption {
  label: string;
  value: string;
}

export interface Select {
  type: "select";
  actionId: string;
  placeholder: string;
  options: SelectOption[];
}

export type ActionElement = Button | Select;

export type Block =
  | { type: "header"; text: string }
  | { type: "section"; markdown: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "context"; elements: string[] }
  | { type: "image"; url: string; alt: string }
  | { type: "divider" }
  | { type: "actions"; elements: ActionElement[] };

/** A file sent with a message (a chart). Adapters upload it; one that cannot shows `alt`. */
export interface MessageFile {
  name: string;
  contentType: "image/png" | "text/csv";
  data: Uint8Array;
  alt: string;
}

export interface Message {
  /** Plain-text fallback: notifications, screen readers, terminals. Always set. */
  text: string;
  blocks?: Block[];
  files?: MessageFile[];
}

export type FormInput =
  | {
      kind: "text" | "longText";
      id: string;
      label: string;
      required: boolean;
      maxLength?: number;
      initial?: string;
      placeholder?: string;
      /** Pasted tool output: kept verbatim, many lines (the console reads lines until one holding only "."). */
      paste?: boolean;
    }
  | { kind: "number"; id: string; label: string; required: boolean; min: number; max: number; initial?: string }
  | { kind: "choice"; id: string; label: string; required: boolean; options: SelectOption[]; initial?: string };

export interface Form {
  /** Routed to the core's form handlers on submit, e.g. "checkin". */
  id: string;
  title: string;
  inputs: FormInput[];
  submitLabel: string;
  /** Opaque context handed back on submit (ids only). */
  metadata?: string;
}

/** Builders keep call sites short and the shapes right. */
export const ui = {
  header: (text: string): Block => ({ type: "header", text }),
  section: (markdown: string): Block => ({ type: "section", markdown }),
  fields: (fields: { label: string; value: string }[]): Block => ({ type: "fields", fields }),
  context: (...elements: string[]): Block => ({ type: "context", elements }),
  divider: (): Block => ({ type: "divider" }),
  actions: (...elements: ActionElement[]): Block => ({ type: "actions", elements }),
  button: (actionId: string, label: string, value: string, style?: Button["style"]): Button =>
    style ? { type: "button", actionId, label, value, style } : { type: "button", actionId, label, value },
};

/** A message that is just text (a short answer, a refusal). */
export function textMessage(text: string): Message {
  return { text, blocks: [{ type: "section", markdown: text }] };
}
