import { mapReaderTimes, mapUserText } from "../../src/core/text.js";

/**
 * The core's Markdown to Slack mrkdwn. Slack parses `<…>` as links and mentions and `&` as the
 * start of an entity, so every `&`, `<` and `>` of the source is escaped first: a person who
 * types `<!channel>` or `<@U123>` gets those characters shown, never a broadcast or a ping.
 * Only links the core wrote as `[text](https://…)` become `<url|text>`.
 *
 * Text a person wrote (core/text.ts userText) must show as written, and mrkdwn has no escape
 * character: a backslash is shown as a backslash, and zero-width spaces around `*` or `_` make
 * Slack see word boundaries, so they turn formatting on rather than off. What Slack does show
 * as plain text is a date's fallback: `<!date^00000000^{_}|*>` has no valid date token, so the client
 * shows `*` as it is, unformatted. Runs of `*`, `_`, `~` and backticks in written text go
 * through that; a `>` opening a line (a quote even as `&gt;`) gets an invisible soft hyphen
 * before it; `&`, `<` and `>` are entities as everywhere. Emoji codes (`:white_check_mark:`) are
 * left alone.
 */

/** Escapes text for any mrkdwn field (also the top-level `text` fallback). */
export function escapeMrkdwn(text: string): string {
  return withSlackDates(mapUserText(text, writtenText, escapeCoreText));
}

/** Moments (core/text.ts readerTime) as Slack dates: each reader's client shows them in their own zone. */
function withSlackDates(mrkdwn: string): string {
  return mapReaderTimes(mrkdwn, (epoch, style, fallback) => `<!date^${epoch}^${style === "time" ? "{time}" : "{date_short_pretty} {time}"}|${fallback}>`);
}

/** Text a person wrote, in mrkdwn that Slack shows exactly as written (see above). */
export function writtenText(text: string): string {
  return escapeCoreText(text)
    .replace(/(:[a-z0-9_+'-]+:)|[*_~`]+/gi, (run: string, emoji: string | undefined) => emoji ?? `<!date^00000000^{_}|${run}>`)
    .replace(/^(\s*)&gt;/gm, "$1\u00AD&gt;");
}

function escapeCoreText(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Bare @channel/@here/@everyone only ping with link_names, which we never set; a zero-width
      // space keeps them inert even if a client parses them.
      .replace(/@(channel|here|everyone)\b/gi, "@\u200B$1")
  );
}

const FENCE = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE = /`[^`\n]+`/g;

/** Converts Markdown to mrkdwn, leaving code spans and fences as they are (escaped), and written text as written. */
export function toMrkdwn(markdown: string): string {
  return withSlackDates(
    mapUserText(markdown, writtenText, (core) => mapOutside(core, FENCE, (prose) => mapOutside(prose, INLINE_CODE, convertProse, escapeCode), escapeCode)),
  );
}

function escapeCode(code: string): string {
  // Broadcast words are defused here too: an unclosed fence in what a person typed runs to the
  // end of the message, and Slack does not treat it as code.
  return code
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, "@\u200B$1");
}

/** Applies `outside` to the text between matches of `pattern` and `inside` to the matches. */
function mapOutside(text: string, pattern: RegExp, outside: (s: string) => string, inside: (s: string) => string): string {
  let result = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    result += outside(text.slice(last, match.index)) + inside(match[0]);
    last = match.index + match[0].length;
  }
  return result + outside(text.slice(last));
}

/** Private-use characters mark converted bold and set-aside links while other rules run. */
const BOLD_MARK = "\uE000";
const LINK_MARK = "\uE001";

function convertProse(text: string): string {
  const links: string[] = [];
  // Links first, kept aside so their URLs are not touched by emphasis rules.
  const withoutLinks = text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
    if (!/^(https?:\/\/|mailto:)/i.test(url) || /[|<>]/.test(url)) return whole;
    links.push(`<${url.replace(/&/g, "&amp;")}|${escapeCoreText(label).replace(/\|/g, "¦")}>`);
    return `${LINK_MARK}${links.length - 1}${LINK_MARK}`;
  });
  return escapeCoreText(withoutLinks)
    .replace(/^#{1,6}\s+(.+)$/gm, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/\*\*(.+?)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/__(.+?)__/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/^(\s*)[-*+]\s+/gm, "$1• ")
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1_$2_")
    .replace(/~~(.+?)~~/g, "~$1~")
    .replace(new RegExp(BOLD_MARK, "g"), "*")
    .replace(new RegExp(`${LINK_MARK}(\\d+)${LINK_MARK}`, "g"), (_m, i: string) => links[Number(i)] ?? "");
}
