import type { Block, Message } from "../core/message.js";

/** Text made safe for HTML: every page builds from this, never from raw strings. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** A tagged template whose values are escaped unless they are already Html. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

function piece(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(piece).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** The bot's Markdown (bold, italics, code, fences, bullets) as HTML; the text is escaped first. */
export function markdownToHtml(markdown: string): Html {
  const parts = markdown.split(/```/);
  const out = parts.map((part, i) => (i % 2 === 1 ? `<pre>${escapeHtml(part.replace(/^\w*\n/, ""))}</pre>` : inlineMarkdown(part)));
  return new Html(out.join(""));
}

function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;!?]|$)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

/** A bot answer (the message model) as HTML; buttons are left out: they act in chat. */
export function messageToHtml(message: Message): Html {
  const blocks = message.blocks ?? [{ type: "section", markdown: message.text }];
  const files = (message.files ?? [])
    .filter((file) => file.contentType === "image/png")
    .map((file) => html`<img class="chart" alt="${file.alt}" src="data:image/png;base64,${Buffer.from(file.data).toString("base64")}">`);
  return html`<div class="answer">${blocks.map(blockToHtml)}${files}</div>`;
}

function blockToHtml(block: Block): Html {
  switch (block.type) {
    case "header":
      return html`<h3>${block.text}</h3>`;
    case "section":
      return html`<p>${markdownToHtml(block.markdown)}</p>`;
    case "fields":
      return html`<dl>${block.fields.map((f) => html`<dt>${markdownToHtml(f.label)}</dt><dd>${markdownToHtml(f.value)}</dd>`)}</dl>`;
    case "context":
      return html`<p class="context">${block.elements.map((e) => html`${markdownToHtml(e)} `)}</p>`;
    case "divider":
      return html`<hr>`;
    case "image":
      return html`<p class="context">${block.alt}</p>`;
    case "actions":
      return html``;
  }
}

export interface PageFrame {
  title: string;
  /** The workspace's id in URLs and its name; absent on pages outside a workspace. */
  workspace?: { id: number; name: string };
  viewer?: { name: string; admin: boolean };
  csrfToken?: string;
}

const NAV: { path: string; label: string; adminOnly?: boolean }[] = [
  { path: "", label: "Overview" },
  { path: "/schedules", label: "Schedules" },
  { path: "/pairing", label: "Pairing" },
  { path: "/lessons", label: "Lessons" },
  { path: "/skills", label: "Skills" },
  { path: "/checkins", label: "Check-ins" },
  { path: "/failures", label: "Delivery failures", adminOnly: true },
  { path: "/course", label: "Course" },
  { path: "/report", label: "Report", adminOnly: true },
];

/** The page around a body: navigation for the viewer, the logout form with its CSRF token. */
export function layout(frame: PageFrame, body: Html): string {
  const { workspace, viewer } = frame;
  const nav = workspace
    ? NAV.filter((item) => !item.adminOnly || viewer?.admin).map((item) => html`<a href="/w/${workspace.id}${item.path}">${item.label}</a>`)
    : [];
  const logout =
    viewer && frame.csrfToken
      ? html`<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${frame.csrfToken}"><span>${viewer.name}${viewer.admin ? " (admin)" : ""}</span> <button type="submit">Sign out</button></form>`
      : html``;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Mentor</title><link rel="stylesheet" href="/assets/dashboard.css"></head>
<body><header><strong>Mentor</strong> ${workspace ? html`<span class="workspace">${workspace.name}</span>` : ""}<nav>${nav}</nav>${logout}</header>
<main><h1>${frame.title}</h1>${body}</main>
<script src="/assets/chart.umd.min.js"></script><script src="/assets/dashboard.js"></script></body></html>`.value;
}

/** Data for the page's script (charts), as JSON in a non-executed script element: no inline code. */
export function chartData(id: string, data: unknown): Html {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return html`<canvas class="trend" data-chart="${id}"></canvas><script type="application/json" id="${id}">${new Html(json)}</script>`;
}
