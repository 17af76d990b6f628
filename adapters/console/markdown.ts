import { mapReaderTimes, mapUserText } from "../../src/core/text.js";

/** How terminal text is shown: `ansi` styles it for a terminal, `plain` (a pipe, a file) takes the marks out. */
export type TerminalStyle = "ansi" | "plain";

const ANSI = {
  bold: ["\x1b[1m", "\x1b[22m"],
  italic: ["\x1b[3m", "\x1b[23m"],
  code: ["\x1b[36m", "\x1b[39m"],
  dim: ["\x1b[2m", "\x1b[22m"],
  underline: ["\x1b[4m", "\x1b[24m"],
} as const;

type Mark = keyof typeof ANSI;

function styled(style: TerminalStyle, mark: Mark, text: string): string {
  return style === "ansi" ? `${ANSI[mark][0]}${text}${ANSI[mark][1]}` : text;
}

/**
 * The core's Markdown for a terminal: **bold**, _italic_ and *italic*, `code`, fenced code,
 * [links](url), # headings and - lists. Text a person wrote (userText) is printed exactly as
 * written, never read as Markdown; times are written out in the zone the message was made for.
 */
export function terminalMarkdown(text: string, style: TerminalStyle): string {
  const withTimes = mapReaderTimes(text, (_epoch, _style, fallback) => fallback);
  // The Markdown is read as a whole, with each written span held by a placeholder: marks around
  // or beside a span (**{node}**, `ANALYZE {relation};`) pair up as they were written, and the
  // written text is put back exactly as it was, never read as Markdown.
  const written: string[] = [];
  const held = mapUserText(
    withTimes,
    (span) => `${HOLD_START}${written.push(span) - 1}${HOLD_END}`,
    (markdown) => markdown,
  );
  return blocks(held, style).replace(HELD, (_m, index: string) => written[Number(index)] ?? "");
}

/** Private-use characters around the index of a written span while the Markdown around it is read. */
const HOLD_START = "\uE020";
const HOLD_END = "\uE021";
const HELD = /\uE020(\d+)\uE021/g;

/** A heading in a terminal: bold and underlined, or "== Title ==" in plain text. */
export function terminalHeading(text: string, style: TerminalStyle): string {
  return style === "ansi" ? `${ANSI.bold[0]}${ANSI.underline[0]}${text}${ANSI.underline[1]}${ANSI.bold[1]}` : `== ${text} ==`;
}

/** Fenced code is shown as it is (indented, dimmed in a terminal); the rest line by line. */
function blocks(markdown: string, style: TerminalStyle): string {
  return markdown
    .split(/(```[^\n]*\n[\s\S]*?```)/)
    .map((part) => {
      const fence = /^```[^\n]*\n([\s\S]*?)\n?```$/.exec(part);
      if (!fence)
        return part
          .split("\n")
          .map((line) => lineOf(line, style))
          .join("\n");
      return (fence[1] as string)
        .split("\n")
        .map((line) => styled(style, "dim", `    ${line}`))
        .join("\n");
    })
    .join("");
}

function lineOf(line: string, style: TerminalStyle): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return styled(style, "bold", inline(heading[1] as string, style));
  const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (item) return `${item[1]}• ${inline(item[2] as string, style)}`;
  return inline(line, style);
}

/** Code spans first, so what is inside them is never read as emphasis. */
function inline(text: string, style: TerminalStyle): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((piece) => (/^`[^`\n]+`$/.test(piece) ? styled(style, "code", piece.slice(1, -1)) : emphasis(piece, style)))
    .join("");
}

function emphasis(text: string, style: TerminalStyle): string {
  return text
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `${styled(style, "underline", label)} (${url})`)
    .replace(/\*\*([^*\n]+?)\*\*/g, (_m, inner: string) => styled(style, "bold", inner))
    .replace(/~~([^~\n]+?)~~/g, (_m, inner: string) => inner)
    .replace(/(^|[^\w*])\*([^*\s][^*\n]*?)\*(?![\w*])/g, (_m, before: string, inner: string) => `${before}${styled(style, "italic", inner)}`)
    .replace(/(^|[^\w])_([^_\s][^_\n]*?)_(?!\w)/g, (_m, before: string, inner: string) => `${before}${styled(style, "italic", inner)}`);
}
